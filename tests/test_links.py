"""Every link of every page leads to a file and an element of the site, in site/ and in the unzipped offline copy, for
each engine: the links read from the HTML, as a reader of the files meets them (the browser tests click through the
navigation over HTTP and check each page's links as the browser resolves them: browser/test_every_page.py)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin

import pytest
from helpers import PROJECT
from html_page import broken_link, read_html

from callcma.engines import ENGINES
from callcma.settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME
from callcma.site_config import read_site_config

PAGES = [page.html for page in read_site_config(PROJECT.mkdocs_config).pages]


@pytest.fixture(scope="module", params=[(engine, copy) for engine in ENGINES for copy in ("site", "zip")], ids="-".join)
def folder(request: pytest.FixtureRequest, build_site: Callable[[str], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site of an engine, or its offline zip unzipped."""
    engine, copy = request.param
    site = build_site(engine)
    if copy == "site":
        return site
    target = tmp_path_factory.mktemp(f"unzipped-{engine}")
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        archive.extractall(target)
    return target / OFFLINE_ZIP_FOLDER


def broken_links(folder: Path) -> list[str]:
    """Each broken link of each page of the folder, with the page it is on."""
    root = folder.as_uri() + "/"
    found = []
    for path in sorted(folder.glob("*.html")):
        for href in read_html(path).links:
            problem = broken_link(urljoin(path.as_uri(), href), root, folder)
            if problem:
                found.append(f"{path.name}: {problem.removeprefix(root)}")
    return found


def test_every_link_leads_to_a_file_and_an_element(folder: Path) -> None:
    assert broken_links(folder) == []


def test_every_page_of_the_navigation_is_reached_from_the_home_page(folder: Path) -> None:
    root = folder.as_uri() + "/"
    reached, queue = set(), ["index.html"]
    while queue:
        name = queue.pop()
        if name in reached:
            continue
        reached.add(name)
        for href in read_html(folder / name).links:
            target = urljoin(root + name, href).partition("#")[0].removeprefix(root)
            if target.endswith(".html") and "/" not in target and (folder / target).is_file():
                queue.append(target)
    assert sorted(reached) == sorted(PAGES)


@pytest.mark.parametrize("name", ["index.html", "sources.html"])
def test_page_links_to_the_offline_download_in_its_text(folder: Path, name: str) -> None:
    article = (folder / name).read_text(encoding="utf-8").partition("<article")[2].partition("</article>")[0]
    # The offline copy cannot hold itself: without the site's address, its pages name the download without a link.
    linked = folder.name != OFFLINE_ZIP_FOLDER
    assert (f'href="{OFFLINE_ZIP_NAME}"' in article) == linked
    assert "Télécharger tout le site (zip)" in article


def test_a_broken_link_and_a_missing_anchor_are_reported(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text('<p id="ici"><a href="#ici">ok</a> <a href="#absent">ancre</a> <a href="perdue.html">page</a></p>', encoding="utf-8")
    assert broken_links(tmp_path) == ["index.html: index.html#absent: no element has this id", "index.html: perdue.html: no such file"]
