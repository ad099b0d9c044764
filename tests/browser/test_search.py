"""Search finds French words over HTTP and from file://, forgives accents, plurals and hyphens, and its results lead to the page.

Each test searches several times on one page load, and lists every search that missed. Over HTTP the search worker
reads the index as JSON, from files as a script (s6_package.SEARCH_INDEX_SCRIPTS): the same index, built by the same
lunr with the same French folding. The first tests load it each way (and from the unzipped copy); the folding's finer
points (plurals, numbers, typos, ranking) are checked once, over HTTP.
"""

from __future__ import annotations

import pytest
from browsing import ON_DEFAULT_ENGINE, SearchUI, search, visit
from playwright.sync_api import Page

# These tests check the project's French search (the theme's lunr with our accent folding). Zensical brings its own
# search, in English and without the folding: the accessibility suite opens its results, these tests do not (README).
pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]

# Words of one page each (or nearly), with that page.
QUERIES = [
    ("numérique", "axes.html"),
    ("Griset", "partenaires.html"),
    ("140 000", "budget.html"),
    ("déclarations", "declarations.html"),
    ("RGAA", "accessibilite.html"),
    ("rénovation énergétique", "glossaire.html"),
]


def missed(page: Page, ui: SearchUI, queries: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """The queries whose expected page is not among the results: (words, expected page, the pages found)."""
    return [(words, expected, found) for words, expected in queries if expected not in (found := search(page, ui, words))]


def test_search_finds_the_page_and_says_when_nothing_is_found(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "sources.html")
    assert missed(page, search_ui, QUERIES) == []
    assert search(page, search_ui, "xylophone") == []
    assert page.locator(search_ui.status).inner_text() == search_ui.nothing


def test_search_result_opens_its_page(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    search(page, search_ui, "Griset")
    page.locator(search_ui.results).and_(page.locator("[href*='partenaires.html']")).first.click()
    page.wait_for_load_state()
    assert page.url.startswith(root + "partenaires.html")


# Words as readers type them, without accents or hyphens, with the page they look for.
FORGIVEN = [
    ("renovation", "axes.html"),
    ("energetique", "axes.html"),
    ("lievin", "partenaires.html"),
    ("nord pas de calais", "partenaires.html"),  # « Nord – Pas-de-Calais »
]


def test_words_typed_without_accents_find_their_page(any_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, any_root + "index.html")
    assert missed(page, search_ui, FORGIVEN) == []


def test_plurals_hyphens_and_accents_are_forgiven_and_results_show_the_text_as_written(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "index.html")
    singular = search(page, search_ui, "artisan")
    plural = search(page, search_ui, "artisans")
    assert "axes.html" in singular and "axes.html" in plural
    assert (plural == singular) is search_ui.folds_french
    # Hyphenated names are found word by word (the same accents where they are not folded).
    assert search(page, search_ui, "Lens-Liévin") == search(page, search_ui, "lens lievin" if search_ui.folds_french else "Lens Liévin")
    search(page, search_ui, "renovation energetique")
    marked = {word.lower() for text in page.locator(search_ui.marks).all_text_contents() for word in text.split()}  # Zensical marks phrases
    assert {"rénovation", "énergétique"} <= marked


# Numbers as readers type them, without the spaces the site writes (« 140 000 », « 46 667 »), and the page they
# look for, first.
NUMBERS = [("140000", "budget.html"), ("46667", "budget.html"), ("140 000", "budget.html")]


def test_numbers_typed_without_their_spaces_find_the_grouped_numbers(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "index.html")
    firsts = {words: search(page, search_ui, words)[0] for words, _ in NUMBERS}
    assert firsts == dict(NUMBERS)
    assert {"index.html", "territoire.html", "declarations.html"} <= set(search(page, search_ui, "5400"))  # « 5 400 salariés »
    assert search(page, search_ui, "20172020") == []  # « 2017-2020 » is two years, not a number
    # The whole number is highlighted, once: the result's text reads as the page writes it.
    search(page, search_ui, "140000")
    result = page.locator(".md-search-result__item", has=page.locator("a[href$='budget.html#budget']"))
    assert result.locator("mark").all_text_contents()[:2] == ["140", "000"]
    assert "Montant consacré au plan : 140 000 €" in result.inner_text().replace("\u202f", " ")
    assert "rk>" not in result.inner_text() and "<mark" not in result.inner_text()


# One typo in a word of five letters or more, and the page that holds the word meant; shorter words forgive none.
# « signature » is the subject of two pages: the partners' (who signed) and the calendar's (when).
SIGNING = {"partenaires.html", "calendrier.html"}
TYPOS = [("artisanna", {"territoire.html"}), ("lievn", {"communes.html"}), ("renovaton", {"axes.html"}), ("signatrue", SIGNING)]


def test_one_typo_is_forgiven_after_the_exact_words(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "index.html")
    firsts = {words: search(page, search_ui, words)[0] for words, _ in TYPOS}
    assert [words for words, pages in TYPOS if firsts[words] not in pages] == [], firsts
    assert page.locator(".md-search-result").get_by_text("Non trouvé").count() > 0  # the word typed is said missing
    assert search(page, search_ui, "lems") == []  # four letters: no typo forgiven, nothing found
    # A page that holds the exact word comes before pages found through a typo: « artisan » is in a title of
    # the axes page, « artisans » (one letter away from « artisant ») in many.
    assert search(page, search_ui, "artisan")[0] == search(page, search_ui, "artisans")[0]


# Words whose subject is one page (its title, a commune's card), and that page, first: not the page about the site
# that mentions them, nor the partners' page whose titles hold them among other words.
SUBJECTS = [("signature", SIGNING), ("lievin", {"communes.html"}), ("budget", {"budget.html"}), ("Griset", {"partenaires.html"})]


def test_the_page_whose_subject_is_the_query_comes_first(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "index.html")
    firsts = {words: search(page, search_ui, words)[0] for words, _ in SUBJECTS}
    assert [words for words, pages in SUBJECTS if firsts[words] not in pages] == [], firsts
