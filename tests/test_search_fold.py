"""After the engine's build: the French search file of Material's theme ends with the folding script, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import PROJECT

from callcma.search_fold import FRENCH_SEARCH, SEARCH_FOLD_SCRIPT, add_search_fold


def test_the_folding_script_is_appended_once(tmp_path: Path) -> None:
    french = tmp_path / FRENCH_SEARCH
    french.parent.mkdir(parents=True)
    french.write_bytes(b"lunr.fr=1;")
    add_search_fold(tmp_path, PROJECT.root)
    add_search_fold(tmp_path, PROJECT.root)  # `mkdocs serve` and a second `callcma site` run it again on the same file
    assert french.read_bytes() == b"lunr.fr=1;\n" + (PROJECT.root / SEARCH_FOLD_SCRIPT).read_bytes()


def test_a_site_without_lunr_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "search.js").write_bytes(b"//")  # Zensical: its own search
    add_search_fold(tmp_path, PROJECT.root)
    assert [path.name for path in tmp_path.rglob("*")] == ["search.js"]


def test_a_theme_without_the_french_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / FRENCH_SEARCH).parent.mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="the theme no longer ships assets/javascripts/lunr/min/lunr.fr.min.js"):
        add_search_fold(tmp_path, PROJECT.root)
