"""Search finds French words over HTTP and from file://, forgives accents, plurals and hyphens, and its results lead to the page.

Each test searches several times on one page load, and lists every search that missed.
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


def test_plurals_hyphens_and_accents_are_forgiven_and_results_show_the_text_as_written(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    singular = search(page, search_ui, "artisan")
    plural = search(page, search_ui, "artisans")
    assert "axes.html" in singular and "axes.html" in plural
    assert (plural == singular) is search_ui.folds_french
    # Hyphenated names are found word by word (the same accents where they are not folded).
    assert search(page, search_ui, "Lens-Liévin") == search(page, search_ui, "lens lievin" if search_ui.folds_french else "Lens Liévin")
    search(page, search_ui, "renovation energetique")
    marked = {word.lower() for text in page.locator(search_ui.marks).all_text_contents() for word in text.split()}  # Zensical marks phrases
    assert {"rénovation", "énergétique"} <= marked
