"""Text is data, never markup: HTML, Markdown or Jinja written in the data shows as typed and runs nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest

from html_page import read_html

# Where each hostile text goes in a copy of the real data, and the pages that must show it as typed.
PAYLOADS = {
    "label": (
        "budget.yaml",
        "label: Montant consacré au plan",
        '<script>alert("label")</script> *gras* _italique_ {{ "ab" * 2 }}',
        ["budget.html"],
    ),
    "expansion": (
        "glossaire.yaml",
        "expansion: Chambre des métiers et de l'artisanat",
        '<img src=x onerror=alert(1)> " onmouseover="alert(2)" &amp; fin',
        ["glossaire.html"],
    ),
    "source title": (
        "sources.yaml",
        "title: La CALL et la CMA renouvellent leur partenariat",
        'Titre | cellule [lien](javascript:alert(3)) <a href="https://evil.example">x</a>',
        ["sources.html", "budget.html"],
    ),
    "definition": (
        "glossaire.yaml",
        "definition: Une entreprise de moins de dix salariés. Beaucoup d'entreprises artisanales en sont.",
        "# Faux titre\n\n- fausse liste\n\n| a | b |\n|---|---|\n{% if true %}jinja{% endif %}",
        ["glossaire.html"],
    ),
    "person name": (
        "partenaires.yaml",
        "name: Sylvain Robert",
        "Nom [^1] <!-- commentaire --> `code` \\*échappé\\* <https://evil.example>",
        ["partenaires.html", "declarations.html"],
    ),
    "reasoning": (
        "partenaires.yaml",
        "reasoning: L'article dit que « les présidents » des deux organismes ont signé la convention et nomme Sylvain Robert président de la CALL.",
        '<iframe src="https://evil.example"></iframe> ~~barré~~ ==surligné== ^exposant^ &lt;b&gt;',
        ["partenaires.html"],
    ),
}


def _theme_scripts() -> list[re.Pattern[str]]:
    """The inline scripts of the theme's templates, each Jinja expression in them standing for any text without a quote."""
    patterns = []
    for template in (Path(material.__file__).parent / "templates").rglob("*.html"):
        for block in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.S):
            patterns.append(re.compile('[^"]*?'.join(re.escape(part) for part in re.split(r"\{\{.*?\}\}", block.strip())), re.S))
    return patterns


THEME_SCRIPTS = _theme_scripts()
# Attributes that run or edit something without the reader asking, whatever their value.
ACTIVE_ATTRIBUTES = re.compile(r"^(on.*|contenteditable|autofocus|srcdoc|formaction)$")
ACTIVE_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "cite", "data", "xlink:href"}


def audit(site: Path) -> list[str]:
    """What, in any page of a built site, could run a script the theme did not write: an empty list when nothing."""
    found: list[str] = []
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).as_posix()
        page = read_html(path)
        for tag, attribute, value in page.tagged_attributes:
            if ACTIVE_ATTRIBUTES.match(attribute):
                found.append(f"{name}: <{tag} {attribute}>")
            if tag in ACTIVE_ELEMENTS:
                found.append(f"{name}: <{tag}>")
            if attribute in LINK_ATTRIBUTES and urlsplit(value.strip()).scheme.lower() not in ("", "http", "https", "mailto"):
                found.append(f"{name}: <{tag} {attribute}={value!r}>")
        for attributes, text in page.scripts:
            kind = attributes.get("type", "")
            if "src" in attributes:
                # The 404 page, served at any depth, names its files from the site's root.
                target = (site / attributes["src"].lstrip("/") if attributes["src"].startswith("/") else path.parent / attributes["src"]).resolve()
                if urlsplit(attributes["src"]).scheme or not target.is_file() or not target.is_relative_to(site.resolve()):
                    found.append(f"{name}: script from {attributes['src']!r}, not a file of the site")
            elif kind in ("application/ld+json", "application/json"):
                try:
                    json.loads(text)
                except ValueError:
                    found.append(f"{name}: {kind} script that is not JSON: {text[:60]!r}")
            elif not any(pattern.fullmatch(text.strip()) for pattern in THEME_SCRIPTS):
                found.append(f"{name}: inline script not from the theme: {text[:60]!r}")
    return found


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory, copy_repo, mkdocs) -> tuple[Path, Path, Path]:
    """The site built from the real data, then from the same data carrying every payload; and the Markdown of the latter."""
    root = copy_repo(tmp_path_factory.mktemp("injection") / "repo")
    plain, injected = root.parent / "plain", root.parent / "injected"
    result = mkdocs(root, "build", "--strict", "--site-dir", str(plain))
    assert result.returncode == 0, result.stdout + result.stderr
    for file, old, payload, _ in PAYLOADS.values():
        path = root / "data" / file
        text = path.read_text(encoding="utf-8")
        key = old.split(":")[0]
        assert text.count(old) == 1, old
        # A JSON string is a valid double-quoted YAML scalar: the payload reaches the data exactly as written here.
        path.write_text(text.replace(old, f"{key}: {json.dumps(payload, ensure_ascii=False)}"), encoding="utf-8")
    result = mkdocs(root, "build", "--strict", "--site-dir", str(injected))
    assert result.returncode == 0, result.stdout + result.stderr
    return plain, injected, root / "docs"


@pytest.mark.parametrize("field", list(PAYLOADS))
def test_payload_is_shown_as_typed(builds: tuple[Path, Path, Path], field: str) -> None:
    _, injected, _ = builds
    _, _, payload, pages = PAYLOADS[field]
    for name in pages:
        assert words(payload) in words(read_html(injected / name).visible_text), name


def test_abbreviation_tooltip_holds_the_expansion_as_typed(builds: tuple[Path, Path, Path]) -> None:
    _, injected, _ = builds
    assert PAYLOADS["expansion"][2] in read_html(injected / "index.html").abbreviations


def test_payloads_add_no_element_to_any_page(builds: tuple[Path, Path, Path]) -> None:
    plain, injected, _ = builds
    pages = sorted(path.name for path in plain.glob("*.html"))
    assert pages == sorted(path.name for path in injected.glob("*.html"))
    for name in pages:
        # Same elements with the same attributes, in the same order: the texts changed, never the structure.
        assert read_html(injected / name).elements == read_html(plain / name).elements, name


def test_no_page_of_the_real_site_holds_a_script_the_theme_did_not_write(built_site: Path) -> None:
    assert audit(built_site) == []


def test_no_page_built_from_hostile_text_holds_a_script_the_theme_did_not_write(builds: tuple[Path, Path, Path]) -> None:
    _, injected, _ = builds
    assert audit(injected) == []


def test_the_audit_finds_every_kind_of_injected_script(tmp_path: Path) -> None:
    (tmp_path / "theme.js").write_text("", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        '<a href="https:x" contenteditable autofocus onfocus="alert(1)">x</a><iframe src="javascript:alert(2)"></iframe>'
        '<script src="https://evil.example/x.js"></script><script src="theme.js"></script><script>alert(3)</script>'
        '<script type="application/ld+json">{"a": 1}</script><script type="application/ld+json">{"a": </script>',
        encoding="utf-8",
    )
    assert audit(tmp_path) == [
        "page.html: <a contenteditable>",
        "page.html: <a autofocus>",
        "page.html: <a onfocus>",
        "page.html: <iframe>",
        "page.html: <iframe src='javascript:alert(2)'>",
        "page.html: script from 'https://evil.example/x.js', not a file of the site",
        "page.html: inline script not from the theme: 'alert(3)'",
        "page.html: application/ld+json script that is not JSON: '{\"a\": '",
    ]


def test_markdown_holds_no_raw_markup_outside_abbreviation_definitions(builds: tuple[Path, Path, Path]) -> None:
    _, _, docs = builds
    for page in docs.glob("*.md"):
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]  # the front matter is data for the theme, not Markdown
        for line in body.splitlines():
            if not line.startswith("*["):  # the abbr extension puts these in a title attribute, escaped there
                for raw in ("<script", "<img", "<iframe", 'href="https://evil', "](javascript", "{{ 7", "{% if"):
                    assert raw not in line, (page.name, line)
