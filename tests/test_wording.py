"""The wording file: every certainty level of the model has its words, and it is checked like data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from callcma.errors import DataError
from callcma.model import Certainty, Dataset
from callcma.wording import WORDING_FILE, read_wording


def test_the_shipped_wording_covers_every_level() -> None:
    assert set(read_wording().certainty) == set(Certainty)


def problems(tmp_path: Path, edit: dict[str, object]) -> list[str]:
    content = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    for dotted, value in edit.items():
        *parents, last = dotted.split(".")
        target = content
        for key in parents:
            target = target[key]
        if value is None:
            del target[last]
        else:
            target[last] = value
    path = tmp_path / "wording.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_wording(path)
    return [str(problem) for problem in caught.value.problems]


def test_a_level_without_words_is_refused(tmp_path: Path) -> None:
    [line] = problems(tmp_path, {"certainty.calculé": None})
    assert line == "templates/wording.yaml:14:3: certainty: expected the words of exactly appréciation, attesté, calculé, déclaration, déduit (got appréciation, attesté, déclaration, déduit)"


def test_what_would_become_markup_is_refused_at_its_line(tmp_path: Path) -> None:
    assert problems(tmp_path, {"generated_marker": "fin --><script>alert(1)</script><!--", "anchors.fact": 'fait" onclick="x', "identifiers.insee": "\u202eINSEE", "certainty.attesté": "ligne\u2028coupée"}) == [
        "templates/wording.yaml:1:19: generated_marker: expected the text of an HTML comment, on one line, without « -- », « < » or « > » (got 'fin --><script>alert(1)</script><!--')",
        "templates/wording.yaml:3:9: anchors.fact: expected the start of an element id: lowercase letters, digits and hyphens, starting with a letter (got 'fait\" onclick=\"x')",
        "templates/wording.yaml:11:10: (text): invisible or text-direction characters are not allowed; remove them (got '<U+202E>INSEE')",
        "templates/wording.yaml:14:12: (text): invisible or text-direction characters are not allowed; remove them (got 'ligne<U+2028>coupée')",
    ]


def test_every_fact_framed_in_time_exists(dataset: Dataset) -> None:
    framed = [fact_id for framing in read_wording().time_framing for fact_id in framing.facts]
    assert framed and set(framed) <= set(dataset.facts_by_id)
