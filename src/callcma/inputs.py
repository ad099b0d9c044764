"""What a generation is made from, summed up in one digest: the pages are up to date while it is unchanged.

A generation reads data/ (facts and archived sources) and its history (the commit built), mkdocs.yml (the site's
pages and Markdown options) and the package's templates and wording; it runs the package's code on its libraries,
with the build date. The write stage keeps the digest beside the pages it wrote; a build whose digest matches, over
intact files, has nothing to do.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
import zlib
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from .errors import DataError
from .files import read_inside
from .history import identity
from .settings import MAX_DATA_FILE_BYTES, PACKAGE_DIR, Settings

DISTRIBUTION = "callcma"


def digest_inputs(settings: Settings) -> str | None:
    """The digest of everything a generation of ``settings`` reads; None when an input cannot be vouched for.

    A data file that is not a plain regular file (a symbolic link, a device), too large, or unreadable has no
    digest: the full pipeline then runs, and reports it as it reports any problem.
    """
    tools = tools_digest()
    if tools is None:
        return None
    digest = hashlib.sha256()
    try:
        _add_folder(digest, "data", settings.data_dir)
        _add_folder(digest, "package", PACKAGE_DIR, lambda name: not name.endswith(".py"))  # templates, wording
        _add(digest, "mkdocs.yml", read_inside(settings.mkdocs_config, settings.mkdocs_config.name, settings.root, MAX_DATA_FILE_BYTES))
    except (DataError, OSError):
        return None
    _add(digest, "history", identity(settings.data_dir).encode())  # the commit built: the history of corrections
    # The build's settings, which the pages show (the edition's date, the publisher…).
    _add(digest, "settings", repr((settings.build_epoch, settings.publication)).encode())
    _add(digest, "tools", tools.encode())
    return digest.hexdigest()


def tools_digest() -> str | None:
    """The digest of what turns inputs into files: the package's code, Python and the pinned libraries (zlib
    included, whose compression gives the bytes of the zips); None when the project is not installed."""
    libraries = _libraries(DISTRIBUTION)
    if libraries is None:
        return None
    digest = hashlib.sha256()
    _add(digest, "code", _code_digest().encode())
    _add(digest, "python", f"{sys.version} zlib {zlib.ZLIB_RUNTIME_VERSION}".encode())
    for requirement in libraries:
        _add(digest, "library", requirement.encode())
    return digest.hexdigest()


def content_digest(tools: str, *parts: tuple[str, bytes]) -> str:
    """The digest of named contents and of the tools that make a file from them: the key of that file in the cache."""
    digest = hashlib.sha256()
    _add(digest, "tools", tools.encode())
    for label, content in parts:
        _add(digest, label, content)
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """The package's Python code as this process loaded it: read once, so that a long `make serve` whose code was
    edited on disk never records the new code's digest over pages that the old code wrote."""
    digest = hashlib.sha256()
    _add_folder(digest, "code", PACKAGE_DIR, lambda name: name.endswith(".py"))
    return digest.hexdigest()


def _add_folder(digest: "hashlib._Hash", label: str, folder: Path, keep: Callable[[str], bool] = lambda name: True) -> None:
    """Feed every entry under ``folder`` that ``keep`` accepts (by relative name), file contents included."""
    for name, path in _entries(folder):
        if keep(name):
            _add(digest, f"{label}/{name}", read_inside(path, name, folder, MAX_DATA_FILE_BYTES) if path else b"")


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
                raise OSError(f"not a regular file or folder: {path}")
            found.append((path.relative_to(folder).as_posix() + ("/" if stat.S_ISDIR(mode) else ""), path if stat.S_ISREG(mode) else None))
    return sorted(found, key=lambda entry: entry[0])


def _raise(error: OSError) -> None:
    raise error  # os.walk skips a folder it cannot read, unless told otherwise


@functools.cache
def _libraries(distribution: str) -> list[str] | None:
    """The libraries the installed project requires, each pinned to one version; None when the project is not installed.
    Read once per process, as the code: the libraries it loaded.

    pip installs exactly those versions, and requirements.lock pins what they depend on: the pins stand for all.
    """
    try:
        return sorted(metadata.requires(distribution) or [])
    except metadata.PackageNotFoundError:
        return None


def _add(digest: "hashlib._Hash", label: str, content: bytes) -> None:
    """Feed one named input; lengths first, so that no two different sets of inputs run together the same way."""
    for part in (label.encode(), content):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
