"""The built site: a strict MkDocs build that carries every fact, its quote and its certainty."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from callcma.model import Dataset
from helpers import fold_typography
from callcma.site_config import read_site_config
from helpers import PROJECT
from html_page import read_html


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def _normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def test_every_fact_has_an_anchor_on_the_site(site: Path, dataset: Dataset) -> None:
    ids = set().union(*(read_html(page).ids for page in site.glob("*.html")))
    assert {f"fait-{fact_id}" for fact_id in dataset.facts_by_id} <= ids


def test_every_quote_is_printed_on_the_site(site: Path, dataset: Dataset) -> None:
    text = _normalise(" ".join(read_html(page).visible_text for page in site.glob("*.html")))
    for loc, owner, citation in dataset.citations():
        if loc[0] == "communes":
            continue  # a commune's records are its vintages' links, checked by tests/test_communes.py
        if citation.quote is not None:
            assert fold_typography(f"« {citation.quote} »") in fold_typography(text), owner
        else:
            assert re.search(rf"Fiche officielle de (l.EPCI, SIREN|la commune, code INSEE) {citation.record} — ", text), owner


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


def test_every_fact_has_a_permalink(site: Path, dataset: Dataset) -> None:
    pages = [read_html(page) for page in site.glob("*.html")]
    shown = {anchor: text for page in pages for anchor, text in page.text_by_id.items()}
    targets = {value for page in pages for value in page.attributes}
    # A quiet « ¶ » linking to the fact itself, named in words for screen readers.
    assert "Lien permanent vers ce fait" in targets
    missing = [fact_id for fact_id in dataset.facts_by_id if "¶" not in shown[f"fait-{fact_id}"] or f"#fait-{fact_id}" not in targets]
    assert missing == []


def test_without_an_address_pages_have_a_dated_citation_and_no_absolute_link(site: Path) -> None:
    name = re.escape(read_site_config(PROJECT.mkdocs_config).name)
    for path in site.glob("*.html"):
        page = read_html(path)
        if path.name != "404.html":
            citation = _normalise(page.text_by_id["citation-texte"])
            assert re.fullmatch(rf"(« [^»]+ », )?{name}, version du \d{{1,2}}(?:er)? \w+ \d{{4}}\.", citation), path.name
        assert "canonical" not in page.attributes
        assert "[date]" not in page.visible_text
    # No sitemap without the site's address: it would be an empty list, which the sitemaps.org schema refuses.
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()


def test_not_found_page_links_are_relative_to_the_site_root(site: Path) -> None:
    values = read_html(site / "404.html").attributes
    assert "./index.html" in values
    assert [value for value in values if value.startswith("/")] == []
    assert "assets donnees search" in values  # the site's folders, for the script that finds its root over HTTP (finish.py)


# The most frequent words of French texts, and signs: a glossary term equal to one would mark it on every page.
COMMON_FRENCH_WORDS = set(
    "a à au aux avec ce ces cette d de des du dans elle en est et il ils l la le les leur leurs ne nous on ou où par pas plus pour qu que qui"
    " sa se ses son sont sur un une vous y - – — ' ’".split()
)


def test_no_common_french_word_is_marked_as_an_abbreviation(site: Path, dataset: Dataset) -> None:
    marked = {html.unescape(text) for page in site.glob("*.html") for text in re.findall(r"<abbr\b[^>]*>(.*?)</abbr>", page.read_text(encoding="utf-8"))}
    assert marked, "the glossary's abbreviations are marked on the site"
    assert marked <= {term.term for term in dataset.glossary}
    assert not {text.casefold() for text in marked} & COMMON_FRENCH_WORDS
