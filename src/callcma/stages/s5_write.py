"""Write stage: the generated pages and open data as ordinary files under docs/, and nothing else touched.

Layout (the engines read docs/ as usual and skip folders whose name starts with a dot)::

    docs/budget.md, docs/donnees/faits.csv …   the generated files, plain files a clone on any system reads the same
    docs/.generated/manifest.json             which files the build wrote, with their digests and the digest of
                                              their inputs (callcma.inputs)

The manifest is the build's only claim on docs/: a file it lists is replaced or removed, anything else is never
deleted nor overwritten (a page or folder of the user's with a generated name stops the build, one line each). A build
writes the changed files into a folder of its own first, records its intent in the manifest (every name it may now
hold, inputs unknown), then renames each file into place, removes those no longer generated, and records the manifest
of the new set. A kill -9 between those renames leaves some files new and some old under a manifest that says so: the
next build (which the engine always follows) starts by finishing the job. The published site is never mixed: it is
built, then swapped in whole (s7_publish).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import DataError, Problem

GENERATIONS = ".generated"
MANIFEST = "manifest.json"
_STAGING_PREFIX = "staging-"
# A generated file's name relative to docs/, as the manifest may list it: plain segments, never « .. » nor absolute.
_NAME = re.compile(r"^[\w-][\w.-]*(/[\w-][\w.-]*)*$")


def write_files(root: Path, files: dict[str, bytes], inputs: str | None = None) -> list[str]:
    """Make ``files`` (relative path → bytes) the generated set under ``root``; return the relative paths that changed.

    ``inputs`` is the digest of what the files were made from (callcma.inputs), kept in the manifest. Nothing is written
    when nothing changed, so that `mkdocs serve`, which watches docs/, does not rebuild forever. Any operating-system
    error is one problem, and leaves every file the build did not write as it was.
    """
    try:
        return _replace(root, files, inputs)
    except OSError as error:
        where = error.filename or root
        raise DataError([Problem(Path(where).as_posix(), 1, 1, "(write)", f"cannot write the generated files: {error.strerror or error}; the previous pages were kept")]) from None


def read_generation(root: Path) -> dict[str, bytes]:
    """The generated set in use under ``root``, by relative path (empty before the first build)."""
    return {name: path.read_bytes() for name in _manifest(root).get("files", {}) if (path := root / name).is_file() and not path.is_symlink()}


def is_up_to_date(root: Path, inputs: str) -> bool:
    """Whether docs/ holds exactly the files that the manifest says were made from ``inputs``, each intact."""
    manifest = _manifest(root)
    try:
        return bool(manifest) and manifest.get("inputs") == inputs and manifest.get("files") == _digests(read_generation(root))
    except OSError:
        return False


def _manifest(root: Path) -> dict[str, object]:
    """What the manifest says, its names checked (a tampered one cannot name a file outside docs/); empty when unreadable."""
    try:
        manifest = json.loads((root / GENERATIONS / MANIFEST).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        return {}
    return {"inputs": manifest.get("inputs"), "files": {name: digest for name, digest in manifest["files"].items() if isinstance(name, str) and _NAME.match(name)}}


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())}


def _replace(root: Path, files: dict[str, bytes], inputs: str | None) -> list[str]:
    store = root / GENERATIONS
    owned: dict[str, str] = _manifest(root).get("files", {})  # type: ignore[assignment]
    on_disk = read_generation(root)
    changed = sorted(name for name in files.keys() | owned.keys() if files.get(name) != on_disk.get(name))
    if not changed and owned == _digests(files):
        if _manifest(root).get("inputs") != inputs:
            _write_manifest(store, files, inputs)  # the same files from other inputs (a comment changed)
        return []
    _refuse_foreign(root, files, owned)
    store.mkdir(parents=True, exist_ok=True)
    _clear(store)  # what a killed build left: its staging folder, and the layout of earlier versions
    staging = Path(tempfile.mkdtemp(dir=store, prefix=_STAGING_PREFIX))
    try:
        for name in changed:
            if name in files:
                _write_file(staging / name, files[name])
        # The intent, before the first rename: every name now the build's, inputs unknown (not up to date).
        _write_manifest(store, files | {name: on_disk.get(name, b"") for name in owned.keys() - files.keys()}, None)
        for name in changed:
            if name in files:
                _release_legacy_link(root, name)
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, root / name)
        for name in sorted(owned.keys() - files.keys()):
            _remove_generated(root, name)
        _write_manifest(store, files, inputs)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return changed


def _refuse_foreign(root: Path, files: dict[str, bytes], owned: dict[str, str]) -> None:
    """Stop before writing anything if a generated file's place holds something the build did not write."""
    problems = []
    for name in sorted(files):
        path = root / name
        parents = [root.joinpath(*Path(name).parts[:depth]) for depth in range(1, len(Path(name).parts))]
        # A folder of the path may be missing (it is made), a folder (written in), or an earlier version's link.
        blocking = next((parent for parent in parents if parent.is_symlink() or parent.exists() and not parent.is_dir()), None)
        if blocking is not None:
            if not _is_legacy_link(root, blocking):
                problems.append(Problem(blocking.as_posix(), 1, 1, "(write)", f"the build writes {name} in a folder here, and this is not a folder it can write in (a file or a link); move or rename it"))
        elif path.is_dir() and not path.is_symlink():
            problems.append(Problem(path.as_posix(), 1, 1, "(write)", "a folder not written by the build stands where it writes a generated file; move or rename it"))
        elif (path.exists() or path.is_symlink()) and name not in owned and not _is_legacy_link(root, path):
            problems.append(Problem(path.as_posix(), 1, 1, "(write)", "a file not written by the build has the name of a generated page or file; move or rename it"))
    if problems:
        raise DataError(problems)


def remove_generated(root: Path) -> None:
    """Remove every file the build wrote under ``root`` (and the folders they leave empty), and its manifest: `make clean`."""
    for name in _manifest(root).get("files", {}):
        _remove_generated(root, name)
    for path in root.iterdir() if root.is_dir() else ():
        if _is_legacy_link(root, path):
            path.unlink()
    store = root / GENERATIONS
    if store.is_dir() and not store.is_symlink():
        _clear(store)
        (store / MANIFEST).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            store.rmdir()  # unless something of the user's is in it


def _write_file(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())  # on disk before the rename, so that a power cut cannot leave it empty
    path.chmod(0o644)  # the site is read by other users (a web server)


def _write_manifest(store: Path, files: dict[str, bytes], inputs: str | None) -> None:
    """Write the manifest in one rename, never half written."""
    store.mkdir(parents=True, exist_ok=True)
    temporary = store / f".{MANIFEST}.{os.getpid()}.tmp"
    _write_file(temporary, json.dumps({"inputs": inputs, "files": _digests(files)}, indent=1, sort_keys=True).encode())
    os.replace(temporary, store / MANIFEST)


def _remove_generated(root: Path, name: str) -> None:
    """Remove a file the build wrote and no longer generates, and the folders it leaves empty; never anything else."""
    path = root / name
    if path.is_symlink() or not path.is_file():
        return  # replaced by something of the user's since
    path.unlink()
    for parent in path.parents:
        if parent == root:
            break
        try:
            parent.rmdir()  # only when empty: a file of the user's in it keeps it
        except OSError:
            break


def _clear(store: Path) -> None:
    """Remove what a killed build left in its own folder (a staging folder, a manifest being written), and the
    generations of the earlier layout; nothing else, even there."""
    for path in store.iterdir():
        if path.is_symlink():
            if path.name == _LEGACY_CURRENT:
                path.unlink()
        elif path.is_dir() and (path.name.startswith(_STAGING_PREFIX) or (path.name.startswith(_LEGACY_PREFIX) and (path / _LEGACY_MANIFEST).is_file())):
            shutil.rmtree(path)
        elif path.name.startswith(f".{MANIFEST}.") and path.name.endswith(".tmp"):
            path.unlink()


# Earlier versions of the build kept each generation in docs/.generated/gen-<random>/ (with its .manifest.json) and
# linked each page and the open data folder to it through docs/.generated/current: those links and folders were written
# by the build, are named by nothing else, and give way to the plain files.
_LEGACY_CURRENT = "current"
_LEGACY_PREFIX = "gen-"
_LEGACY_MANIFEST = ".manifest.json"


def _is_legacy_link(root: Path, path: Path) -> bool:
    return path.is_symlink() and os.readlink(path) == f"{GENERATIONS}/{_LEGACY_CURRENT}/{path.relative_to(root).as_posix()}"


def _release_legacy_link(root: Path, name: str) -> None:
    first = root / Path(name).parts[0]
    if _is_legacy_link(root, first):
        first.unlink()
