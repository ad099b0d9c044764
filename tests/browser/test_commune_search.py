"""« Ma commune est-elle concernée ? »: the site search and the list's filter lead a reader to their commune's row."""

from __future__ import annotations

import pytest
from browsing import ContextFactory, SearchUI, search, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# What a reader types, and the row (commune-<INSEE code>) it must lead to.
TYPED = [
    ("benifontaine", "commune-62107"),  # Bénifontaine, without its accent
    ("Gouy-Servins", "commune-62380"),
    ("fouquieres les lens", "commune-62351"),  # Fouquières-lès-Lens, without accents or hyphens
    ("62300", "commune-62498"),  # Lens's postal code
]
PAGE = "communes.html"


@pytest.mark.parametrize(("words", "row"), TYPED)
# The site search of the French lunr index with our folding (MkDocs); Zensical's own search is not ours (README).
@pytest.mark.parametrize("engine", ["mkdocs"], indirect=True)
def test_site_search_leads_to_the_row(engine: str, any_root: str, words: str, row: str, page: Page, search_ui: SearchUI) -> None:
    visit(page, any_root + "index.html")
    assert f"{PAGE}#{row}" in search(page, search_ui, words, anchors=True)
    page.locator(f".md-search-result__item a[href$='{PAGE}#{row}']").first.click()
    page.wait_for_load_state()
    assert page.url == any_root + f"{PAGE}#{row}"
    assert page.locator(f"#{row}").is_visible()


@pytest.mark.parametrize(("words", "row"), TYPED)
def test_the_filter_keeps_the_row_and_says_how_many(root: str, words: str, row: str, page: Page) -> None:
    visit(page, root + PAGE)
    page.locator("#filtre-communes").fill(words)
    shown = page.locator(".commune:visible h3").evaluate_all("headings => headings.map(heading => heading.id)")
    assert row in shown
    assert len(shown) < 36
    assert page.locator(".filtre-communes [role=status]").inner_text() == f"{len(shown)} commune(s) sur 36 correspondent à la recherche."


def test_the_filter_says_when_no_commune_matches(root: str, page: Page) -> None:
    visit(page, root + PAGE)
    page.locator("#filtre-communes").fill("Arras")
    assert page.locator(".commune:visible").count() == 0
    assert page.locator(".filtre-communes [role=status]").inner_text().startswith("Aucune commune de la liste ne correspond")
    page.locator("#filtre-communes").fill("")
    assert page.locator(".commune:visible").count() == 36


def test_the_list_is_complete_without_javascript(http_root: str, new_context: ContextFactory) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto(http_root + PAGE)
    assert page.locator(".commune:visible").count() == 36
    assert not page.locator("form.filtre-communes").is_visible()
