"""Validate stage: the files merge into one typed Dataset; each section lives in exactly one file."""

from __future__ import annotations

from pathlib import Path

from callcma.stages.s1_load import load_documents
from callcma.stages.s2_validate import validate_dataset
from helpers import edit, validation_problems


def test_minimal_data_set_is_valid(minimal_data: Path) -> None:
    dataset, _ = validate_dataset(load_documents(minimal_data))
    assert [item.id for _, item in dataset.cited()][:3] == ["convention-objet", "budget-montant", "budget-duree"]


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

