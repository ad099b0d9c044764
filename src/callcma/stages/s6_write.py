"""Write stage: put generated files under docs/, touching only those whose content changed."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..wording import read_wording


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write atomically and only on change, so `mkdocs serve` does not see a new file and rebuild forever."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def write_files(root: Path, files: dict[str, bytes], owned_dirs: tuple[str, ...] = ()) -> list[str]:
    """Write ``files`` (relative path → bytes) under ``root``; delete stale generated ones.

    A stale file is a page that carries the generated marker, or any file in one of
    ``owned_dirs`` (folders the build alone fills), that the build no longer produces.
    Returns the relative paths that changed.
    """
    changed = [name for name, content in sorted(files.items()) if write_if_changed(root / name, content)]
    for path in sorted(_generated_files(root, owned_dirs)):
        name = path.relative_to(root).as_posix()
        if name not in files:
            path.unlink()
            changed.append(name)
    return changed


def _generated_files(root: Path, owned_dirs: tuple[str, ...]) -> list[Path]:
    pages = [path for path in root.glob("*.md") if _is_generated(path)]
    owned = [path for folder in owned_dirs for path in (root / folder).rglob("*") if path.is_file()]
    return pages + owned


def _is_generated(path: Path) -> bool:
    # The marker follows the front matter, whose length varies with the page's metadata.
    with path.open(encoding="utf-8", errors="replace") as stream:
        marker = read_wording().generated_marker
        return any(marker in line for _, line in zip(range(50), stream))
