"""Write stage: the generated files are plain files, replaced only when they changed, and nothing else is ever touched."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from callcma import stages
from callcma.errors import DataError
from callcma.settings import EDITION_NAME
from callcma.stages import s5_write
from callcma.stages.s5_write import is_up_to_date, read_generation, remove_generated, write_files
from helpers import PROJECT, shown

PAGE = b"---\ntitle: x\n---\n<!-- page generee -->\n\n# Page\n"
OLD = {"index.md": PAGE, "ancienne.md": PAGE, "donnees/faits.csv": b"id\n"}
NEW = {"index.md": PAGE + b"nouveau\n", "donnees/faits.csv": b"id,label\n", "donnees/schema.json": b"{}\n"}
HAND_WRITTEN = {"assets/site.css": b"body{}", "contribuer.md": b"# Contribuer\n", "donnees/lisez-moi.txt": b"A lire\n"}
MANIFEST = Path(s5_write.GENERATIONS, s5_write.MANIFEST)


def everything(docs: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every entry under docs/, hidden ones too, with its kind, content and modification time: any write changes it."""
    return {
        path.relative_to(docs).as_posix(): ("link", os.readlink(path), 0) if path.is_symlink() else ("file", path.read_bytes(), path.stat().st_mtime_ns) if path.is_file() else ("folder", "", 0)
        for path in sorted(docs.rglob("*"))
    }


def write_hand_written(docs: Path) -> None:
    for name, content in HAND_WRITTEN.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_bytes(content)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A docs/ folder with hand-written files (one in the open data's folder) and one generated set already in place."""
    folder = tmp_path / "docs"
    write_hand_written(folder)
    assert write_files(folder, OLD) == sorted(OLD)
    return folder


def test_the_generated_files_are_plain_files_beside_the_hand_written_ones(docs: Path) -> None:
    assert shown(docs) == OLD | HAND_WRITTEN
    assert read_generation(docs) == OLD
    assert [path for path in docs.rglob("*") if path.is_symlink()] == []
    assert stat.S_IMODE((docs / "index.md").stat().st_mode) == 0o644
    assert sorted(json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["files"]) == sorted(OLD)


def test_an_unchanged_set_writes_nothing(docs: Path) -> None:
    before = everything(docs)
    assert write_files(docs, OLD) == []
    assert everything(docs) == before


def test_a_new_set_replaces_the_files_that_changed_and_removes_only_what_the_build_wrote(docs: Path) -> None:
    assert write_files(docs, NEW) == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert shown(docs) == NEW | HAND_WRITTEN
    assert sorted(path.name for path in (docs / s5_write.GENERATIONS).iterdir()) == [s5_write.MANIFEST]


def test_a_folder_the_build_no_longer_writes_in_stays_while_it_holds_a_file_of_the_user(docs: Path) -> None:
    assert write_files(docs, {"index.md": PAGE}) == ["ancienne.md", "donnees/faits.csv"]
    assert shown(docs) == {"index.md": PAGE} | HAND_WRITTEN
    (docs / "donnees" / "lisez-moi.txt").unlink()
    write_files(docs, {"index.md": PAGE, "donnees/x.csv": b"x"})
    write_files(docs, {"index.md": PAGE})
    assert not (docs / "donnees").exists()  # made by the build, left empty by it


def test_a_full_disk_leaves_the_old_set_whole(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(docs)
    calls = []

    def fill_up(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:  # the first file written, the second not
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("callcma.stages.s5_write.os.fsync", fill_up)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{docs.as_posix()}:1:1: (write): cannot write the generated files: No space left on device; the previous pages were kept"
    ]
    assert everything(docs) == before


def test_a_read_only_docs_folder_is_one_line_and_leaves_the_old_set(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = everything(docs)
    store = docs / s5_write.GENERATIONS

    def read_only(*_: object, **__: object) -> str:
        # Faked: the tests may run as root, whom file permissions do not stop.
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(store))

    monkeypatch.setattr("callcma.stages.s5_write.tempfile.mkdtemp", read_only)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{store.as_posix()}:1:1: (write): cannot write the generated files: Read-only file system; the previous pages were kept"
    ]
    assert everything(docs) == before


def test_a_build_stopped_between_its_renames_is_finished_by_the_next(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renames = []
    replace_file = os.replace

    def stop_after_one(source: Path, target: Path) -> None:
        renames.append(target)
        if len(renames) == 3:  # the manifest's intent, one file, then stopped as kill -9 would stop it
            raise SystemExit(137)
        replace_file(source, target)

    monkeypatch.setattr("callcma.stages.s5_write.os.replace", stop_after_one)
    with pytest.raises(SystemExit):
        write_files(docs, NEW, "inputs")
    monkeypatch.undo()
    assert shown(docs) not in (OLD | HAND_WRITTEN, NEW | HAND_WRITTEN)  # mixed, under a manifest that says so
    assert not is_up_to_date(docs, "inputs")
    write_files(docs, NEW, "inputs")
    assert shown(docs) == NEW | HAND_WRITTEN
    assert is_up_to_date(docs, "inputs")


# --- files and folders the build did not write (issue 17: lisez-moi.txt, a folder in place of a generated entry) ----


@pytest.mark.parametrize(
    ("make", "blocked", "message"),
    [
        pytest.param(lambda docs: (docs / "index.md").write_bytes(b"# Mon accueil\n"), "index.md", "a file not written by the build has the name of a generated page or file; move or rename it", id="a page"),
        pytest.param(lambda docs: (docs / "donnees" / "faits.csv").write_bytes(b"mes faits"), "donnees/faits.csv", "a file not written by the build has the name of a generated page or file; move or rename it", id="an open data file"),
        pytest.param(lambda docs: (docs / "index.md").mkdir(), "index.md", "a folder not written by the build stands where it writes a generated file; move or rename it", id="a folder"),
        pytest.param(lambda docs: (docs / "donnees").write_bytes(b"x"), "donnees", "the build writes donnees/faits.csv in a folder here, and this is not a folder it can write in (a file or a link); move or rename it", id="a file for a folder"),
        pytest.param(lambda docs: (docs / "donnees").symlink_to("/tmp"), "donnees", "the build writes donnees/faits.csv in a folder here, and this is not a folder it can write in (a file or a link); move or rename it", id="a link for a folder"),
        pytest.param(lambda docs: (docs / "index.md").symlink_to("/etc/hostname"), "index.md", "a file not written by the build has the name of a generated page or file; move or rename it", id="a link for a page"),
    ],
)
def test_what_the_build_did_not_write_in_a_generated_place_stops_it_untouched(tmp_path: Path, make: Callable[[Path], object], blocked: str, message: str) -> None:
    docs = tmp_path / "docs"
    (docs / "donnees" / "photos").mkdir(parents=True)
    (docs / "donnees" / "photos" / "vacances.jpg").write_bytes(b"jpeg")
    shutil.rmtree(docs / "donnees") if blocked == "donnees" else None
    make(docs)
    before = everything(docs)
    with pytest.raises(DataError) as caught:
        write_files(docs, NEW)
    assert f"{(docs / blocked).as_posix()}:1:1: (write): {message}" in [str(problem) for problem in caught.value.problems]
    assert everything(docs) == before


def test_a_folder_put_where_a_generated_folder_stands_is_written_in_never_emptied(docs: Path) -> None:
    (docs / "donnees" / "photos").mkdir()
    (docs / "donnees" / "photos" / "vacances.jpg").write_bytes(b"jpeg")
    write_files(docs, NEW)
    write_files(docs, {"index.md": PAGE})
    assert (docs / "donnees" / "photos" / "vacances.jpg").read_bytes() == b"jpeg"
    assert (docs / "donnees" / "lisez-moi.txt").read_bytes() == HAND_WRITTEN["donnees/lisez-moi.txt"]


def test_a_folder_of_the_user_in_the_builds_own_folder_is_left_alone(docs: Path) -> None:
    # issue 17: a folder put where docs/.generated/current stood lost its files
    mine = docs / s5_write.GENERATIONS / "current"
    mine.mkdir()
    (mine / "mien.txt").write_bytes(b"x")
    write_files(docs, NEW)
    assert (mine / "mien.txt").read_bytes() == b"x"
    assert shown(docs) == NEW | HAND_WRITTEN


def test_a_tampered_manifest_cannot_make_the_build_remove_a_file_outside_docs(docs: Path, tmp_path: Path) -> None:
    outside = tmp_path / "precieux.txt"
    outside.write_bytes(b"x")
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] |= {"../precieux.txt": "0" * 64, "/etc/hostname": "0" * 64, "contribuer.md/../../precieux.txt": "0" * 64}
    (docs / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    write_files(docs, NEW)
    assert outside.read_bytes() == b"x"
    assert shown(docs) == NEW | HAND_WRITTEN


def test_the_links_of_the_earlier_layout_give_way_to_plain_files(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    generation = docs / s5_write.GENERATIONS / "gen-ancienne"
    (generation / "donnees").mkdir(parents=True)
    (generation / ".manifest.json").write_bytes(b"{}")
    (generation / "index.md").write_bytes(b"ancien")
    (generation / "donnees" / "faits.csv").write_bytes(b"ancien")
    (docs / s5_write.GENERATIONS / "current").symlink_to("gen-ancienne")
    (docs / "index.md").symlink_to(".generated/current/index.md")
    (docs / "donnees").symlink_to(".generated/current/donnees")
    (docs / "contribuer.md").write_bytes(b"# Contribuer\n")
    assert write_files(docs, NEW) == sorted(NEW)
    assert shown(docs) == NEW | {"contribuer.md": b"# Contribuer\n"}
    assert [path for path in docs.rglob("*") if path.is_symlink()] == []
    assert sorted(path.name for path in (docs / s5_write.GENERATIONS).iterdir()) == [s5_write.MANIFEST]


def test_make_clean_removes_only_what_the_build_wrote(docs: Path) -> None:
    remove_generated(docs)
    assert shown(docs) == HAND_WRITTEN
    assert not (docs / s5_write.GENERATIONS).exists()


def test_a_changed_fact_changes_only_the_files_that_show_it(data_copy: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    stages.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    before = shown(docs)
    budget = data_copy / "budget.yaml"
    # Same length, so that the download sizes shown on the open data page stay the same.
    budget.write_text(budget.read_text(encoding="utf-8").replace("label: Financeurs", "label: Payeurs ok"), encoding="utf-8")
    changed = stages.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    after = shown(docs)
    expected = {"budget.md", f"donnees/{EDITION_NAME}", "donnees/convention.json", "donnees/faits.csv", "donnees/faits.xlsx"}
    # The pages that link the PDF edition state its size, which a label of the same length changes too (compressed).
    if len(before[f"donnees/{EDITION_NAME}"]) != len(after[f"donnees/{EDITION_NAME}"]):
        expected |= {"donnees.md", "index.md", "sources.md"}
    assert changed == sorted(expected)
    assert {name for name in before if before[name] != after[name]} == set(changed)


def test_a_copy_of_docs_builds_on(docs: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(docs, copy)
    assert write_files(copy, NEW) == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert shown(copy) == NEW | HAND_WRITTEN


# --- up to date: the manifest ------------------------------------------------------------------------------------------


def test_a_set_written_from_some_inputs_is_up_to_date_for_those_inputs_only(docs: Path) -> None:
    assert write_files(docs, NEW, "inputs-1") == ["ancienne.md", "donnees/faits.csv", "donnees/schema.json", "index.md"]
    assert is_up_to_date(docs, "inputs-1")
    assert not is_up_to_date(docs, "inputs-2")
    assert read_generation(docs) == NEW  # the manifest is not one of the generated files
    assert not any(name.startswith(s5_write.GENERATIONS) for name in shown(docs))


def test_the_same_files_from_other_inputs_only_update_the_manifest(docs: Path) -> None:
    write_files(docs, NEW, "inputs-1")
    before = {name: entry for name, entry in everything(docs).items() if not name.startswith(s5_write.GENERATIONS)}
    assert write_files(docs, NEW, "inputs-2") == []
    assert is_up_to_date(docs, "inputs-2") and not is_up_to_date(docs, "inputs-1")
    assert {name: entry for name, entry in everything(docs).items() if not name.startswith(s5_write.GENERATIONS)} == before


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda docs: (docs / "index.md").write_bytes(b"# retouche\n"), id="a page edited"),
        pytest.param(lambda docs: (docs / "donnees" / "schema.json").unlink(), id="a file removed"),
        pytest.param(lambda docs: (docs / "index.md").unlink() or (docs / "index.md").symlink_to("ancienne.md"), id="a page made a link"),
        pytest.param(lambda docs: (docs / MANIFEST).unlink(), id="no manifest"),
        pytest.param(lambda docs: (docs / MANIFEST).write_bytes(b"[1"), id="a garbled manifest"),
        pytest.param(lambda docs: shutil.rmtree(docs / s5_write.GENERATIONS), id="no build folder"),
    ],
)
def test_a_damaged_set_is_not_up_to_date(docs: Path, damage: Callable[[Path], object]) -> None:
    write_files(docs, NEW, "inputs-1")
    damage(docs)
    assert not is_up_to_date(docs, "inputs-1")


def test_a_set_without_inputs_is_never_up_to_date(docs: Path) -> None:
    write_files(docs, NEW)
    assert not is_up_to_date(docs, "null")
