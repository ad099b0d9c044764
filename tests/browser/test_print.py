"""Printing gives the page alone, footnotes and their quotes included, dark text on white; the home page fits two A4 pages."""

from __future__ import annotations

import re

import pytest
from browsing import PAGES, ContextFactory, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Header (with the search), sidebars, previous/next links, back-to-top button.
CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer__inner", ".md-search", ".md-top"]


def count_pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its /Type /Page objects (not /Pages, their tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def test_pdf_page_count_counts_pages(page: Page) -> None:
    page.set_content('<p>un</p><p style="break-before: page">deux</p><p style="break-before: page">trois</p>')
    assert count_pdf_pages(page.pdf(format="A4")) == 3


def test_home_prints_on_at_most_two_a4_pages(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    assert 1 <= count_pdf_pages(page.pdf(format="A4")) <= 2


@pytest.mark.parametrize("name", PAGES)
def test_print_shows_the_page_without_navigation_and_with_its_notes(http_root: str, name: str, page: Page) -> None:
    visit(page, http_root + name)
    page.emulate_media(media="print")
    shown = {selector: page.locator(selector).first.is_visible() for selector in CHROME}
    assert shown == dict.fromkeys(CHROME, False)
    assert page.locator("article h1").is_visible()
    assert page.locator(".md-copyright__highlight").is_visible()
    notes = page.locator(".footnote li")
    for index in range(notes.count()):
        assert notes.nth(index).is_visible()
        # A note quotes its source, or names the official record that proves the value (issue 12).
        assert notes.nth(index).inner_text().startswith(("«", "Enregistrement "))


def test_dark_palette_prints_dark_text(http_root: str, new_context: ContextFactory) -> None:
    page = new_context(color_scheme="dark").new_page()
    visit(page, http_root + "territoire.html")
    page.emulate_media(media="print")
    red, green, blue = (int(value) for value in re.findall(r"\d+", page.locator("article p").first.evaluate("p => getComputedStyle(p).color"))[:3])
    assert max(red, green, blue) < 100
