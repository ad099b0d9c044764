"""What a generation is made from, summed up in one digest: the pages are up to date while it is unchanged.

A generation reads data/ (facts and archived sources), mkdocs.yml (the site's pages and Markdown options), the
package's own code, templates and wording, the libraries it runs on, and the build date. The write stage keeps
the digest beside the pages it wrote; a build whose digest matches, over files left intact, has nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from importlib import metadata
from pathlib import Path

from .errors import DataError
from .files import read_inside
from .settings import MAX_DATA_FILE_BYTES, Settings

PACKAGE_DIR = Path(__file__).resolve().parent
DISTRIBUTION = "callcma"


def digest_inputs(settings: Settings) -> str | None:
    """The digest of everything a generation of ``settings`` reads; None when an input cannot be vouched for.

    A data file that is not a plain regular file (a symbolic link, a device), too large, or unreadable has no
    digest: the full pipeline then runs, and reports it as it reports any problem.
    """
    digest = hashlib.sha256()
    try:
        for label, folder in (("data", settings.data_dir), ("package", PACKAGE_DIR)):
            for name, path in _entries(folder):
                _add(digest, f"{label}/{name}", read_inside(path, name, folder, MAX_DATA_FILE_BYTES) if path else b"")
        _add(digest, "mkdocs.yml", read_inside(settings.mkdocs_config, settings.mkdocs_config.name, settings.root, MAX_DATA_FILE_BYTES))
    except (DataError, OSError, _NotRegular):
        return None
    libraries = _libraries()
    if libraries is None:
        return None
    _add(digest, "build date", os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    _add(digest, "python", sys.version.encode())
    for name, version in libraries:
        _add(digest, f"library {name}", version.encode())
    return digest.hexdigest()


class _NotRegular(Exception):
    """An entry under an input folder is neither a folder nor a regular file."""


def _entries(folder: Path) -> list[tuple[str, Path | None]]:
    """Every entry under ``folder``, sorted by relative name: a regular file with its path, a folder with None.

    Folders count, empty ones too: a folder named like a data file is a problem the pipeline must report.
    Compiled bytecode is left aside: it follows from the code.
    """
    found: list[tuple[str, Path | None]] = []
    for parent, folders, names in os.walk(folder, onerror=_raise):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in [*names, *folders]:
            path = Path(parent, name)
            mode = path.lstat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):  # a symbolic link (to a file or folder), a pipe, a device
                raise _NotRegular(path)
            found.append((path.relative_to(folder).as_posix() + ("/" if stat.S_ISDIR(mode) else ""), path if stat.S_ISREG(mode) else None))
    return sorted(found, key=lambda entry: entry[0])


def _raise(error: OSError) -> None:
    raise error  # os.walk skips a folder it cannot read, unless told otherwise


def _libraries() -> list[tuple[str, str]] | None:
    """The project's declared libraries and their installed versions; None when the project is not installed.

    They are pinned exactly, and requirements.lock pins what they depend on: their versions stand for all.
    """
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        return None
    names = sorted({_requirement_name(requirement) for requirement in requirements if "extra ==" not in requirement})
    return [(name, _version(name)) for name in names]


def _requirement_name(requirement: str) -> str:
    """``pydantic==2.11.7`` → ``pydantic``."""
    end = next((index for index, character in enumerate(requirement) if not (character.isalnum() or character in "-_.")), len(requirement))
    return requirement[:end]


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def _add(digest: "hashlib._Hash", label: str, content: bytes) -> None:
    """Feed one named input; lengths first, so that no two different sets of inputs run together the same way."""
    for part in (label.encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
