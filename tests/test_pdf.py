"""The PDF edition, read as its readers' tools read it: its text (pypdf), its tags, fonts and PDF/UA-1 conformance
(page, a veraPDF-compatible checker), its size; and the rules of its making: notes, links, files WeasyPrint may read."""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path

import page
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from callcma import pdf
from callcma.dates import format_partial_date
from callcma.errors import DataError
from callcma.formatting import format_number, format_value
from callcma.model import Dataset, Event, Fact
from callcma.settings import EDITION_NAME, OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME
from callcma.site_config import read_site_config
from callcma.stages.s2_check import Checked
from callcma.stages.s4_render import render_edition
from callcma.verify import normalise
from helpers import PROJECT

SITE = read_site_config(PROJECT.mkdocs_config)
# The characters of French typography the edition's font must hold, besides the letters.
FRENCH = "«»\u202f\u00a0’œŒÉÈÀÇ–—€…“”àâçéèêëîïôùûü"
MAX_PAGES = 8
MAX_BYTES = 300_000
# Guillemets inside guillemets are “ ” (the site's typography): a quote of a quote reads «“…”» in a note.
NESTED = str.maketrans("“”", "«»")


def fold(text: str) -> str:
    """A text down to its words, as the verify stage compares quotes, with nested guillemets as plain ones."""
    return normalise(text.translate(NESTED))


@pytest.fixture(scope="module")
def markdown_text(checked: Checked) -> str:
    return render_edition(checked, SITE)


@pytest.fixture(scope="module")
def document(markdown_text: str) -> str:
    return pdf.edition_html(markdown_text, SITE, PROJECT.build_date)


@pytest.fixture(scope="module")
def edition(markdown_text: str, edition_cache: Path) -> pdf.Edition:
    """The edition as this process makes it (laid out once in the session: conftest's edition cache)."""
    return pdf.make_edition(markdown_text, SITE, PROJECT.build_date, edition_cache)


@pytest.fixture(scope="module")
def text(edition: pdf.Edition) -> str:
    """The PDF's text as pypdf extracts it, lines joined (a word cut after a hyphen joined back), then folded."""
    lines = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(edition.pdf)).pages)
    return fold(lines.replace("-\n", "-").replace("\n", " "))


def test_two_builds_make_the_same_bytes(edition: pdf.Edition, built_site: Path) -> None:
    """This process's edition and the one the site's build made in its own process, with its own hash seed."""
    assert (built_site / "donnees" / EDITION_NAME).read_bytes() == edition.pdf


def test_it_keeps_to_eight_a4_pages_and_300_kb(edition: pdf.Edition) -> None:
    reader = PdfReader(io.BytesIO(edition.pdf))
    assert len(reader.pages) == edition.pages <= MAX_PAGES
    assert len(edition.pdf) <= MAX_BYTES
    assert {(round(float(page.mediabox.width)), round(float(page.mediabox.height))) for page in reader.pages} == {(595, 842)}


def test_its_text_holds_every_fact_s_value_and_every_quote(text: str, dataset: Dataset) -> None:
    missing = []
    for item in dataset.facts_by_id.values():
        shown = format_value(item, dataset.units_by_id, SITE.language) if isinstance(item, Fact) else format_partial_date(item.date, SITE.language)
        quotes = [citation.quote for citation in item.citations if citation.quote]
        missing += [f"{item.id}: {expected}" for expected in (shown, *quotes) if fold(expected) not in text]
    missing += [f"{unknown.id}: {citation.quote}" for unknown in dataset.unknowns for citation in unknown.citations if citation.quote and fold(citation.quote) not in text]
    assert missing == []
    assert all(commune.name in text for commune in dataset.communes)


def test_it_is_tagged_with_its_language_and_title(edition: pdf.Edition) -> None:
    catalog = PdfReader(io.BytesIO(edition.pdf)).trailer["/Root"]
    assert catalog["/Lang"] == SITE.language
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert PdfReader(io.BytesIO(edition.pdf)).metadata.title.startswith("Convention ")


def test_it_conforms_to_pdf_ua_1(edition: pdf.Edition) -> None:
    report = page.validate_pdf_bytes(edition.pdf, profile="ua1")
    assert [(failure.rule_id, failure.message) for failure in report.failures] == []
    assert report.is_compliant


def test_every_font_is_the_package_s_own_embedded_subset(edition: pdf.Edition) -> None:
    reader = PdfReader(io.BytesIO(edition.pdf))
    fonts = {}
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(embedded for embedded in fonts.values())
    # A subset (six letters and +) of the stylesheet's family, and nothing else: no glyph fell back to a system font.
    assert {re.sub(r"^/[A-Z]{6}\+", "", name) for name in fonts} <= {"Edition-Sans", "Edition-Sans-Bold", "Edition-Sans-Italic"}


def test_the_package_s_fonts_hold_every_character_of_the_edition(document: str) -> None:
    characters = set(re.sub(r"<[^>]*>|&[a-z]+;|&#\d+;", "", document.split("<body>")[1])) - {"\n"}
    for path in sorted(pdf.FONTS_DIR.glob("*.ttf")):
        cmap = TTFont(path).getBestCmap()
        assert sorted(character for character in characters | set(FRENCH) if ord(character) not in cmap) == [], path.name


def test_each_note_stands_where_it_is_called(document: str) -> None:
    assert 'class="footnote"' not in document and "fnref" not in document
    notes = re.findall(r'<span class="note(?: note-suite)?">(.*?)</span>(?![^<]*</a>)', document)
    assert len(notes) >= 50 and all("«" in note or "Fiche officielle" in note for note in notes)


def test_links_lead_inside_the_document_or_to_an_address(document: str) -> None:
    identifiers = set(re.findall(r' id="([^"]+)"', document))
    targets = re.findall(r'<a [^>]*href="([^"]*)"', document)
    assert targets
    assert [target for target in targets if not (target.startswith("https://") or target.removeprefix("#") in identifiers)] == []
    assert ".md" not in "".join(targets)


def test_a_link_to_a_page_outside_the_document_keeps_its_words() -> None:
    document = pdf.edition_html("# Titre\n\n## Méthode { #methode }\n\nVoir [la méthode](sources.md#methode), [les données](donnees.md) et [un site](https://example.org/).\n", SITE, None)
    assert '<a href="#methode">la méthode</a>' in document
    assert "<span>les données</span>" in document
    assert '<a href="https://example.org/">un site</a>' in document
    assert "<title>Titre</title>" in document


def test_weasyprint_reads_no_other_file_and_no_address() -> None:
    for source in ("file:///etc/hostname", "http://127.0.0.1:9/x.png"):
        with pytest.raises(DataError) as caught:
            pdf.render_pdf(f'<html lang="fr"><head><title>T</title></head><body><p>x</p><img alt="x" src="{source}"></body></html>')
        assert "only its stylesheet and fonts" in str(caught.value)


def test_a_warning_of_weasyprint_stops_the_build() -> None:
    with pytest.raises(DataError) as caught:
        pdf.render_pdf('<html lang="fr"><head><title>T</title></head><body><p id="a">x</p><p id="a">y</p></body></html>')
    assert "Anchor defined twice" in str(caught.value)


def test_the_cache_gives_back_the_same_pdf_only_for_the_same_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edition: pdf.Edition, markdown_text: str) -> None:
    made: list[str] = []
    monkeypatch.setattr(pdf, "render_pdf", lambda document: made.append(document) or edition)
    first = pdf.make_edition(markdown_text, SITE, PROJECT.build_date, tmp_path)
    again = pdf.make_edition(markdown_text, SITE, PROJECT.build_date, tmp_path)
    assert first == again == edition and len(made) == 1
    pdf.make_edition(markdown_text + "\nUne phrase de plus.\n", SITE, PROJECT.build_date, tmp_path)
    assert len(made) == 2
    assert len(list(tmp_path.glob(f"{EDITION_NAME}.*"))) == 1  # only the latest is kept


def test_the_site_links_it_with_its_number_of_pages_and_size_and_zips_it(built_site: Path) -> None:
    """On the home page, « Données ouvertes » and « Sources et méthode », the link states what the file holds: measured."""
    made = (built_site / "donnees" / EDITION_NAME).read_bytes()
    pages = len(PdfReader(io.BytesIO(made)).pages)
    size = format_number(len(made) / 1000, SITE.language, places=1)
    for name in ("index.html", "donnees.html", "sources.html"):
        text = " ".join(html.unescape((built_site / name).read_text(encoding="utf-8")).split())
        assert f'href="donnees/{EDITION_NAME}"' in text, name
        assert re.search(rf"PDF, A4, {pages}\s+pages", text), name
        assert " ".join(size.split()) in " ".join(text.replace("\u202f", " ").split()), name
    with zipfile.ZipFile(built_site / OFFLINE_ZIP_NAME) as archive:
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/donnees/{EDITION_NAME}") == made
