"""The home page prints on two A4 pages at most (what every page shows on paper: test_every_page.py)."""

from __future__ import annotations

import re

import pytest
from browsing import visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def count_pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF: its /Type /Page objects (not /Pages, their tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def test_pdf_page_count_counts_pages(page: Page) -> None:
    page.set_content('<p>un</p><p style="break-before: page">deux</p><p style="break-before: page">trois</p>')
    assert count_pdf_pages(page.pdf(format="A4")) == 3


def test_home_prints_on_at_most_two_a4_pages(http_root: str, page: Page) -> None:
    visit(page, http_root + "index.html")
    assert 1 <= count_pdf_pages(page.pdf(format="A4")) <= 2
