"""Search finds French words over HTTP and from file://, forgives accents, plurals and hyphens, and its results lead to the page."""

from __future__ import annotations

import pytest
from browsing import SearchUI, search, visit
from playwright.sync_api import Page

# These tests check the project's French search (the theme's lunr with our accent folding). Zensical brings its own
# search, in English and without the folding: the accessibility suite opens its results, these tests do not (README).
pytestmark = [pytest.mark.browser, pytest.mark.parametrize("engine", ["mkdocs"], indirect=True)]

# Words of one page each (or nearly), with that page.
QUERIES = [
    ("numérique", "axes.html"),
    ("Griset", "partenaires.html"),
    ("140 000", "budget.html"),
    ("déclarations", "declarations.html"),
    ("RGAA", "accessibilite.html"),
    ("rénovation énergétique", "glossaire.html"),
]


@pytest.mark.parametrize(("words", "expected"), QUERIES)
def test_search_finds_the_page(root: str, search_ui: SearchUI, words: str, expected: str, page: Page) -> None:
    visit(page, root + "sources.html")
    assert expected in search(page, search_ui, words)


def test_search_result_opens_its_page(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    search(page, search_ui, "Griset")
    page.locator(search_ui.results).and_(page.locator("[href*='partenaires.html']")).first.click()
    page.wait_for_load_state()
    assert page.url.startswith(root + "partenaires.html")


def test_search_says_when_nothing_is_found(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    assert search(page, search_ui, "xylophone") == []
    assert page.locator(search_ui.status).inner_text() == search_ui.nothing


# Words as readers type them, without accents or hyphens, with the page they look for.
FORGIVEN = [
    ("renovation", "axes.html"),
    ("energetique", "axes.html"),
    ("lievin", "partenaires.html"),
    ("nord pas de calais", "partenaires.html"),  # « Nord – Pas-de-Calais »
]


@pytest.mark.parametrize(("words", "expected"), FORGIVEN)
def test_words_typed_without_accents_find_their_page(any_root: str, search_ui: SearchUI, words: str, expected: str, page: Page) -> None:
    visit(page, any_root + "index.html")
    assert expected in search(page, search_ui, words)


def test_singular_and_plural_find_the_same_pages(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    singular = search(page, search_ui, "artisan")
    plural = search(page, search_ui, "artisans")
    assert "axes.html" in singular and "axes.html" in plural
    assert (plural == singular) is search_ui.folds_french


def test_hyphenated_names_are_found_word_by_word(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    words = "lens lievin" if search_ui.folds_french else "Lens Liévin"  # the same accents where they are not folded
    assert search(page, search_ui, "Lens-Liévin") == search(page, search_ui, words)


def test_results_show_the_text_as_written(root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, root + "index.html")
    search(page, search_ui, "renovation energetique")
    marked = {word.lower() for text in page.locator(search_ui.marks).all_text_contents() for word in text.split()}  # Zensical marks phrases
    assert {"rénovation", "énergétique"} <= marked
