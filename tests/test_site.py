"""The built site: a strict MkDocs build that carries every fact, its quote and its certainty."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from callcma import build
from callcma.model import Dataset
from helpers import fold_typography
from html_page import read_html


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build.check_data()


def _normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_every_fact_has_an_anchor_on_the_site(site: Path, dataset: Dataset) -> None:
    ids = set().union(*(read_html(page).ids for page in site.glob("*.html")))
    assert {f"fait-{fact_id}" for fact_id in dataset.facts_by_id} <= ids


def test_every_quote_is_printed_on_the_site(site: Path, dataset: Dataset) -> None:
    text = _normalise(" ".join(read_html(page).visible_text for page in site.glob("*.html")))
    for _, owner, citation in dataset.citations():
        assert fold_typography(f"« {citation.quote} »") in fold_typography(text), owner


def test_every_fact_shows_its_own_certainty_where_it_stands(site: Path, dataset: Dataset) -> None:
    shown = {}
    for page in site.glob("*.html"):
        shown |= {anchor: text for anchor, text in read_html(page).text_by_id.items() if anchor.startswith("fait-")}
    for item in dataset.facts_by_id.values():
        others = {level.value for level in type(item.certainty)} - {item.certainty.value}
        words = set(_normalise(shown[f"fait-{item.id}"]).replace(".", " ").split())
        assert item.certainty.value in words and not others & words, item.id


@pytest.mark.parametrize("page", ["index.html", "budget.html", "calendrier.html", "sources.html", "glossaire.html", "404.html"])
def test_pages_are_french_and_say_the_site_is_unofficial(site: Path, page: str) -> None:
    parsed = read_html(site / page)
    assert parsed.lang == "fr"
    assert "Référence non officielle, construite à partir de sources publiques." in _normalise(parsed.visible_text)


def test_footnotes_link_their_quote_to_the_source_description(site: Path) -> None:
    page = (site / "budget.html").read_text(encoding="utf-8")
    notes = re.findall(r'<li id="fn:\d+">(.*?)</li>', page, flags=re.DOTALL)
    assert notes and all('href="sources.html#source-article-call-cma-partenariat"' in note for note in notes)


def test_the_site_ships_open_data_and_the_offline_zip(site: Path) -> None:
    for name in ("donnees/convention.json", "donnees/faits.csv", "donnees/schema.json", "convention-call-cma-hors-ligne.zip"):
        assert (site / name).stat().st_size > 1000, name
