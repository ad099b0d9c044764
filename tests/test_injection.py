"""Data and settings are never code (issues 8 and 17): hostile text in every field of the data, of the wording file
and of every setting is shown as typed and runs nothing, in every page (<head> included), the sitemap, the JSON-LD,
the open data and the zip, with both engines.

One payload (quotes, angle brackets, a line break, « --- », YAML and Jinja syntax, Markdown, a formula) goes, tagged
with a word of its own, in front of every text of the data; the build refuses it where a field has a form (ids, dates,
addresses, quotes…), one located line each, and those fields keep their value; every other field carries it. Three
builds in all: the real data with MkDocs, and the hostile data with each engine.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import material
import openpyxl
import pytest
import yaml
import zensical

from callcma import stages
from callcma.engines import ENGINES
from callcma.errors import DataError, format_loc
from callcma.stages.s6_package import offline_content
from callcma.settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME
from callcma.site_config import read_site_config
from callcma.open_data import TABLES
from callcma.finish import CONFIG_SCRIPT, ROOT_SCRIPT
from callcma.wording import WORDING_FILE
from helpers import PROJECT, fold_typography
from html_page import HtmlPage, read_html

# No digit, no number word and no capital (a figure or a name in a label or a value must be proven by its quotes),
# no « | » (it separates a fact's citations in the open data); a spreadsheet reads « =hyperlink( » as a formula all the same.
PAYLOAD = (
    '=hyperlink("https://evil.example") "><script>alert(document.domain)</script><img src=x onerror=alert(document.cookie)>'
    " </script><!-- --> ---\nkey: [a, {b: c}] # &amp; &lt; {{ config }} {% raw %} *gras* [lien](javascript:alert(document.domain)) "
)
# A quote and the source text it is found in stay on one line, and a quote is short.
QUOTE_PAYLOAD = '"><script>alert(document.domain)</script><img src=x onerror=alert(document.cookie)> <!-- --- {{ config }} *gras* &amp;'
NAME_PAYLOAD = " ".join(PAYLOAD.split())[:150]
QUOTED = "L’Agglomération a enregistré 500 créations d’activités artisanales sur son territoire depuis 2015. Elle souhaite amplifier cette tendance et en faire profiter les jeunes"
QUOTE_FIELD = "data/convention.yaml: convention[10].citations[0].quote"
ARTICLE = "sources/article-call-cma-partenariat.txt"
# Valid settings that still hold what could break out (escaped in the address; raw in a name).
SETTINGS = {
    "CALLCMA_SITE_URL": "https://exemple.org/a%22%3E%3Cscript%3Ealert%3C/script%3E/",
    "CALLCMA_PUBLISHER": NAME_PAYLOAD + " éditeur",
    "CALLCMA_REPOSITORY_URL": "https://forge.exemple.org/convention?x=%22%3E&y=%3Cscript%3E",
    "CALLCMA_CONTACT": "a+b@exemple.org",
}
PLAIN_SETTINGS = {"CALLCMA_SITE_URL": "https://exemple.org/convention/", "CALLCMA_PUBLISHER": "Éditeur", "CALLCMA_REPOSITORY_URL": "https://forge.exemple.org/convention", "CALLCMA_CONTACT": "contact@exemple.org"}
# The command line with another wording file: the tests' wrapper, the package's own code otherwise.
WITH_WORDING = "import sys; from pathlib import Path; import callcma.wording as w; w.WORDING_FILE = Path(sys.argv[1]); from callcma.cli import main; sys.exit(main(sys.argv[2:]))"


def tag(index: int, prefix: str = "xq") -> str:
    """A word of letters that no page writes otherwise, to find where each field's payload went."""
    word = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        word = chr(97 + rest) + word
    return f"{prefix}{word}"


@dataclass
class Injected:
    """The builds, and where each payload went: the fields (file: field) that carry one by tag, and those refused."""

    root: Path
    plain: Path
    sites: dict[str, Path]
    carried: dict[str, str]
    refused: set[str]
    wording: dict[str, str]


def strings(node: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any, str | int]]:
    """Every text in a YAML structure: its location, its parent and its key."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    found = []
    for key, value in items:
        found += [(loc + (key,), node, key)] if isinstance(value, str) else strings(value, loc + (key,))
    return found


def inject_data(data: Path) -> tuple[dict[str, str], set[str]]:
    """The payload, tagged, in front of every text of the data; refused ones put back. Returns the tags' fields, the refused.

    A quote must stand in its source: for one of them, the payload goes into both.
    """
    article = data / ARTICLE
    article.write_text(article.read_text(encoding="utf-8").replace(QUOTED, f"{QUOTED} {QUOTE_PAYLOAD} xqquote", 1), encoding="utf-8")
    documents = {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(data.glob("*.yaml"))}
    fields = {f"data/{name}: {format_loc(loc)}": (parent, key, parent[key]) for name, content in documents.items() for loc, parent, key in strings(content)}
    carried = {}
    for index, (field, (parent, key, original)) in enumerate(fields.items()):
        # The tag ends a sentence: the field's own first word stays a sentence's first (a label's is no name to prove).
        parent[key] = f"{PAYLOAD}{tag(index)}. {original}"
        carried[tag(index)] = field
    parent, key, original = fields.pop(QUOTE_FIELD)
    assert original == QUOTED
    parent[key] = f"{QUOTED} {QUOTE_PAYLOAD} xqquote"
    carried["xqquote"] = QUOTE_FIELD
    refused: set[str] = set()
    # A field put back lets the next check reach further (the quotes are proven once the sources' parts read; a value
    # whose quote carried the payload is proven by it until the quote is put back): a few rounds more than stages.
    for _ in range(10):
        for name, content in documents.items():
            (data / name).write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=math.inf), encoding="utf-8")
        try:
            stages.check_data(data)
            break
        except DataError as error:
            named = {f"{problem.path}: {problem.field}" for problem in error.problems}
            # Every refusal is one located line on the field that holds the payload.
            assert named <= fields.keys(), sorted(named - fields.keys())
            for field in named:
                parent, key, original = fields[field]
                parent[key] = original
            refused |= named
    else:
        pytest.fail("the data still has problems after putting back every refused field")
    return {word: field for word, field in carried.items() if field not in refused}, refused


def inject_wording(path: Path) -> dict[str, str]:
    """The payload in every text of the wording file but those with a form (anchors, the comment: tests/test_wording.py)."""
    content = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    carried = {}
    for index, (loc, parent, key) in enumerate(strings(content)):
        # Fields with a form: element ids, the comment, the open data's identifier and the ids of the facts framed in time.
        if loc[0] not in ("anchors", "generated_marker") and loc[:2] != ("open_data", "name") and loc[-2:-1] != ("facts",):
            parent[key] = f"{PAYLOAD}{tag(index, 'wq')} {parent[key]}"
            carried[tag(index, "wq")] = f"templates/wording.yaml: {format_loc(loc)}"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return carried


def build_site(root: Path, engine: str, settings: dict[str, str], target: Path, wording: Path = WORDING_FILE) -> Path:
    result = subprocess.run(
        [sys.executable, "-c", WITH_WORDING, str(wording), "site", "--engine", engine], cwd=root, capture_output=True, text=True, check=False,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", **settings},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.move(root / "site", target)
    return target


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory, copy_repo: Callable[[Path], Path]) -> Injected:
    folder = tmp_path_factory.mktemp("injection")
    root = copy_repo(folder / "repo")
    plain = build_site(root, "mkdocs", PLAIN_SETTINGS, folder / "plain")
    carried, refused = inject_data(root / "data")
    wording = inject_wording(folder / "wording.yaml")
    sites = {engine: build_site(root, engine, SETTINGS, folder / engine, folder / "wording.yaml") for engine in ENGINES}
    return Injected(root, plain, sites, carried, refused, wording)


def pages(site: Path) -> dict[str, HtmlPage]:
    return {path.name: read_html(path) for path in sorted(site.glob("*.html"))}


# --- the audit ---------------------------------------------------------------------------------------------------------


def _theme_scripts() -> list[re.Pattern[str]]:
    """The inline scripts of the themes' templates, each Jinja expression in them standing for any text without a quote."""
    patterns = []
    for template in [*(Path(material.__file__).parent / "templates").rglob("*.html"), *(Path(zensical.__file__).parent / "templates").rglob("*.html")]:
        for block in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            patterns.append(re.compile('[^"]*?'.join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", block.strip())), re.S))
    return patterns


THEME_SCRIPTS = _theme_scripts() + [
    # The project's own, on the 404 page without an address (finish.py): its text exactly.
    re.compile(re.escape((PROJECT.root / script).read_text(encoding="utf-8").strip())) for script in (ROOT_SCRIPT, CONFIG_SCRIPT)
]
# Attributes that run or edit something without the reader asking, whatever their value.
ACTIVE_ATTRIBUTES = re.compile(r"^(on.*|contenteditable|autofocus|srcdoc|formaction)$")
ACTIVE_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "cite", "data", "xlink:href"}
# What a page's <head> may hold (its texts are the title's).
HEAD_ELEMENTS = {"head", "meta", "title", "link", "script", "style", "noscript", "#text"}
REFERENCES = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def audit(site: Path, address: str = "", typed: tuple[str, ...] = ()) -> list[str]:
    """What, in any page of a built site, could run a script the theme did not write, or shows markup as text in the
    <head> (a description or title with visible « &quot; »): an empty list when nothing.

    ``address`` is the site's, whose path starts what Zensical's 404 page links to; ``typed``, the character references
    that the data itself holds as text (« &amp; » typed in a label reads « &amp; »).
    """
    root = unquote(urlsplit(address).path) or "/"
    found: list[str] = []
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        page = read_html(path)
        for tag_name, attribute, value in page.tagged_attributes:
            if ACTIVE_ATTRIBUTES.match(attribute):
                found.append(f"{name}: <{tag_name} {attribute}>")
            if tag_name in ACTIVE_ELEMENTS:
                found.append(f"{name}: <{tag_name}>")
            if attribute in LINK_ATTRIBUTES and urlsplit(value.strip()).scheme.lower() not in ("", "http", "https", "mailto"):
                found.append(f"{name}: <{tag_name} {attribute}={value!r}>")
            if (tag_name, attribute, value.lower()) == ("meta", "http-equiv", "refresh"):
                found.append(f"{name}: <meta http-equiv=refresh>")
        for tag_name, text in page.head:
            if tag_name not in HEAD_ELEMENTS:
                found.append(f"{name}: <{tag_name}> in the head")
            if REFERENCES.search(functools.reduce(lambda rest, reference: rest.replace(reference, ""), typed, text)):
                found.append(f"{name}: a character reference shown as text in the head: {text[:60]!r}")
        for attributes, text in page.scripts:
            kind = attributes.get("type", "")
            if "src" in attributes:
                # Zensical's 404 page, served at any depth, names its files from the site's root.
                source = unquote(attributes["src"].removeprefix(address) if address else attributes["src"])
                target = (site / source.removeprefix(root) if source.startswith(root) else path.parent / source).resolve()
                if urlsplit(source).scheme or not target.is_file() or not target.is_relative_to(site.resolve()):
                    found.append(f"{name}: script from {attributes['src']!r}, not a file of the site")
            elif kind in ("application/ld+json", "application/json"):
                try:
                    json.loads(text)
                except ValueError:
                    found.append(f"{name}: {kind} script that is not JSON: {text[:60]!r}")
                if set("<>&") & set(text):
                    found.append(f"{name}: {kind} script holding < > or &: {text[:60]!r}")
            elif not any(pattern.fullmatch(text.strip()) for pattern in THEME_SCRIPTS):
                found.append(f"{name}: inline script not from the theme: {text[:60]!r}")
    return list(dict.fromkeys(found))


def audit_sitemap(site: Path, address: str) -> list[str]:
    """sitemap.xml: well-formed, only the sitemap's elements, each address the site's own followed by a page."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    found = [f"<{element.tag}>" for element in root.iter() if element.tag not in {f"{namespace}{name}" for name in ("urlset", "url", "loc", "lastmod")}]
    pages_found = sorted(path.name for path in site.glob("*.html") if path.name != "404.html")
    locations = sorted((loc.text or "") for loc in root.iter(f"{namespace}loc"))
    if locations != sorted(address + name for name in pages_found):
        found.append(f"locations {locations[:3]}… are not the site's pages under {address}")
    return found


def test_the_audit_finds_every_kind_of_injected_script(tmp_path: Path) -> None:
    (tmp_path / "theme.js").write_text("", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<head><meta name="description" content="a&amp;quot;b"><title>T &amp;lt;</title><meta http-equiv="refresh" content="0;url=javascript:alert(4)">'
        '<img src=x></head><a href="https:x" contenteditable autofocus onfocus="alert(1)">x</a><iframe src="javascript:alert(2)"></iframe>'
        '<script src="https://evil.example/x.js"></script><script src="theme.js"></script><script>alert(3)</script>'
        '<script type="application/ld+json">{"a": 1}</script><script type="application/ld+json">{"a": </script>'
        '<script type="application/ld+json">{"a": "</b>"}</script>',
        encoding="utf-8",
    )
    assert audit(tmp_path) == [
        "page.html: <meta http-equiv=refresh>",
        "page.html: <a contenteditable>",
        "page.html: <a autofocus>",
        "page.html: <a onfocus>",
        "page.html: <iframe>",
        "page.html: <iframe src='javascript:alert(2)'>",
        "page.html: a character reference shown as text in the head: 'a&quot;b'",
        "page.html: a character reference shown as text in the head: 'T &lt;'",
        "page.html: <img> in the head",
        "page.html: script from 'https://evil.example/x.js', not a file of the site",
        "page.html: inline script not from the theme: 'alert(3)'",
        "page.html: application/ld+json script that is not JSON: '{\"a\": '",
        "page.html: application/ld+json script holding < > or &: '{\"a\": \"</b>\"}'",
    ]


def test_the_sitemap_audit_finds_foreign_elements_and_addresses(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("", encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/index.html</loc><script/></url></urlset>',
        encoding="utf-8",
    )
    assert audit_sitemap(tmp_path, "https://exemple.org/") == [
        "<{http://www.sitemaps.org/schemas/sitemap/0.9}script>",
        "locations ['https://x.example/index.html']… are not the site's pages under https://exemple.org/",
    ]


# --- the real site, and the hostile one ---------------------------------------------------------------------------------


def test_no_page_of_the_real_site_holds_a_script_the_theme_did_not_write(built_site: Path) -> None:
    assert audit(built_site) == []


@pytest.mark.parametrize("engine", list(ENGINES))
def test_no_page_built_from_hostile_data_wording_and_settings_holds_a_script_or_markup_as_text(injected: Injected, engine: str) -> None:
    site = injected.sites[engine]
    assert audit(site, SETTINGS["CALLCMA_SITE_URL"], typed=("&amp;", "&lt;")) == []
    assert audit_sitemap(site, SETTINGS["CALLCMA_SITE_URL"]) == []
    # The zip holds the same pages, but for their JSON-LD (stages/s6_package.py).
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        for path in site.glob("*.html"):
            # As the offline copy needs them: no JSON-LD, the 404 page relative, the link to the zip itself the published one.
            assert archive.read(f"{OFFLINE_ZIP_FOLDER}/{path.name}") == offline_content(path.name, path.read_bytes(), SETTINGS["CALLCMA_SITE_URL"]), path.name


def test_hostile_text_adds_no_element_to_any_page(injected: Injected) -> None:
    plain, hostile = pages(injected.plain), pages(injected.sites["mkdocs"])
    assert sorted(plain) == sorted(hostile)
    for name in plain:
        # Same elements with the same attributes, in the same order: the texts changed, never the structure.
        assert hostile[name].elements == plain[name].elements, name


def test_the_payload_went_into_every_kind_of_text_field_and_was_refused_only_where_a_field_has_a_form(injected: Injected) -> None:
    kinds = {re.sub(r"\[\d+\]", "", field.split(": ")[1]).split(".")[-1] for field in injected.carried.values()}
    assert {"label", "value", "title", "definition", "expansion", "detail", "reasoning", "outlet", "publisher", "quote", "symbol"} <= kinds
    refused = {re.sub(r"\[\d+\]", "", field.split(": ")[1]).split(".")[-1] for field in injected.refused}
    # Issue 16: what the sources must prove has a form too (names, roles, abbreviations, a source's title and credit, an
    # axis's title, a quotation's words, a déclaration's attribution, a unit's words).
    proven = {"name", "role", "called", "abbreviation", "other_names", "photo_credit", "title", "attribution", "words"}
    assert refused <= {"id", "certainty", "source", "quote", "record", "unit", "formula", "date", "end", "deduced", "speaker", "organisation", "about", "fact",
                       "term", "kind", "lines", "starts", "url", "licence_url", "version", "epci", "sha256", "extract_sha256", "path", "insee", "postal_codes", "value", "per", *proven}, refused


@pytest.mark.parametrize("engine", list(ENGINES))
def test_every_payload_shown_on_a_page_reads_as_typed(injected: Injected, engine: str) -> None:
    site_pages = pages(injected.sites[engine])
    texts = {name: fold_typography(page.visible_text) for name, page in site_pages.items()}
    shown = set()
    for word, field in (injected.carried | injected.wording).items():
        # Case folded: a template may write a text in lowercase (a label after a semicolon).
        payload = fold_typography(f"{QUOTE_PAYLOAD} {word}" if word == "xqquote" else PAYLOAD + word).casefold()
        where = [name for name, text in texts.items() if re.search(rf"\b{word}\b", text)]
        for name in where:
            assert payload in texts[name].casefold(), (field, name)
        shown |= {field} if where else set()
    # What no page shows is in the open data (the JSON holds every field of the data).
    convention = (injected.sites[engine] / "donnees" / "convention.json").read_text(encoding="utf-8")
    assert [field for word, field in injected.carried.items() if field not in shown and not re.search(rf"\b{word}\b", convention)] == []
    assert len(shown) > 100


def test_descriptions_and_titles_read_as_typed_in_the_head(injected: Injected) -> None:
    for engine, site in injected.sites.items():
        home = read_html(site / "index.html")
        description = dict(home.head_attributes)["description"]
        assert fold_typography(PAYLOAD) in fold_typography(description), engine
        name = read_site_config(PROJECT.mkdocs_config).name
        assert home.title == f"Accueil - {name}", engine
        assert read_html(site / "budget.html").title == f"Budget - {name}", engine


def test_the_json_ld_holds_the_texts_as_typed_and_only_safe_addresses(injected: Injected) -> None:
    for engine, site in injected.sites.items():
        values: list[tuple[str, str]] = []
        for name, page in pages(site).items():
            for text in page.jsonld:
                values += list(_items(json.loads(text)))
        texts = [value for key, value in values]
        assert any(fold_typography(PAYLOAD) in fold_typography(text) for text in texts), engine
        for key, value in values:
            if key in ("url", "@id", "license", "contentUrl", "sameAs"):
                assert re.fullmatch(r"[a-z0-9-]+\.html(#[a-z0-9-]+)?|donnees/[a-z-]+(\.[a-z]+)+", value) or urlsplit(value).scheme in ("http", "https"), (engine, key, value)


def _items(node: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [item for name, value in node.items() for item in _items(value, name)]
    if isinstance(node, list):
        return [item for value in node for item in _items(value, key)]
    return [(key, node)] if isinstance(node, str) else []


def test_the_open_data_holds_the_texts_as_typed_and_no_formula(injected: Injected) -> None:
    site = injected.sites["mkdocs"]
    dataset = stages.check_data(injected.root / "data")
    assert json.loads((site / "donnees" / "convention.json").read_text(encoding="utf-8")) == dataset.model_dump(mode="json")
    rows = list(csv.DictReader(io.StringIO((site / "donnees" / "faits.csv").read_text(encoding="utf-8-sig"))))
    label = TABLES[0].wording().columns["label"].title
    labels = [row[label] for row in rows if "xq" in row[label]]
    assert labels and all(label.startswith("'" + PAYLOAD[:10]) for label in labels)
    workbook = openpyxl.load_workbook(site / "donnees" / "faits.xlsx")
    cells = [cell for row in workbook.worksheets[0].iter_rows() for cell in row if isinstance(cell.value, str) and "xq" in cell.value]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_a_hostile_page_title_or_site_name_stops_the_build_at_its_line(repo_copy: Path, callcma) -> None:
    config = repo_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - Budget: budget.md", "  - 'Budget\"><script>alert(1)</script>': budget.md"), encoding="utf-8")
    result = callcma(repo_copy, "site")
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].startswith("mkdocs.yml:") and "nav[4]: expected a title on one line without" in result.stderr
    assert not (repo_copy / "site").exists()
