"""Text is data, never markup: HTML, Markdown or Jinja written in the data shows as typed and runs nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from html_page import read_html

# Where each hostile text goes in a copy of the real data, and the pages that must show it as typed.
PAYLOADS = {
    "label": (
        "budget.yaml",
        "label: Montant consacré au plan",
        '<script>alert("label")</script> *gras* _italique_ {{ "ab" * 2 }}',
        ["budget.html", "index.html"],
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


def test_markdown_holds_no_raw_markup_outside_abbreviation_definitions(builds: tuple[Path, Path, Path]) -> None:
    _, _, docs = builds
    for page in docs.glob("*.md"):
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]  # the front matter is data for the theme, not Markdown
        for line in body.splitlines():
            if not line.startswith("*["):  # the abbr extension puts these in a title attribute, escaped there
                for raw in ("<script", "<img", "<iframe", 'href="https://evil', "](javascript", "{{ 7", "{% if"):
                    assert raw not in line, (page.name, line)
