"""The wording file: every certainty level of the model has its words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from callcma.model import Certainty
from callcma.wording import WORDING_FILE, read_wording


def test_the_shipped_wording_covers_every_level() -> None:
    assert set(read_wording().certainty) == set(Certainty)


def test_a_level_without_words_is_refused(tmp_path: Path) -> None:
    content = yaml.safe_load(WORDING_FILE.read_text(encoding="utf-8"))
    del content["certainty"]["calculé"]
    path = tmp_path / "wording.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="certainty must give the words of exactly"):
        read_wording(path)
