"""The whole pipeline on the real data, and on broken copies of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from callcma import build
from callcma.errors import DataError
from helpers import PROJECT


def test_real_data_passes_every_check() -> None:
    dataset = build.check_data(PROJECT.data_dir)
    assert len(list(dataset.cited())) >= 50


def test_generation_writes_pages_then_nothing_when_unchanged(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = build.generate_site_sources(replace(PROJECT, docs_dir=docs))
    assert "index.md" in first and "donnees/convention.json" in first
    assert build.generate_site_sources(replace(PROJECT, docs_dir=docs)) == []


def test_wrong_quote_stops_the_build_and_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace("consacreront 140 000 euros sur", "dépenseront 140 000 euros sur"), encoding="utf-8")
    docs = tmp_path / "docs"
    with pytest.raises(DataError) as caught:
        build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    assert not docs.exists()
    assert [str(problem) for problem in caught.value.problems] == [
        "data/budget.yaml:11:16: budget[0].citations[0].quote: the quote supporting 'budget-montant' is not in"
        " data/sources/article-call-cma-partenariat.txt: «les deux partenaires dépenseront 140 000 euros sur les trois années à venir»",
        "data/budget.yaml:37:16: budget[3].citations[0].quote: the quote supporting 'budget-moyenne-annuelle' is not in"
        " data/sources/article-call-cma-partenariat.txt: «les deux partenaires dépenseront 140 000 euros sur les trois années à venir»",
    ]
