"""No fact of the convention is written by hand outside data/: templates and mkdocs.yml hold no figure,
date, amount, count or name of the data, except where a test below checks it against the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from callcma.model import Dataset, Fact
from callcma.formatting import format_number_in_words
from callcma.settings import TEMPLATES_DIR
from helpers import PROJECT

TEMPLATES = sorted([*TEMPLATES_DIR.glob("*.j2"), *TEMPLATES_DIR.glob("*.yaml"), *(PROJECT.root / "overrides").rglob("*.html")])
# Jinja's own syntax: what it prints comes from the data or from the code, never from the template's text.
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_HTML_ATTRIBUTES = re.compile(r"<[^>]*>")
_DIGITS = re.compile(r"\d+(?:[.,-]\d+)*")
# Digits that are not facts of the convention: standards and their versions, sizes, the licence's version.
ALLOWED_DIGITS = {
    "accessibilite.md.j2": ["2.1", "2.0", "2.1", "360", "200"],  # WCAG versions, a phone's width, text zoom
    # licence, ISO 8601 and 4217, JSON Schema, UTF-8
    "donnees.md.j2": ["2.0", "1", "8601", "4217", "2020-12", "8", "8601", "2.0"],  # … PDF/UA-1 …
    "_macros.md.j2": ["4"],  # A4 paper
    "sources.md.j2": ["4", "1"],  # A4, PDF/UA-1
    "colonnes-faits.yaml": ["8601", "4217"],  # ISO standards
    "colonnes-historique.yaml": ["8601"],
    "wording.yaml": ["2.0"],  # the licence's version
    "index.md.j2": ["2.0"],  # the licence's version
    "contribuer.md.j2": ["1", "2", "3", "256", "256"],  # the hash's name (SHA-256), a numbered list
    "apropos.md.j2": ["2.0"],  # the licence's version
}


def _text(path: Path) -> str:
    """The words a template writes by itself: Jinja syntax, HTML tags and YAML's character escapes removed."""
    return re.sub(r"\\u[0-9a-fA-F]{4}", " ", _HTML_ATTRIBUTES.sub(" ", _JINJA.sub(" ", path.read_text(encoding="utf-8"))))


def names(dataset: Dataset) -> set[str]:
    """The names the data holds: people (and their surnames), partners, their abbreviations, the sources' outlets."""
    found = {person.name for person in dataset.people} | {person.name.split()[-1] for person in dataset.people}
    found |= {name for organisation in dataset.organisations for name in (organisation.name, organisation.abbreviation)}
    return found | {source.outlet for source in dataset.sources}


def counted(dataset: Dataset) -> list[str]:
    """Every number of the data with its unit in words, as a text could write it: « trois axes », « trente-six communes »."""
    return [
        format_number_in_words(fact.value, "fr") + dataset.units_by_id[fact.unit].written(fact.value)
        for fact in dataset.facts_by_id.values()
        if isinstance(fact, Fact) and fact.is_number and fact.unit and isinstance(fact.value, int)
    ]


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_a_template_writes_no_digit_outside_its_allowed_list(path: Path) -> None:
    found = _DIGITS.findall(_text(path))
    assert found == ALLOWED_DIGITS.get(path.name, []), f"{path.name}: write figures and dates through the data"


@pytest.mark.parametrize("path", TEMPLATES, ids=[path.name for path in TEMPLATES])
def test_a_template_writes_no_name_nor_count_of_the_data(path: Path, dataset: Dataset) -> None:
    text = " ".join(_text(path).split())
    assert [name for name in sorted(names(dataset)) if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)] == []
    assert [words for words in counted(dataset) if words in text.casefold()] == []


def test_the_lead_s_forbidden_patterns_are_in_no_template() -> None:
    forbidden = re.compile(r"140[  ]?000|5[  ]?400|2[  ]?400|\b36 communes|\b2016\b|Griset|Sylvain Robert|[Tt]rois axes")
    assert [path.name for path in TEMPLATES if forbidden.search(path.read_text(encoding="utf-8"))] == []


def _config() -> dict:
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load(PROJECT.mkdocs_config.read_text(encoding="utf-8"), Loader=loader)


def test_mkdocs_texts_agree_with_the_data(dataset: Dataset) -> None:
    """mkdocs.yml must hold the site's name, description and menu: every figure, name or count in them is the data's."""
    config = _config()
    texts = [config["site_name"], config["site_description"], config["copyright"], *(title for entry in config["nav"] for title in entry)]
    numbers = {str(value) for fact in dataset.facts_by_id.values() if isinstance(fact, Fact) and fact.is_number for value in [fact.value]}
    numbers |= set(re.findall(r"\d+", str(dataset.facts_by_id["plan-periode"].value)))
    allowed_names = names(dataset)
    for text in texts:
        assert set(re.findall(r"\d+", text)) <= numbers, text
        for word in re.findall(r"\b[A-Z]{3,}\b", text):
            assert word in allowed_names, f"{word} in {text!r} is no name of the data"
        for match in re.finditer(r"(\w+(?:-\w+)*) axes\b", text):
            assert match[1].casefold() in ("les", format_number_in_words(dataset.facts_by_id["plan-nombre-axes"].value, "fr")), text  # type: ignore[union-attr]
    assert len(dataset.axes) == dataset.facts_by_id["plan-nombre-axes"].value  # type: ignore[union-attr]
