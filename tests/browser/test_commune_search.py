"""« Ma commune est-elle concernée ? »: the site search and the list's filter lead a reader to their commune's row."""

from __future__ import annotations

import pytest
from browsing import ON_DEFAULT_ENGINE, ContextFactory, SearchUI, search, visit
from playwright.sync_api import Page

# The site search is the French lunr index with our folding (MkDocs); Zensical's own search is not ours (README).
pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]

# What a reader types, and the row (commune-<INSEE code>) it must lead to.
TYPED = [
    ("benifontaine", "commune-62107"),  # Bénifontaine, without its accent
    ("Gouy-Servins", "commune-62380"),
    ("fouquieres les lens", "commune-62351"),  # Fouquières-lès-Lens, without accents or hyphens
    ("62300", "commune-62498"),  # Lens's postal code
]
PAGE = "communes.html"


def test_site_search_leads_to_the_row(any_root: str, page: Page, search_ui: SearchUI) -> None:
    visit(page, any_root + "index.html")
    missed = []
    for words, row in TYPED:  # each search from the page the last one led to
        found = search(page, search_ui, words, anchors=True)
        if f"{PAGE}#{row}" not in found:
            missed.append((words, row, found))
            continue
        page.locator(f".md-search-result__item a[href$='{PAGE}#{row}']").first.click()
        page.wait_for_url(any_root + f"{PAGE}#{row}")
        if not page.locator(f"#{row}").is_visible():
            missed.append((words, row, "row not shown"))
    assert missed == []


def test_the_filter_keeps_the_row_and_says_how_many(root: str, page: Page) -> None:
    visit(page, root + PAGE)
    wrong = []
    for words, row in TYPED:
        page.locator("#filtre-communes").fill(words)
        shown = page.locator(".commune:visible h3").evaluate_all("headings => headings.map(heading => heading.id)")
        status = page.locator(".filtre-communes [role=status]").inner_text()
        if row not in shown or not 0 < len(shown) < 36 or status != f"{len(shown)} commune(s) sur 36 correspondent à la recherche.":
            wrong.append((words, row, shown, status))
    assert wrong == []
    # When no commune matches, it says so; emptied, the filter shows them all again.
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
