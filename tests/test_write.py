"""Write stage: the generated set is replaced in one step, only when it changed, and nothing else is ever touched."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path

import pytest

from callcma import build
from callcma.errors import DataError
from callcma.stages import s6_write
from callcma.stages.s6_write import is_up_to_date, read_generation, write_files
from callcma.wording import read_wording
from helpers import PROJECT, shown

GENERATED_MARKER = f"<!-- {read_wording().generated_marker} -->"
PAGE = f"---\ntitle: x\n---\n{GENERATED_MARKER}\n\n# Page\n".encode()
OLD = {"index.md": PAGE, "ancienne.md": PAGE, "donnees/faits.csv": b"id\n"}
NEW = {"index.md": PAGE + b"nouveau\n", "donnees/faits.csv": b"id,label\n", "donnees/schema.json": b"{}\n"}


def everything(docs: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under docs/, hidden ones too, links as their targets: any write changes it."""
    return {
        path.relative_to(docs).as_posix(): ("link", os.readlink(path)) if path.is_symlink() else ("file", path.read_bytes()) if path.is_file() else ("folder", "")
        for path in sorted(docs.rglob("*"))
    }


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A docs/ folder with a hand-written page and asset, and one generated set already in place."""
    folder = tmp_path / "docs"
    (folder / "assets").mkdir(parents=True)
    (folder / "assets" / "site.css").write_bytes(b"body{}")
    # issue 8, case 5: a hand-written page that merely shows the marker in a code block
    (folder / "contribuer.md").write_bytes(f"# Contribuer\n\n```\n{GENERATED_MARKER}\n```\n".encode())
    assert write_files(folder, OLD) == sorted(OLD)
    return folder


def test_the_generated_set_is_shown_under_docs_beside_the_hand_written_files(docs: Path) -> None:
    assert shown(docs) == OLD | {"assets/site.css": b"body{}", "contribuer.md": (docs / "contribuer.md").read_bytes()}
    assert read_generation(docs) == OLD
    assert stat.S_IMODE((docs / "index.md").stat().st_mode) == 0o644


def test_an_unchanged_set_writes_nothing(docs: Path) -> None:
    before = everything(docs)
    assert write_files(docs, OLD) == []
    assert everything(docs) == before


def test_a_new_set_replaces_the_old_one_and_removes_only_what_the_build_wrote(docs: Path) -> None:
    assert write_files(docs, NEW) == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert shown(docs) == NEW | {"assets/site.css": b"body{}", "contribuer.md": (docs / "contribuer.md").read_bytes()}
    assert sorted(path.name for path in (docs / s6_write.GENERATIONS).iterdir()) == sorted([s6_write.CURRENT, os.readlink(docs / s6_write.GENERATIONS / s6_write.CURRENT)])


def test_a_full_disk_leaves_the_old_set_whole(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(docs)
    calls = []

    def fill_up(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:  # the first file written, the second not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("callcma.stages.s6_write.os.fsync", fill_up)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{docs.as_posix()}:1:1: (write): cannot write the generated files: No space left on device; the previous pages were kept"
    ]
    assert everything(docs) == before


def test_a_read_only_docs_folder_is_one_line_and_leaves_the_old_set(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(docs)
    store = docs / s6_write.GENERATIONS

    def read_only(*_: object, **__: object) -> str:
        # Faked: the tests may run as root, whom file permissions do not stop.
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(store))

    monkeypatch.setattr("callcma.stages.s6_write.tempfile.mkdtemp", read_only)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{store.as_posix()}:1:1: (write): cannot write the generated files: Read-only file system; the previous pages were kept"
    ]
    assert everything(docs) == before


def test_a_user_file_with_a_generated_name_is_never_replaced(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "donnees" / "photos").mkdir(parents=True)
    (docs / "donnees" / "photos" / "vacances.jpg").write_bytes(b"jpeg")
    (docs / "index.md").write_bytes(b"# Mon accueil\n")
    before = everything(docs)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    message = "(write): a file not written by the build has the name of a generated page or folder; move or rename it"
    assert [str(problem) for problem in caught.value.problems] == [f"{(docs / 'donnees').as_posix()}:1:1: {message}", f"{(docs / 'index.md').as_posix()}:1:1: {message}"]
    assert everything(docs) == before


@pytest.mark.parametrize("marker", [GENERATED_MARKER])
def test_pages_and_exports_of_earlier_builds_written_in_place_are_taken_over(tmp_path: Path, marker: str) -> None:
    docs = tmp_path / "docs"
    (docs / "donnees").mkdir(parents=True)
    (docs / "donnees" / "faits.csv").write_bytes(b"ancien\n")
    (docs / "index.md").write_bytes(PAGE.replace(GENERATED_MARKER.encode(), marker.encode()))
    assert write_files(docs, NEW) == sorted(NEW)
    assert shown(docs) == NEW


def test_a_changed_fact_changes_only_the_files_that_show_it(data_copy: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    before = shown(docs)
    budget = data_copy / "budget.yaml"
    # Same length, so that the download sizes shown on the open data page stay the same.
    budget.write_text(budget.read_text(encoding="utf-8").replace("label: Financeurs", "label: Payeurs ok"), encoding="utf-8")
    changed = build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    assert changed == ["budget.md", "donnees/convention.json", "donnees/faits.csv", "donnees/faits.xlsx"]
    after = shown(docs)
    assert {name for name in before if before[name] != after[name]} == set(changed)


def test_a_copy_of_docs_that_followed_the_links_builds_on(docs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(docs, copy)  # links become plain files and folders
    assert not (copy / s6_write.GENERATIONS / s6_write.CURRENT).is_symlink()
    assert write_files(copy, NEW) == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert shown(copy) == NEW | {"assets/site.css": b"body{}", "contribuer.md": (docs / "contribuer.md").read_bytes()}


# --- up to date: the manifest of a generation ---------------------------------------------------------------------------


def test_a_generation_written_from_some_inputs_is_up_to_date_for_those_inputs_only(docs: Path) -> None:
    assert write_files(docs, NEW, "inputs-1") == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert is_up_to_date(docs, "inputs-1")
    assert not is_up_to_date(docs, "inputs-2")
    assert read_generation(docs) == NEW  # the manifest is not one of the generated files
    assert s6_write.MANIFEST not in shown(docs)


def test_the_same_pages_from_other_inputs_only_update_the_manifest(docs: Path) -> None:
    write_files(docs, NEW, "inputs-1")
    generation = os.readlink(docs / s6_write.GENERATIONS / s6_write.CURRENT)
    assert write_files(docs, NEW, "inputs-2") == []
    assert is_up_to_date(docs, "inputs-2") and not is_up_to_date(docs, "inputs-1")
    assert os.readlink(docs / s6_write.GENERATIONS / s6_write.CURRENT) == generation


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda docs: (docs / "index.md").write_bytes(b"# retouche\n"), id="a page edited through its link"),
        pytest.param(lambda docs: (docs / s6_write.GENERATIONS / s6_write.CURRENT / "donnees" / "schema.json").unlink(), id="a file removed"),
        pytest.param(lambda docs: (docs / s6_write.GENERATIONS / s6_write.CURRENT / "extra.md").write_bytes(b"x"), id="a file added"),
        pytest.param(lambda docs: (docs / "index.md").unlink(), id="a page's link removed"),
        pytest.param(lambda docs: (docs / s6_write.GENERATIONS / s6_write.CURRENT / s6_write.MANIFEST).unlink(), id="no manifest"),
        pytest.param(lambda docs: (docs / s6_write.GENERATIONS / s6_write.CURRENT / s6_write.MANIFEST).write_bytes(b"[1"), id="a garbled manifest"),
        pytest.param(lambda docs: shutil.rmtree(docs / s6_write.GENERATIONS), id="no generation"),
    ],
)
def test_a_damaged_generation_is_not_up_to_date(docs: Path, damage: Callable[[Path], object]) -> None:
    write_files(docs, NEW, "inputs-1")
    damage(docs)
    assert not is_up_to_date(docs, "inputs-1")


def test_a_generation_without_inputs_is_never_up_to_date(docs: Path) -> None:
    write_files(docs, NEW)
    assert not is_up_to_date(docs, "null")
