"""Independent validators on the built site: LinkChecker (links over HTTP, links in the unzipped offline copy from
file://, and anchors there with the default engine) and the sitemaps.org schema (with the site's address; none
without) on both engines' sites, and pa11y (HTML_CodeSniffer, WCAG 2 AA) on every page, of the site's own markup.

LinkChecker drops its privileges to « nobody » when run as root: the trees it reads from files are copied into a
folder everyone may read. pa11y runs on Debian's Chromium, from tests/pa11y (npm ci with PUPPETEER_SKIP_DOWNLOAD=1).
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from callcma.engines import DEFAULT_ENGINE, ENGINES
from callcma.settings import CACHE_FOLDER, CHROMIUM, CHROMIUM_FLAGS, OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME
from callcma.site_config import read_site_config
from helpers import PROJECT
from html_page import read_html

SITEMAP_SCHEMA = Path(__file__).parent / "schemas" / "sitemap.xsd"
PA11Y = Path(__file__).parent / "pa11y"
PAGES = [page.html for page in read_site_config(PROJECT.mkdocs_config).pages] + ["404.html"]
ADDRESS = "https://exemple.org/convention/"

# LinkChecker's own command line, with one change: a page is parsed once, not again for each of its anchors that a link
# names (its anchor check parses the page for every « page.html#… », hundreds of times here, for the same result).
LINKCHECKER = """
import functools, sys
from linkcheck.checker import urlbase
from linkcheck.htmlutil import htmlsoup
from linkcheck.command.linkchecker import linkchecker
parse = functools.lru_cache(maxsize=None)(htmlsoup.make_soup)
urlbase.htmlsoup = type("htmlsoup", (), {"make_soup": staticmethod(lambda markup, from_encoding=None: parse(markup, from_encoding))})
sys.argv[0] = "linkchecker"
linkchecker()
"""


@pytest.fixture(scope="module")
def readable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder that LinkChecker, dropped to « nobody », may read (pytest's own are root's only)."""
    folder = Path(tempfile.mkdtemp(prefix="callcma-validators-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def readable_copy(tree: Path, into: Path) -> Path:
    shutil.copytree(tree, into)
    for path in [into, *into.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return into


def unzipped(site: Path, into: Path) -> Path:
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        archive.extractall(into)
    return readable_copy(into / OFFLINE_ZIP_FOLDER, into / "lisible")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass

    def end_headers(self) -> None:
        # A site tells LinkChecker that it may check it at full speed with this header (otherwise it waits 0.1 to 0.6 s
        # between two requests to a host); maxrequestspersecond (linkchecker()) then sets the pace.
        self.send_header("LinkChecker", "unthrottled")
        super().end_headers()


@functools.cache
def _served(site: Path) -> str:
    """The site over HTTP on 127.0.0.1, for the rest of the session."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def linkchecker(*start: str, anchors: bool, depth: int = -1) -> subprocess.CompletedProcess[str]:
    """LinkChecker on the site's own links (others are not followed), with anchors or without, from the pages ``start``,
    following links ``depth`` pages deep (-1: the whole site)."""
    config = Path(tempfile.mkdtemp(prefix="callcma-linkchecker-")) / "linkcheckerrc"
    config.parent.chmod(0o755)
    # The site is served on 127.0.0.1 for this test alone (Quiet): no need to spare the host.
    config.write_text("[checking]\nmaxrequestspersecond=1000\n" + ("[AnchorCheck]\n" if anchors else ""), encoding="utf-8")
    try:
        command = [sys.executable, "-c", LINKCHECKER, "--no-status", "--config", str(config), "--recursion-level", str(depth), *start]
        return subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ | {"HOME": str(config.parent)})
    finally:
        shutil.rmtree(config.parent, ignore_errors=True)


def starts(root: str) -> list[str]:
    """Every page of the site: the 404 page, which no page links to, is checked too."""
    return [root + name for name in PAGES]


@pytest.mark.parametrize("engine", list(ENGINES))
def test_linkchecker_finds_no_broken_link_over_http_or_in_the_offline_copy_from_files(engine: str, build_site, readable: Path) -> None:
    # The offline copy, unzipped and opened from file://, holds the site's pages but for the two a copy needs changed
    # (s6_package.offline_content); site/ itself from file:// is checked by tests/test_links.py's own reading.
    site = build_site(engine)
    trees = {"http": _served(site), "zip": unzipped(site, readable / f"{engine}-zip").as_uri() + "/"}
    failed = {}
    for where, root in trees.items():
        # Anchors once, in the default engine's offline copy (file://), where the check parses every page linked (9 s);
        # each engine's anchors, in site/ and in its copy, are read from the HTML by tests/test_links.py.
        result = linkchecker(*starts(root), anchors=where == "zip" and engine == DEFAULT_ENGINE)
        if result.returncode != 0:
            failed[where] = result.stdout[-3000:]
    assert failed == {}


def test_linkchecker_sees_a_dead_link_and_a_missing_anchor(readable: Path, built_site: Path) -> None:
    tree = readable_copy(built_site, readable / "broken")
    page = tree / "budget.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<a href="absente.html">x</a><a href="index.html#nulle-part">y</a></article>', 1), encoding="utf-8")
    result = linkchecker(page.as_uri(), anchors=True, depth=1)
    assert result.returncode == 1
    assert "`absente.html'" in result.stdout and "Anchor `nulle-part'" in result.stdout


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory, copy_repo, callcma) -> dict[str, Path]:
    """Each engine's site built with the site's address."""
    sites: dict[str, Path] = {}
    for engine in ENGINES:
        root = copy_repo(tmp_path_factory.mktemp(f"addressed-{engine}") / "repo")
        for built in sites.values():  # the same edition, with the same address: laid out once (files.cached)
            shutil.copytree(built.parent / CACHE_FOLDER, root / CACHE_FOLDER, dirs_exist_ok=True)
        result = callcma(root, "site", "--engine", engine, env={"CALLCMA_SITE_URL": ADDRESS})
        assert result.returncode == 0, result.stdout + result.stderr
        sites[engine] = root / "site"
    return sites


def sitemap_errors(xml: bytes) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SITEMAP_SCHEMA)))
    document = etree.fromstring(xml)
    return [] if schema.validate(document) else [str(error) for error in schema.error_log]


@pytest.mark.parametrize("engine", list(ENGINES))
def test_with_an_address_the_sitemap_lists_every_page_and_follows_the_schema(engine: str, addressed: dict[str, Path]) -> None:
    site = addressed[engine]
    xml = (site / "sitemap.xml").read_bytes()
    assert sitemap_errors(xml) == []
    locations = sorted(location.text for location in etree.fromstring(xml).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
    assert locations == sorted(ADDRESS + name for name in PAGES if name != "404.html")
    if (site / "sitemap.xml.gz").exists():  # MkDocs writes both
        assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == xml


@pytest.mark.parametrize("engine", list(ENGINES))
def test_with_an_address_pages_name_it_as_canonical_and_in_their_citation(engine: str, addressed: dict[str, Path]) -> None:
    budget = read_html(addressed[engine] / "budget.html")
    assert "canonical" in budget.attributes and f"{ADDRESS}budget.html" in budget.attributes
    assert " ".join(budget.text_by_id["citation-texte"].split()).endswith(f", {ADDRESS}budget.html.")
    # The 404 page links to the address: it works wherever the host serves it (finish.py).
    assert f"{ADDRESS}index.html" in read_html(addressed[engine] / "404.html").attributes


@pytest.mark.parametrize("engine", list(ENGINES))
def test_without_an_address_there_is_no_sitemap(engine: str, build_site) -> None:
    assert sorted(path.name for path in build_site(engine).glob("sitemap*")) == []


def test_the_schema_refuses_the_empty_sitemap_the_engines_write_without_an_address() -> None:
    empty = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>'
    assert sitemap_errors(empty) != []


# The theme's own markup, which pa11y does not judge here: Material's palette switch and search form (a form that its
# script needs, answering as one types), the table of contents' hidden toggle on a page without one, and the iframe
# that the offline copy's worker shim adds from file://. The site's own forms are not hidden: the communes lookup is
# a search field without a form, which HTML_CodeSniffer's H32 (a form needs a submit button) does not ask about.
THEME_MARKUP = "form[data-md-component=palette], form.md-search__form, #__toc, body > iframe"


def pa11y(addresses: list[str], hidden: str = THEME_MARKUP) -> dict[str, list[dict[str, str]]]:
    runner = PA11Y / "node_modules" / "pa11y"
    assert runner.is_dir(), f"{runner} is missing: run `make test`, or PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --prefix tests/pa11y"
    command = ["node", str(PA11Y / "run.mjs"), CHROMIUM, " ".join(CHROMIUM_FLAGS), hidden, *addresses]
    result = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ | {"PUPPETEER_SKIP_DOWNLOAD": "1"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pa11y_finds_no_error_in_the_site_s_own_markup(built_site: Path) -> None:
    # The site's own markup (its pages' content, overrides/) is the same with either engine; what differs is the
    # theme's, which pa11y does not judge here (THEME_MARKUP): one engine's site is checked, page by page.
    found = pa11y(starts(built_site.as_uri() + "/"))
    assert {address.rpartition("/")[2]: issues for address, issues in found.items() if issues} == {}


def test_pa11y_sees_a_form_without_a_submit_button(built_site: Path, tmp_path: Path) -> None:
    tree = tmp_path / "site"
    shutil.copytree(built_site, tree, ignore=shutil.ignore_patterns(OFFLINE_ZIP_NAME))
    page = tree / "communes.html"
    page.write_text(page.read_text(encoding="utf-8").replace('<div class="filtre-communes" role="search"', '<form class="filtre-communes" role="search"', 1), encoding="utf-8")
    [issues] = pa11y([page.as_uri()]).values()
    assert [issue["code"] for issue in issues] == ["WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2"]
