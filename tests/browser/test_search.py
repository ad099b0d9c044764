"""Search finds French words over HTTP and from file://, forgives accents, plurals and hyphens, and its results lead to the page."""

from __future__ import annotations

import pytest
from browsing import search, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

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
def test_search_finds_the_page(root: str, words: str, expected: str, page: Page) -> None:
    visit(page, root + "sources.html")
    assert expected in search(page, words)


def test_search_result_opens_its_page(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    search(page, "Griset")
    page.locator(".md-search-result__item > a[href$='partenaires.html']").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(root + "partenaires.html")


def test_search_says_when_nothing_is_found(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    assert search(page, "xylophone") == []
    assert page.locator(".md-search-result__meta").inner_text() == "Aucun document trouvé"


# Words as readers type them, without accents or hyphens, with the page they look for.
FORGIVEN = [
    ("renovation", "axes.html"),
    ("energetique", "axes.html"),
    ("lievin", "partenaires.html"),
    ("nord pas de calais", "partenaires.html"),  # « Nord – Pas-de-Calais »
]


@pytest.mark.parametrize(("words", "expected"), FORGIVEN)
def test_words_typed_without_accents_find_their_page(any_root: str, words: str, expected: str, page: Page) -> None:
    visit(page, any_root + "index.html")
    assert expected in search(page, words)


def test_singular_and_plural_find_the_same_pages(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    singular = search(page, "artisan")
    assert "axes.html" in singular
    assert search(page, "artisans") == singular


def test_hyphenated_names_are_found_word_by_word(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    assert search(page, "Lens-Liévin") == search(page, "lens lievin")


def test_results_show_the_text_as_written(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    search(page, "renovation energetique")
    marked = {word.lower() for word in page.locator(".md-search-result mark").all_text_contents()}
    assert {"rénovation", "énergétique"} <= marked
