"""Check stage: the files merge into one typed Dataset, each section in exactly one file; references, quotes, values
and extracts are checked together, and the result holds all that export and render need."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from callcma import stages
from callcma.errors import DataError
from callcma.model import PartKind
from callcma.settings import Publication
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_check import Checked, check, parse
from helpers import PROJECT, edit, validation_problems


def test_minimal_data_set_is_valid(minimal_data: Path) -> None:
    dataset, _ = parse(load_documents(minimal_data))
    assert [item.id for _, item in dataset.cited()][:3] == ["convention-objet", "budget-montant", "budget-duree"]


def test_the_result_holds_what_export_and_render_need(checked: Checked) -> None:
    assert checked.build_date == PROJECT.build_date and checked.publication == Publication()
    assert sorted(checked.extracts) == ["decoupage-administratif-2019", "decoupage-administratif-2026"]
    assert set(checked.places) == {citation for _, _, citation in checked.dataset.citations() if citation.quote is not None}
    assert PartKind.CAPTION in checked.places.values()
    # The page of a section is the one named like its data file: no list of pages by section to keep.
    assert {section: checked.section_pages[section] for section in ("budget", "timeline", "organisations", "people", "datasets", "glossary")} == {
        "budget": "budget.md", "timeline": "calendrier.md", "organisations": "partenaires.md", "people": "partenaires.md", "datasets": "sources.md", "glossary": "glossaire.md",
    }


def test_settings_pass_through_the_result(minimal_data: Path) -> None:
    publication = Publication(publisher="Éditeur")
    checked = check(load_documents(minimal_data), minimal_data / "sources", date(2026, 12, 5), publication)
    assert (checked.build_date, checked.publication) == (date(2026, 12, 5), publication)


def test_references_quotes_and_extracts_are_reported_together(data_copy: Path) -> None:
    edit(data_copy / "budget.yaml", "source: article-call-cma-partenariat\n        quote: Pour le mettre", "source: article-inconnu\n        quote: Pour le mettre")
    edit(data_copy / "calendrier.yaml", "quote: L’Agglomération a enregistré 500", "quote: Absent, l’Agglomération a enregistré 500")
    extract = data_copy / "sources" / "decoupage-administratif-2019.json"
    extract.write_bytes(extract.read_bytes() + b" ")
    with pytest.raises(DataError) as caught:
        stages.check_data(data_copy)
    fields = {problem.field.split(".")[-1] for problem in caught.value.problems}
    assert {"source", "quote", "extract_sha256"} <= fields


def test_unknown_section(minimal_data: Path) -> None:
    edit(minimal_data / "accueil.yaml", "key_figures:", "key_figure:")
    assert validation_problems(minimal_data) == [
        "data/accueil.yaml:1:1: key_figure: unknown section 'key_figure' (did you mean 'key_figures'?); expected one of: sources, datasets, units, communes, organisations, people,"
        " convention, axes, budget, timeline, territory, declarations, glossary, unknowns, key_figures",
    ]


def test_section_missing_from_every_file(minimal_data: Path) -> None:
    (minimal_data / "accueil.yaml").unlink()
    assert validation_problems(minimal_data) == ["data:1:1: key_figures: required section is missing; add it to one data/*.yaml file"]


def test_section_defined_in_two_files(minimal_data: Path) -> None:
    (minimal_data / "zz.yaml").write_text("key_figures: []\n", encoding="utf-8")
    assert validation_problems(minimal_data) == ["data/zz.yaml:1:1: key_figures: section already defined in data/accueil.yaml; each section lives in one file"]

