"""The wording file: every unit and certainty level of the model has its words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from callcma.model import Certainty, Dataset, Unit
from callcma.wording import WORDING_FILE, read_wording


def test_the_shipped_wording_covers_every_unit_and_level() -> None:
    wording = read_wording()
    assert set(wording.units) == set(Unit) and set(wording.certainty) == set(Certainty)


def test_a_level_without_words_is_refused(tmp_path: Path) -> None:
    content = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    del content["certainty"]["calculé"]
    path = tmp_path / "wording.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="certainty must give the words of exactly"):
        read_wording(path)


def test_every_fact_framed_in_time_exists(dataset: Dataset) -> None:
    framed = [fact_id for ids in read_wording().time_framing.values() for fact_id in ids]
    assert framed and set(framed) <= set(dataset.facts_by_id)
