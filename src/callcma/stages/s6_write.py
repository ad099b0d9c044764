"""Write stage: replace the whole generated set under docs/ in one step, and touch nothing the build did not write.

Layout (the engines read docs/ as usual; MkDocs skips folders whose name starts with a dot)::

    docs/.generated/gen-1a2b3c/…     one generation: every page and open data file of one build
    docs/.generated/current          symbolic link to the generation in use
    docs/budget.md                   symbolic link to .generated/current/budget.md (one per page)
    docs/donnees                     symbolic link to .generated/current/donnees
    docs/.generated/gen-1a2b3c/.manifest.json   the digest of the generation's inputs and of each file it holds

A build writes a fresh generation beside the old one, then renames a new ``current`` link over the old one:
a rename is atomic, so whatever fails or kills the build (a full disk, a read-only folder, kill -9), readers see
either the whole old set or the whole new one. The generation in use is the manifest of what the build wrote:
only those names are ever replaced or removed, never a file written by hand. Its manifest tells the next build
whether the pages are up to date: same inputs (callcma.inputs), every file intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import DataError, Problem

GENERATIONS = ".generated"
CURRENT = "current"
MANIFEST = ".manifest.json"
_GENERATION_PREFIX = "gen-"


def write_files(root: Path, files: dict[str, bytes], inputs: str | None = None) -> list[str]:
    """Make ``files`` (relative path → bytes) the generated set under ``root``; return the relative paths that changed.

    ``inputs`` is the digest of what the files were made from (callcma.inputs), kept in the generation's manifest.
    Nothing is written when nothing changed, so that `mkdocs serve`, which watches docs/, does not rebuild forever.
    Any operating-system error is one problem, and leaves the old set in place.
    """
    try:
        return _replace_generation(root, files, inputs)
    except OSError as error:
        where = error.filename or root
        raise DataError([Problem(Path(where).as_posix(), 1, 1, "(write)", f"cannot write the generated files: {error.strerror or error}; the previous pages were kept")]) from None


def read_generation(root: Path) -> dict[str, bytes]:
    """The generated set in use under ``root``, by relative path (empty before the first build); its manifest aside."""
    current = root / GENERATIONS / CURRENT
    if not current.is_dir():
        return {}
    return {name: path.read_bytes() for path in sorted(current.rglob("*")) if path.is_file() and (name := path.relative_to(current).as_posix()) != MANIFEST}


def is_up_to_date(root: Path, inputs: str) -> bool:
    """Whether the generation in use was made from ``inputs``, still holds exactly its files, and docs/ links to them."""
    try:
        manifest = json.loads((root / GENERATIONS / CURRENT / MANIFEST).read_bytes())
        files = read_generation(root)
    except (OSError, ValueError):
        return False
    return (
        isinstance(manifest, dict)
        and manifest.get("inputs") == inputs
        and manifest.get("files") == _digests(files)
        and all(_is_our_link(root / entry) for entry in {name.split("/")[0] for name in files})
    )


def _digests(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())}


def _manifest(files: dict[str, bytes], inputs: str | None) -> bytes:
    return json.dumps({"inputs": inputs, "files": _digests(files)}, indent=1, sort_keys=True).encode()


def _replace_generation(root: Path, files: dict[str, bytes], inputs: str | None) -> list[str]:
    _keep_current_a_link(root / GENERATIONS)
    old = read_generation(root)
    entries = sorted({name.split("/")[0] for name in files})
    old_entries = sorted({name.split("/")[0] for name in old})
    changed = sorted(name for name in files.keys() | old.keys() if files.get(name) != old.get(name))
    if not changed and all(_is_our_link(root / entry) for entry in entries):
        _write_manifest(root / GENERATIONS / CURRENT, files, inputs)  # same pages from other inputs (a comment changed)
        return []
    _refuse_foreign_entries(root, files, entries)
    store = root / GENERATIONS
    store.mkdir(parents=True, exist_ok=True)
    generation = Path(tempfile.mkdtemp(dir=store, prefix=_GENERATION_PREFIX))
    try:
        _write_tree(generation, files)
        _write_manifest(generation, files, inputs)
        _point(store / CURRENT, generation.name)  # the one step that switches every page at once
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    for entry in entries:
        if not _is_our_link(root / entry):
            _remove_legacy(root / entry)
            _point(root / entry, f"{GENERATIONS}/{CURRENT}/{entry}")
    for entry in old_entries:
        if entry not in entries and (_is_our_link(root / entry) or _is_legacy(root / entry, old)):
            _remove_legacy(root / entry)
    for folder in store.iterdir():
        if folder.name.startswith(_GENERATION_PREFIX) and folder != generation:
            shutil.rmtree(folder, ignore_errors=True)
    return changed


def _keep_current_a_link(store: Path) -> None:
    """A copy of docs/ that followed the links (cp -r, shutil.copytree) holds ``current`` as a folder: make it a generation."""
    current = store / CURRENT
    if current.is_dir() and not current.is_symlink():
        generation = Path(tempfile.mkdtemp(dir=store, prefix=_GENERATION_PREFIX))
        os.replace(current, generation)
        _point(current, generation.name)


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    for name, content in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before the switch, so that a power cut cannot leave it empty
        path.chmod(0o644)
    folder.chmod(0o755)  # mkdtemp makes it private; the site is read by other users (a web server)


def _write_manifest(generation: Path, files: dict[str, bytes], inputs: str | None) -> None:
    """Write the generation's manifest, unless it already says the same: replaced in one rename, never half written."""
    path = generation / MANIFEST
    content = _manifest(files, inputs)
    if path.is_file() and path.read_bytes() == content:
        return
    temporary = path.with_name(f"{MANIFEST}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    temporary.chmod(0o644)
    os.replace(temporary, path)


def _point(link: Path, target: str) -> None:
    """Make ``link`` a symbolic link to ``target``, replacing what was there in one rename."""
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _is_our_link(path: Path) -> bool:
    return path.is_symlink() and os.readlink(path) == f"{GENERATIONS}/{CURRENT}/{path.name}"


def _refuse_foreign_entries(root: Path, files: dict[str, bytes], entries: list[str]) -> None:
    """Stop before writing anything if a page or folder to be generated has the name of something written by hand."""
    problems = [
        Problem((root / entry).as_posix(), 1, 1, "(write)", "a file not written by the build has the name of a generated page or folder; move or rename it")
        for entry in entries
        if (root / entry).exists() and not _is_our_link(root / entry) and not _is_legacy(root / entry, files)
    ]
    if problems:
        raise DataError(problems)


def _is_legacy(path: Path, files: dict[str, bytes]) -> bool:
    """What earlier versions of the build wrote in place: a page that starts with the marker, or a folder of exports only."""
    if path.is_dir() and not path.is_symlink():
        names = [child.relative_to(path.parent).as_posix() for child in path.rglob("*") if not child.is_dir()]
        return all(name in files for name in names)
    if path.is_file() and not path.is_symlink():
        from ..wording import read_wording  # typed with pydantic: imported only when a page written in place remains

        wording = read_wording()
        with path.open(encoding="utf-8", errors="replace") as stream:
            head = [line.rstrip("\n") for _, line in zip(range(50), stream)]
        # The marker stands on its own line right after the front matter, never inside a code block.
        closing = head.index("---", 1) if head[:1] == ["---"] and "---" in head[1:] else -1
        return closing >= 0 and closing + 1 < len(head) and head[closing + 1] == f"<!-- {wording.generated_marker} -->"
    return False


def _remove_legacy(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
