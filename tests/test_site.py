"""The built site: a strict MkDocs build that carries every fact, its quote and its certainty."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from callcma import build
from callcma.model import Dataset
from callcma.settings import ROOT
from callcma.site_config import read_site_config


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build.check_data()


class _TextAndIds(HTMLParser):
    """Collects an HTML page's visible text of <article> and the ids of its elements."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if tag == "html":
            self.lang = attributes.get("lang") or ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(path: Path) -> _TextAndIds:
    parser = _TextAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_every_fact_has_an_anchor_on_the_site(site: Path, dataset: Dataset) -> None:
    ids = set().union(*(_parse(page).ids for page in site.glob("*.html")))
    assert {f"fait-{fact_id}" for fact_id in dataset.facts_by_id} <= ids


def test_every_quote_and_certainty_is_printed_on_the_site(site: Path, dataset: Dataset) -> None:
    text = _normalise(" ".join("".join(_parse(page).text) for page in site.glob("*.html")))
    for _, owner, citation in dataset.citations():
        assert f"« {_normalise(citation.quote)} »" in text, owner
    for level in ("attesté", "déduit", "calculé", "déclaration"):
        assert level in text


@pytest.mark.parametrize("page", ["index.html", "budget.html", "calendrier.html", "sources.html", "glossaire.html", "404.html"])
def test_pages_are_french_and_say_the_site_is_unofficial(site: Path, page: str) -> None:
    parsed = _parse(site / page)
    assert parsed.lang == "fr"
    assert "Référence non officielle, construite à partir de sources publiques." in _normalise("".join(parsed.text))


def test_footnotes_link_their_quote_to_the_source_description(site: Path) -> None:
    page = (site / "budget.html").read_text(encoding="utf-8")
    notes = re.findall(r'<li id="fn:\d+">(.*?)</li>', page, flags=re.DOTALL)
    assert notes and all('href="sources.html#source-article-call-cma-partenariat"' in note for note in notes)


def test_the_site_ships_open_data_and_the_offline_zip(site: Path) -> None:
    for name in ("donnees/convention.json", "donnees/faits.csv", "donnees/schema.json", "convention-call-cma-hors-ligne.zip"):
        assert (site / name).stat().st_size > 1000, name


def _links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', page)


def test_every_fact_has_a_permalink(site: Path, dataset: Dataset) -> None:
    pages = " ".join(page.read_text(encoding="utf-8") for page in site.glob("*.html"))
    missing = [fact_id for fact_id in dataset.facts_by_id if f'<a class="permalien" href="#fait-{fact_id}">Lien permanent</a>' not in pages]
    assert missing == []


def test_without_an_address_pages_have_a_dated_citation_and_no_absolute_link(site: Path) -> None:
    name = re.escape(read_site_config(ROOT / "mkdocs.yml").name)
    for path in site.glob("*.html"):
        page = path.read_text(encoding="utf-8")
        citation = _normalise(re.sub(r"<[^>]+>", "", page.partition('class="citation__texte">')[2].partition("</p>")[0]))
        if path.name != "404.html":
            assert re.fullmatch(rf"(« [^»]+ », )?{name}, version du \d{{1,2}} \w+ \d{{4}}\.", citation), path.name
        assert '<link rel="canonical"' not in page
        assert "[date]" not in page
    assert "<url>" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_not_found_page_links_are_relative_to_the_site_root(site: Path) -> None:
    links = _links((site / "404.html").read_text(encoding="utf-8"))
    assert "./index.html" in links
    assert [link for link in links if not link.startswith("./")] == []


def test_the_publication_address_reaches_sitemap_canonical_links_and_citations(repo_copy: Path, mkdocs, tmp_path: Path) -> None:
    address = "https://exemple.org/convention/"
    result = mkdocs(repo_copy, "build", "--strict", "--site-dir", str(tmp_path / "site"), env={"CALLCMA_SITE_URL": address})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = sorted(path.name for path in site.glob("*.html") if path.name != "404.html")
    assert sorted(re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))) == [address + name for name in pages]
    budget = (site / "budget.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{address}budget.html">' in budget
    assert f', <a href="{address}budget.html">{address}budget.html</a>.' in budget
    # The 404 page stays relative: the same file serves every missing address.
    assert "./index.html" in _links((site / "404.html").read_text(encoding="utf-8"))
