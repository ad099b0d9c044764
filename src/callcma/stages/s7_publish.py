"""Publish stage: the site is built beside site/ and replaces it whole, so that site/ is always the old site or the new.

The engine builds into a fresh folder beside site/ (``.callcma-site-<random>``), where the search is folded and the zip
made; only then are that folder and site/ exchanged, in one step on Linux (renameat2 with RENAME_EXCHANGE: site/ never
disappears, even for an instant), elsewhere in two renames. The old site, now in the fresh folder's place, is removed
last. A failure or kill -9 at any moment leaves site/ and its zip as they were (or wholly new, once exchanged); what a
killed build leaves beside site/ is removed by the next one.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DataError, Problem

# Folders beside site/ that only the build makes: a site being built, or the old one being removed.
STAGING_PREFIX = ".callcma-site-"
# renameat2(2): the two paths exchanged atomically; names relative to the current folder.
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class NewSite:
    """A site being built beside site/: the engine writes into ``folder``; ``publish()`` makes it site/."""

    def __init__(self, folder: Path, site_dir: Path) -> None:
        self.folder = folder
        self.site_dir = site_dir

    def publish(self) -> None:
        """Put the finished site in place of site/, in one exchange; the old site is then removed."""
        self.folder.chmod(0o755)  # mkdtemp makes it private; a web server reads the site as another user
        if not self.site_dir.exists():
            os.rename(self.folder, self.site_dir)
        elif not exchange(self.folder, self.site_dir):
            # Without an atomic exchange: site/ is missing between these two renames, never half written.
            old = Path(tempfile.mkdtemp(dir=self.site_dir.parent, prefix=STAGING_PREFIX))
            os.rename(self.site_dir, old)
            os.rename(self.folder, self.site_dir)
            self.folder = old


@contextmanager
def new_site(site_dir: Path) -> Iterator[NewSite]:
    """A fresh folder beside ``site_dir`` to build the site into; removed at the end unless published (then it holds
    the old site, removed too). Refuses a site/ that the build cannot replace whole: a link, a file."""
    if site_dir.is_symlink() or (site_dir.exists() and not site_dir.is_dir()):
        kind = "a symbolic link" if site_dir.is_symlink() else "not a folder"
        raise DataError([Problem(site_dir.as_posix(), 1, 1, "(site)", f"{site_dir.name}/ is {kind}; the build replaces {site_dir.name}/ whole: make it a folder, or remove it")])
    remove_strays(site_dir.parent)
    site = NewSite(Path(tempfile.mkdtemp(dir=site_dir.parent, prefix=STAGING_PREFIX)), site_dir)
    try:
        yield site
    finally:
        shutil.rmtree(site.folder, ignore_errors=True)


def remove_strays(root: Path) -> None:
    """Remove what a killed build left beside site/ (only the build makes such folders, and one build runs at a time)."""
    for path in root.glob(f"{STAGING_PREFIX}*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


def exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one atomic step; False where the system cannot (not Linux, an old kernel or file system)."""
    if not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
