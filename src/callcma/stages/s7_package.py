"""Package stage: the built site as one zip for offline reading, byte-identical from one build to the next.

The zip holds what a reader's browser loads, whichever engine built the site: no source maps (only a developer's
tools read them), no sitemap (only search engines do), and of the lunr language files that Material's search
worker may load, only those of the languages the search index names. Two pages differ from the site's, so that the
copy has no dead link: the 404 page links relative to the site's root (finish.py), and a link to the zip itself, which
the copy cannot hold, leads to the published zip when the site's address is known, or is left as its text.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from ..finish import NOT_FOUND_PAGE, offline_not_found_page
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


# A link to the zip, as the page templates write it (templates/index.md.j2, sources.md.j2).
_ZIP_LINK = re.compile(rf'<a\b[^>]*\shref="{re.escape(OFFLINE_ZIP_NAME)}"[^>]*>(.*?)</a>', re.DOTALL)


def package_site(site_dir: Path, epoch: int | None, site_url: str | None = None) -> Path:
    """Write ``<site>/<OFFLINE_ZIP_NAME>`` holding, under one folder, every file of the site a browser loads, dated
    ``epoch``; the pages as the offline copy needs them (offline_copy), for a site published at ``site_url``."""
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
                    archive.writestr(entry, offline_copy(path.relative_to(site_dir).as_posix(), path.read_bytes(), site_url), compresslevel=COMPRESS_LEVEL)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def offline_copy(name: str, content: bytes, site_url: str | None) -> bytes:
    """A file of the site as the offline copy holds it: the 404 page relative to the root; a page's link to the zip
    pointing to the published one, or its text alone without an address; every other file as it is."""
    if not name.endswith(".html"):
        return content
    html = content.decode("utf-8")
    if name == NOT_FOUND_PAGE:
        html = offline_not_found_page(html, site_url)
    if site_url:
        html = _ZIP_LINK.sub(lambda match: match[0].replace(f'href="{OFFLINE_ZIP_NAME}"', f'href="{site_url}{OFFLINE_ZIP_NAME}"'), html)
    else:
        html = _ZIP_LINK.sub(lambda match: match[1], html)
    return html.encode("utf-8")


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
