"""Package stage: the built site as one zip for offline reading, byte-identical from one build to the next.

The zip holds what a reader's browser loads, whichever engine built the site: no source maps (only a developer's
tools read them), no sitemap (only search engines do), and of the lunr language files that Material's search
worker may load, only those of the languages the search index names.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from ..settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME

# zlib's default level: level 9 takes longer for the same size, within a kilobyte, on minified text.
COMPRESS_LEVEL = 6

# Files no browser loads to show a page: source maps, and the sitemaps written for search engines.
NOT_LOADED = ("*.map", "sitemap.xml", "sitemap.xml.gz")

# Material's search (MkDocs): its index names its languages, and its worker loads, from this folder, the files
# of those languages (English is built in), the stemmer support when it loads any, lunr.multi for several
# languages, and a word splitter for Japanese, Hindi and Thai.
LUNR_DIR = PurePosixPath("assets/javascripts/lunr")
LUNR_INDEX = "search/search_index.json"
LUNR_STEMMER_SUPPORT = "min/lunr.stemmer.support.min.js"
LUNR_MULTI = "min/lunr.multi.min.js"
LUNR_SPLITTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


# 1980-01-01, the earliest date a zip can store.
ZIP_EPOCH = 315532800


def build_timestamp(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The zip entries' date: the build's (settings.build_epoch, the last commit), else the zip epoch, never the clock."""
    return time.gmtime(max(epoch or ZIP_EPOCH, ZIP_EPOCH))[:6]


def package_site(site_dir: Path, epoch: int | None) -> Path:
    """Write ``<site>/<OFFLINE_ZIP_NAME>`` holding, under one folder, every file of the site a browser loads, dated ``epoch``."""
    target = site_dir / OFFLINE_ZIP_NAME
    stamp = build_timestamp(epoch)
    files = [path for path in select_files(site_dir, exclude={target}) if not path.name.startswith(f".{OFFLINE_ZIP_NAME}.")]
    # A name of its own for each build, renamed only once complete: a zip is never seen half written or empty,
    # whatever a concurrent build or kill -9 does. Hidden and .tmp, so a stray one is never published as the zip.
    handle, name = tempfile.mkstemp(dir=site_dir, prefix=f".{OFFLINE_ZIP_NAME}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
                for path in files:
                    entry = zipfile.ZipInfo(f"{OFFLINE_ZIP_FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
                    entry.compress_type = zipfile.ZIP_DEFLATED
                    entry.external_attr = 0o644 << 16
                    archive.writestr(entry, path.read_bytes(), compresslevel=COMPRESS_LEVEL)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def select_files(site_dir: Path, exclude: set[Path]) -> list[Path]:
    """The site's files that a reader's browser may load, sorted."""
    unused_lunr = unused_lunr_files(site_dir)
    return sorted(
        path
        for path in site_dir.rglob("*")
        if path.is_file()
        and path not in exclude
        and not any(path.match(pattern) for pattern in NOT_LOADED)
        and PurePosixPath(path.relative_to(site_dir).as_posix()) not in unused_lunr
    )


def unused_lunr_files(site_dir: Path) -> set[PurePosixPath]:
    """The lunr files (relative to the site) that no language of the search index needs; none without an index."""
    index = site_dir / LUNR_INDEX
    lunr = site_dir / LUNR_DIR
    if not index.is_file() or not lunr.is_dir():
        return set()
    languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    needed = {f"min/lunr.{language}.min.js" for language in languages if language != "en"}
    needed |= {LUNR_SPLITTERS[language] for language in languages if language in LUNR_SPLITTERS}
    needed |= {LUNR_STEMMER_SUPPORT} if needed else set()
    needed |= {LUNR_MULTI} if len(languages) > 1 else set()
    return {LUNR_DIR / path.relative_to(lunr).as_posix() for path in lunr.rglob("*") if path.is_file()} - {LUNR_DIR / name for name in needed}
