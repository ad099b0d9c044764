"""« Ma commune est-elle concernée ? » for any commune of the département: the page's lookup answers member, not a
member and of which intercommunality, every commune of a shared postal code, or the closest names; the site search
leads to the same answers, a member's card first."""

from __future__ import annotations

import re

import pytest
from browsing import ON_DEFAULT_ENGINE, PHONE, ContextFactory, SearchUI, Watch, search, visit
from playwright.sync_api import Page, Request

from callcma.stages.s4_render import LOOKUP_SCRIPT

# The lookup is the site's own script: its tests run on the default engine's site (browsing.ON_DEFAULT_ENGINE); the
# site search's finding any commune is checked on both engines.
pytestmark = pytest.mark.browser

PAGE = "communes.html"
OTHERS = "autres-communes.html"

# What a reader types in the site search, and the answer that must come first (the first section of the first page).
SEARCHED = [
    ("benifontaine", f"{PAGE}#commune-62107"),  # Bénifontaine, without its accent
    ("Gouy-Servins", f"{PAGE}#commune-62380"),
    ("fouquieres les lens", f"{PAGE}#commune-62351"),  # Fouquières-lès-Lens, without accents or hyphens
    ("lievin", f"{PAGE}#commune-62510"),  # before the partners' page, whose titles name Lens-Liévin
    ("lens", f"{PAGE}#commune-62498"),  # before Fouquières-lès-Lens, Loison-sous-Lens…
    ("62210", f"{PAGE}#commune-62065"),  # Avion's postal code
    ("Arras", f"{OTHERS}#epci-200033579"),  # not a member: the list of its intercommunality
    ("Béthune", f"{OTHERS}#epci-200072460"),
    ("Hénin-Beaumont", f"{OTHERS}#epci-246200299"),
]


def first_answer(results: list[str]) -> str:
    """The first section of the results (Material lists each page before its sections; Zensical, sections only)."""
    return next(result for result in results if "#" in result)


# Found by the project's French search only: Zensical's engine folds accents one way only (README, Two engines).
FOLDED_ONLY = {"fouquieres les lens"}


# From file:// (the search's harder case: its index comes through a script); test_search.py searches over HTTP too.
def test_the_site_search_finds_any_commune_a_member_s_card_first(file_root: str, search_ui: SearchUI, page: Page, watch: Watch) -> None:
    root = file_root
    visit(page, root + "index.html")
    expected = {words: answer for words, answer in SEARCHED if search_ui.folds_french or words not in FOLDED_ONLY}
    assert {words: first_answer(search(page, search_ui, words, anchors=True)) for words in expected} == expected
    # A postal code shared with communes outside the CALL: the member's card, then their intercommunality's list.
    shared = [result for result in search(page, search_ui, "62320", anchors=True) if "#" in result]
    assert shared[:2] == [f"{PAGE}#commune-62003", f"{OTHERS}#epci-246200299"]
    page.locator(f"{search_ui.results}[href$='{OTHERS}#epci-246200299']").first.click()
    page.wait_for_load_state()
    assert page.url == root + f"{OTHERS}#epci-246200299"
    assert page.locator("#epci-246200299").is_visible()
    assert page.locator("ul.autres-communes li", has_text="Rouvroy (62320)").is_visible()
    assert watch.problems == []


def status(page: Page, words: str) -> str:
    """What the lookup answers to ``words``, once the territory is loaded, spaces as a reader reads them."""
    page.locator("#filtre-communes").fill(words)
    answer = page.locator(".filtre-communes [role=status]")
    answer.filter(has_not_text="Chargement").wait_for()
    return " ".join(answer.inner_text().replace("\u202f", " ").split())


def cards(page: Page) -> list[str]:
    """The member communes' cards still shown, by INSEE code."""
    return page.locator(".commune:visible").evaluate_all("cards => cards.map(card => card.dataset.insee)")


NOT_MEMBER = "n’est pas membre de la CALL ; elle fait partie de l’intercommunalité"
OTHER_LIST = "Voir les communes de cette intercommunalité"
# What a reader types in the lookup, what it answers, and the member cards it leaves shown.
ANSWERS = [
    ("Arras", f"Arras {NOT_MEMBER} « CU d'Arras ». {OTHER_LIST}", []),
    ("Liévin", f"2 communes correspondent à « Liévin » : Liévin est membre de la CALL. Voir sa fiche Merck-Saint-Liévin {NOT_MEMBER} « CA du Pays de Saint-Omer ». {OTHER_LIST}", ["62510"]),
    # The shared postal code: one member and three communes of another intercommunality, each said.
    ("62320", f"4 communes ont le code postal 62320 : Acheville est membre de la CALL. Voir sa fiche "
              f"Bois-Bernard {NOT_MEMBER} « CA d'Hénin-Carvin ». {OTHER_LIST} Drocourt {NOT_MEMBER} « CA d'Hénin-Carvin ». {OTHER_LIST} "
              f"Rouvroy {NOT_MEMBER} « CA d'Hénin-Carvin ». {OTHER_LIST}", ["62003"]),
    ("62 320", None, ["62003"]),  # the same, typed with a space
    ("623", "Un code postal a cinq chiffres.", []),
    # Typos: never « not a member ».
    ("st nazaire", "Ablain-Saint-Nazaire est membre de la CALL. Voir sa fiche", ["62001"]),
    ("lievn", "Aucune commune du Pas-de-Calais ne correspond à « lievn ». Vouliez-vous dire : Liévin ?", []),
    ("xyzzy", "Aucune commune du Pas-de-Calais ne correspond à « xyzzy ». Vérifiez l’orthographe, ou tapez le code postal.", []),
    # A former commune: its commune, then that commune's answer.
    ("Berguette", f"Berguette est une commune associée à Isbergues. Isbergues {NOT_MEMBER} « CA de Béthune-Bruay, Artois-Lys Romane ». {OTHER_LIST}", []),
    ("BENIFONTAINE", "Bénifontaine est membre de la CALL. Voir sa fiche", ["62107"]),
]


# From file:// (the territory comes through a script element, as a fetch() of JSON would fail there); over HTTP below.
@ON_DEFAULT_ENGINE
def test_the_lookup_answers_for_any_commune_of_the_departement(file_root: str, page: Page, watch: Watch) -> None:
    root = file_root
    visit(page, root + PAGE)
    answers = {words: (status(page, words), cards(page)) for words, _, _ in ANSWERS}
    assert answers == {words: (expected if expected is not None else answers["62320"][0], shown) for words, expected, shown in ANSWERS}
    # A suggestion answers for the name it suggests.
    status(page, "lievn")
    page.get_by_role("button", name="Liévin").click()
    assert page.locator("#filtre-communes").input_value() == "Liévin"
    assert cards(page) == ["62510"]
    # Emptied, the field shows every member again.
    page.locator("#filtre-communes").fill("")
    assert page.locator(".filtre-communes [role=status]").inner_text() == ""
    assert len(cards(page)) == 36
    # Each answer's link: a member's card on this page, another commune's intercommunality on the other page.
    status(page, "62320")
    links = page.locator(".filtre-communes [role=status] a")
    assert links.first.get_attribute("href") == "#commune-62003"
    links.first.click()
    assert page.locator("#commune-62003").is_visible()
    assert links.nth(1).get_attribute("href") == f"{OTHERS}#epci-246200299"
    links.nth(1).click()
    page.wait_for_load_state()
    assert page.url == root + f"{OTHERS}#epci-246200299"
    assert page.locator("#epci-246200299").is_visible()
    assert watch.problems == []


@ON_DEFAULT_ENGINE
def test_the_longest_answer_fits_a_phone(file_root: str, new_context: ContextFactory, watch: Watch) -> None:
    page = new_context(viewport=PHONE).new_page()
    visit(page, file_root + PAGE)
    status(page, "62320")
    answer = page.locator(".filtre-communes [role=status]")
    answer.scroll_into_view_if_needed()
    assert answer.bounding_box()["width"] <= PHONE["width"]
    width, visible = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width <= visible
    assert watch.problems == []


@ON_DEFAULT_ENGINE
def test_the_territory_is_loaded_only_when_the_lookup_is_used(http_root: str, page: Page, watch: Watch) -> None:
    requested: list[str] = []

    def note(request: Request) -> None:
        requested.append(request.url.removeprefix(http_root))

    page.on("request", note)
    visit(page, http_root + "index.html", settle=True)
    visit(page, http_root + PAGE, settle=True)
    assert LOOKUP_SCRIPT not in requested
    assert [name for name in requested if name.endswith("communes.js")] == ["assets/javascripts/communes.js"]  # on its page only
    with page.expect_request(http_root + LOOKUP_SCRIPT):
        page.locator("#filtre-communes").focus()
    status(page, "Arras")
    status(page, "Lens")
    assert requested.count(LOOKUP_SCRIPT) == 1
    assert watch.problems == []


@ON_DEFAULT_ENGINE
def test_without_javascript_the_members_are_listed_and_the_others_a_link_away(http_root: str, new_context: ContextFactory) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(http_root + PAGE)
    assert page.locator(".commune:visible").count() == 36
    assert not page.locator(".filtre-communes").is_visible()
    help_text = page.locator("article p", has_text="Votre commune n’est pas dans la liste")
    assert re.search(r"Elle n’est pas membre de la CALL\. La page Les autres communes du département donne", help_text.inner_text().replace("\u202f", " "))
    help_text.get_by_role("link", name="Les autres communes du département").click()
    page.wait_for_load_state()
    assert page.url == http_root + OTHERS
    assert page.locator("ul.autres-communes li").count() == 887 - 36
