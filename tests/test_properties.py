"""Random texts and structures: the build succeeds and shows text as typed, or fails in the one-line format; nothing else."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callcma import stages
from helpers import fold_typography
from callcma.errors import DataError
from callcma.stages.s3_export import export_data
from callcma.stages.s1_load import load_document
from callcma.stages.s4_render import render_pages
from callcma.site_config import read_site_config
from helpers import DOWNLOADS, EDITION, PROJECT
from callcma.settings import EDITION_NAME
from html_page import HtmlPage, parse_html

MINIMAL_DATA = Path(__file__).parent / "fixtures" / "minimal" / "data"
# Every problem, whatever the input: a file (or the data folder, for a section no file holds), a place, a field, a message.
PROBLEM = re.compile(r"^data(/[\w.-]+\.yaml)?:\d+:\d+: [^\n]+: [^\n]+$")

# Deterministic and quick: the same examples on every machine, no example database, no time limit per example.
PROPERTIES = settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])

MARKUP = list("<>&\"'`*_[](){}#|!-+.=~^:\\/%@,?; \t\n") + ["{{", "}}", "{%", "%}", "<!--", "-->", "[^1]", "&amp;", "&#60;", "    ", "\r\n"]
YAML_PIECES = MARKUP + ["- ", ": ", "---", "...", "!!python/object:os.system", "&a ", "*a", "<<: ", "|\n", ">-\n", "\ufeff", "\u2028", "é", "1", "0x1F", ".inf", "~"]
# Printable text of any script; control characters are refused by the loader, tested in test_load.
CHARACTERS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def texts(*pieces: st.SearchStrategy[str], min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Texts made of characters and whole markup pieces such as ``{{`` or ``<!--``."""
    return st.lists(st.one_of(*pieces), min_size=min_size, max_size=max_size).map("".join)


def assert_one_line_problems(error: DataError) -> None:
    lines = str(error).split("\n")
    assert len(lines) == len(error.problems)
    for line in lines:
        assert PROBLEM.match(line), line


@contextmanager
def temporary_copy(source: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "data"
        shutil.copytree(source, target)
        yield target


# --- the loader, on any text or bytes ---------------------------------------------------------------------------


@PROPERTIES
@given(st.one_of(texts(st.sampled_from(YAML_PIECES), CHARACTERS, st.characters(codec="utf-8"), max_size=60).map(str.encode), st.binary(max_size=200)))
def test_loader_reads_any_file_or_reports_one_line_problems(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.yaml"
        path.write_bytes(content)
        try:
            document = load_document(path, "data/page.yaml")
        except DataError as error:
            assert_one_line_problems(error)
        else:
            assert isinstance(document.content, dict)


# --- validation, on any structure in place of any part of a valid data set -----------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), texts(CHARACTERS, st.sampled_from(MARKUP), max_size=20))
KEYS = st.one_of(st.sampled_from(["id", "label", "value", "unit", "certainty", "citations", "source", "quote", "formula", "speaker", "date", "facts"]), st.text(max_size=8))
STRUCTURES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=3)), max_leaves=10)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, child in items:
        yield from _paths(child, (*path, key))


MINIMAL = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(MINIMAL_DATA.glob("*.yaml"))}
PLACES = [(name, path) for name, content in MINIMAL.items() for path in _paths(content) if path]


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = _replace(node[path[0]], path[1:], value)
    return copy


@PROPERTIES
@given(st.sampled_from(PLACES), STRUCTURES)
def test_any_value_anywhere_validates_or_reports_one_line_problems(place: tuple[str, tuple[Any, ...]], value: Any) -> None:
    name, path = place
    with temporary_copy(MINIMAL_DATA) as data:
        content = _replace(MINIMAL[name], path, value)
        (data / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
        try:
            stages.check_data(data)
        except DataError as error:
            assert_one_line_problems(error)


# --- rendering, on any text in a field the pages show --------------------------------------------------------------

# (data file, the line whose value is replaced, pages that show it)
SHOWN = [
    ("budget.yaml", "    label: Montant consacré au plan", ["budget.md"]),
    ("territoire.yaml", "    label: Communes de l'EPCI", ["territoire.md", "index.md"]),
    ("budget.yaml", "    value: les deux partenaires, la CALL et la CMA, ensemble", ["budget.md"]),
    ("glossaire.yaml", "    expansion: Chambre des métiers et de l'artisanat", ["glossaire.md"]),
    ("glossaire.yaml", "    definition: Une entreprise de moins de dix salariés. Beaucoup d'entreprises artisanales en sont.", ["glossaire.md"]),
    ("sources.yaml", "    title: La CALL et la CMA renouvellent leur partenariat", ["sources.md", "budget.md"]),
    ("sources.yaml", "    outlet: La Gazette Nord – Pas-de-Calais", ["sources.md"]),
    ("partenaires.yaml", "    name: Sylvain Robert", ["partenaires.md", "declarations.md"]),
    ("inconnues.yaml", "    label: La part du budget apportée par chacun des deux partenaires", ["budget.md", "sources.md"]),
    # issue 8: every other kind of text that reaches a page
    ("inconnues.yaml", "    detail: Aucun montant n'est donné par axe.", ["sources.md"]),
    ("axes.yaml", "    title: Innovations numériques", ["axes.md"]),
    ("partenaires.yaml", "        reasoning: L'article dit que « les présidents » des deux organismes ont signé la convention et nomme Sylvain Robert président de la CALL.", ["partenaires.md"]),
    ("partenaires.yaml", "    role: président de la CALL", ["declarations.md"]),
    ("partenaires.yaml", "    name: Chambre des métiers et de l'artisanat du Nord – Pas-de-Calais", ["partenaires.md"]),
    ("sources.yaml", "    photo_credit: ACT'Presse", ["sources.md"]),
]
REAL = {name: (PROJECT.data_dir / name).read_text(encoding="utf-8") for name in {file for file, _, _ in SHOWN}}
assert all(REAL[file].count(f"{line}\n") == 1 for file, line, _ in SHOWN), "each replaced line must occur once in the real data"


# The Markdown extensions of mkdocs.yml, so that pages are converted here as MkDocs converts them.
SITE = read_site_config(PROJECT.mkdocs_config)


class _IgnoringTags(yaml.SafeLoader):
    """mkdocs.yml may hold tags that only MkDocs resolves; here they read as null."""


_IgnoringTags.add_multi_constructor("", lambda loader, suffix, node: None)
# Python-Markdown's extensions and their options, as mkdocs.yml gives them to the engines.
MARKDOWN_EXTENSIONS = {
    next(iter(entry)) if isinstance(entry, dict) else entry: dict(next(iter(entry.values())) or {}) if isinstance(entry, dict) else {}
    for entry in yaml.load(PROJECT.mkdocs_config.read_text(encoding="utf-8"), Loader=_IgnoringTags)["markdown_extensions"]
}


def to_html(page: str) -> HtmlPage:
    body = page.split("\n---\n", 1)[1]  # the front matter, which MkDocs reads as metadata
    return parse_html(markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_EXTENSIONS).convert(body))


def render(data: Path) -> dict[str, str]:
    checked = stages.check(replace(PROJECT, data_dir=data))
    return render_pages(checked, SITE, {name: len(content) for name, content in export_data(checked).items()} | {EDITION_NAME: DOWNLOADS[EDITION_NAME]}, EDITION)


@pytest.fixture(scope="module")
def baseline() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """The elements of each page built from the real data: random text may change words, never elements."""
    pages = render(PROJECT.data_dir)
    return {name: to_html(pages[name]).elements for _, _, names in SHOWN for name in names}


@settings(PROPERTIES, max_examples=50)  # each example renders every page: a quarter of a second
@given(place=st.sampled_from(SHOWN), text=texts(CHARACTERS, st.sampled_from(MARKUP), min_size=1))
def test_any_text_is_shown_as_typed_and_adds_no_element(baseline: dict[str, list[tuple[str, tuple[str, ...]]]], place: tuple[str, str, list[str]], text: str) -> None:
    file, line, names = place
    key = line.split(":")[0]
    scalar = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf")).strip()
    with temporary_copy(PROJECT.data_dir) as data:
        (data / file).write_text(REAL[file].replace(f"{line}\n", f"{key}: {scalar}\n"), encoding="utf-8")
        try:
            pages = render(data)
        except DataError as error:
            assert_one_line_problems(error)
            return
    for name in names:
        html = to_html(pages[name])
        # Case aside: an unknown's label continues a sentence next to its facts, so its first letter is lowered there.
        assert fold_typography(text).casefold() in fold_typography(html.visible_text).casefold(), name
        assert html.elements == baseline[name], name


# --- addresses, on any text in a source's url ----------------------------------------------------------------------

URL_LINE = "    url: https://lagazettefrance.fr/index.php/article/la-call-et-la-cma-renouvellent-leur-partenariat"
assert REAL["sources.yaml"].count(f"{URL_LINE}\n") == 1
URL_PIECES = ["https:", "http:", "HTTPS:", "mailto:", "javascript:", "data:", "//", "/", "example.org", "nom@example.org", ":8000", "?a=1", "#x", "&", "=",
              '"', "'", "<", ">", " ", "`", "\\", "%0a", "[", "]", "@", "onfocus=alert(1)", "contenteditable", "autofocus", "é", "*", "_", "(", ")"]


@settings(PROPERTIES, max_examples=50)
# Half the examples start as a valid address, so that both outcomes are tried often.
@given(url=st.one_of(
    texts(st.sampled_from(URL_PIECES), CHARACTERS, min_size=1, max_size=12),
    st.tuples(st.sampled_from(["https://example.org/", "http://exemple.fr:8000/", "mailto:nom@example.org"]), texts(st.sampled_from(URL_PIECES), max_size=6)).map("".join),
))
def test_any_address_is_refused_on_one_line_or_becomes_one_plain_link(baseline: dict[str, list[tuple[str, tuple[str, ...]]]], url: str) -> None:
    scalar = yaml.safe_dump(url, default_style='"', allow_unicode=True, width=float("inf")).strip()
    with temporary_copy(PROJECT.data_dir) as data:
        (data / "sources.yaml").write_text(REAL["sources.yaml"].replace(f"{URL_LINE}\n", f"    url: {scalar}\n"), encoding="utf-8")
        try:
            pages = render(data)
        except DataError as error:
            assert_one_line_problems(error)
            return
    html = to_html(pages["sources.md"])
    assert html.elements == baseline["sources.md"]  # the address changed one attribute's value, never an element or an attribute
    assert ("a", "href", url.strip()) in html.tagged_attributes
    assert url.strip() in " ".join(html.visible_text.split())
