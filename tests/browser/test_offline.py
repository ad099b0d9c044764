"""The offline download, unzipped anywhere, is a working site (its links: tests/test_links.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from browsing import SearchUI, Watch, search, visit
from playwright.sync_api import Page

from callcma.settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME

pytestmark = pytest.mark.browser


def test_unzipped_download_works_from_any_folder(site_dir: Path, search_ui: SearchUI, tmp_path: Path, page: Page, watch: Watch) -> None:
    folder = tmp_path / "Mes documents" / "copie à lire"  # spaces and accents in the path, as on a real disk
    with zipfile.ZipFile(site_dir / OFFLINE_ZIP_NAME) as archive:
        archive.extractall(folder)
    home = folder / OFFLINE_ZIP_FOLDER / "index.html"
    visit(page, home.as_uri(), settle=True)
    page.locator("a.md-footer__link--next").click()
    page.wait_for_load_state()
    assert page.url == (home.parent / "convention.html").as_uri()
    assert "partenaires.html" in search(page, search_ui, "Griset")
    assert watch.problems == []
