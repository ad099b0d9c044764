"""The built site: a strict MkDocs build that carries every fact, its quote and its certainty."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from callcma import build
from callcma.model import Dataset
from helpers import fold_typography


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
        assert fold_typography(f"« {citation.quote} »") in fold_typography(text), owner
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
