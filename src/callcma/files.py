"""Reading the project's own files safely: regular files inside a folder, of bounded size, every fault one problem;
and the cache of the files the build makes from them (.cache/)."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import DataError, Problem

T = TypeVar("T")

# What a path that is not a regular file is, for the message.
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def read_inside(path: Path, name: str, folder: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file that stays inside ``folder`` once its symbolic links are followed.

    Refuses, as one problem named ``name``: a link leading elsewhere on the machine (whose content would be
    published), anything but a regular file (a FIFO would block the build, /dev/zero would fill the memory),
    a file larger than ``limit`` bytes, and any error of the operating system (permissions, I/O).
    """
    try:
        target = path.resolve(strict=True)
        if not target.is_relative_to(folder.resolve()):
            raise _problem(name, f"symbolic link leads outside {folder.name}/ (to {target}); copy the file into {folder.name}/ instead")
        # Non-blocking, so that opening a named pipe returns at once instead of waiting for a writer.
        descriptor = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        try:
            mode = os.fstat(descriptor).st_mode
            kind = next((kind for test, kind in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "not a regular file")
            if kind:
                raise _problem(name, f"expected a regular file (got {kind})")
            content = _read_at_most(descriptor, limit + 1)  # never more: a file may still be growing
            size = max(len(content), os.fstat(descriptor).st_size)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise _problem(name, "file not found (a symbolic link to a missing file?); expected a regular file") from None
    except RuntimeError:  # Python 3.11 reports a loop of symbolic links so
        raise _problem(name, "symbolic links form a loop; expected a regular file") from None
    except OSError as error:
        raise _problem(name, f"cannot read the file: {error.strerror or error}") from None
    if size > limit:
        raise _problem(name, f"file is too large; it may hold at most {limit / 1024**2:g} MiB (got {size / 1024**2:.1f} MiB)")
    return content


_CHUNK = 1 << 20  # os.read allocates what it is asked for: never the whole limit at once


def _read_at_most(descriptor: int, count: int) -> bytes:
    chunks: list[bytes] = []
    while count > 0 and (chunk := os.read(descriptor, min(count, _CHUNK))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def _problem(name: str, message: str) -> DataError:
    return DataError([Problem(name, 1, 1, "(file)", message)])


_parsed: dict[tuple[Path, Callable[[bytes], Any], int, int], Any] = {}


def read_parsed(path: Path, parse: Callable[[bytes], T]) -> T:
    """What ``parse`` makes of a file of the package (a template's YAML), parsed again only once the file changed.

    Not once per process, so that a long `make serve` renders with the file as it is now; and a stat, not a read,
    while it is unchanged, as the formatting asks for the words of a unit at every value it writes.
    """
    status = path.stat()
    key = (path, parse, status.st_mtime_ns, status.st_size)
    if key not in _parsed:
        _parsed[key] = parse(path.read_bytes())
    return _parsed[key]


def cached(cache_dir: Path | None, name: str, key: str | None, make: Callable[[], bytes], *, keep: bool = True) -> bytes:
    """The bytes that ``make`` gives, kept in ``cache_dir`` under ``name``: made again only when ``key`` (the digest
    of everything they are made from) changes; always made without a cache folder or a key. With ``keep`` false, what
    the folder holds is read, and nothing is written there.

    One file per name is kept, named by its key and by its content's SHA-256, checked when read: a damaged or
    edited copy is made again. A cache that cannot be read or written costs time, never the build.
    """
    if cache_dir is None or key is None:
        return make()
    for path in cache_dir.glob(f"{name}.{key}.*"):
        try:
            content = path.read_bytes()
        except OSError:
            break
        if hashlib.sha256(content).hexdigest() == path.name.rpartition(".")[2]:
            return content
    content = make()
    if not keep:
        return content
    temporary = None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for old in cache_dir.glob(f"{name}.*"):
            old.unlink(missing_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, cache_dir / f"{name}.{key}.{hashlib.sha256(content).hexdigest()}")
    except OSError:
        if temporary:
            Path(temporary).unlink(missing_ok=True)
    return content
