"""Write stage: only changed files are written, atomically; stale generated files go, hand-written ones stay."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from callcma import build
from callcma.wording import read_wording
from callcma.stages.s6_write import write_files, write_if_changed
from helpers import PROJECT

PAGE = f"---\ntitle: x\n---\n{read_wording().generated_marker}\n\n# Page\n".encode()


def state(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of every file: a rewrite changes one of them."""
    return {path.relative_to(folder).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


def test_write_if_changed_writes_new_and_changed_content_only(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "page.md"
    assert write_if_changed(path, b"one") is True
    before = state(tmp_path)
    assert write_if_changed(path, b"one") is False
    assert state(tmp_path) == before
    assert write_if_changed(path, b"two") is True
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [entry.name for entry in path.parent.iterdir()] == ["page.md"]  # no temporary file left behind


def test_write_if_changed_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "page.md"
    path.write_bytes(b"old")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("callcma.stages.s6_write.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_if_changed(path, b"new")
    assert path.read_bytes() == b"old"
    assert [entry.name for entry in tmp_path.iterdir()] == ["page.md"]


def test_write_files_removes_stale_generated_files_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "ancienne.md").write_bytes(PAGE)
    (tmp_path / "a-la-main.md").write_bytes(b"# Written by hand\n")
    (tmp_path / "donnees").mkdir()
    (tmp_path / "donnees" / "ancien.csv").write_bytes(b"a,b\n")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_bytes(b"body{}")
    changed = write_files(tmp_path, {"index.md": PAGE, "donnees/faits.csv": b"id\n"}, owned_dirs=("donnees",))
    assert changed == ["donnees/faits.csv", "index.md", "ancienne.md", "donnees/ancien.csv"]
    assert sorted(state(tmp_path)) == ["a-la-main.md", "assets/site.css", "donnees/faits.csv", "index.md"]
    assert write_files(tmp_path, {"index.md": PAGE, "donnees/faits.csv": b"id\n"}, owned_dirs=("donnees",)) == []


def test_a_changed_fact_rewrites_only_the_files_that_show_it(data_copy: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    before = state(docs)
    budget = data_copy / "budget.yaml"
    # Same length, so that the download sizes shown on the open data page stay the same.
    budget.write_text(budget.read_text(encoding="utf-8").replace("label: Financeurs", "label: Payeurs ok"), encoding="utf-8")
    changed = build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    assert changed == ["budget.md", "donnees/convention.json", "donnees/faits.csv", "donnees/faits.xlsx"]
    after = state(docs)
    assert {name for name in before if before[name] != after[name]} == set(changed)
