"""Package stage: the built site as one zip for offline reading, byte-identical from one build to the next.

The zip holds what a reader's browser uses from it, whichever engine built the site: no source maps (only a
developer's tools read them), no sitemap and no JSON-LD in the pages (only search engines read them), the search index
in the one form that a page opened from files loads, no stylesheet that no page links to, and of the lunr language
files that Material's search worker may load, only those of the languages the search index names. Two pages differ
from the site's, so that the copy has no dead link (offline_content): the 404 page, and a page's link to the zip.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath

from ..files import cached
from ..finish import NOT_FOUND_PAGE, offline_not_found_page
from ..inputs import content_digest, tools_digest
from ..settings import LUNR_DIR, OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME

# zlib's default level: level 9 takes longer for the same size, within a kilobyte, on minified text.
COMPRESS_LEVEL = 6

# Files no browser loads to show a page from the copy: source maps, the sitemaps written for search engines.
NOT_LOADED = ("*.map", "sitemap.xml", "sitemap.xml.gz")
# A search index written twice, as JSON for a server and as a script that a page opened from files loads (MkDocs'
# offline plugin, Zensical): the copy, opened from files, needs the script alone.
SEARCH_INDEX_SCRIPTS = {"search/search_index.json": "search/search_index.js", "search.json": "search.js"}
_JSON_LD = re.compile(rb"""<script type=["']?application/ld\+json["']?>.*?</script>\n?""", re.DOTALL)
_STYLESHEET_LINK = re.compile(r"""<link\b[^>]*\brel=["']?stylesheet\b[^>]*>""", re.IGNORECASE)
# A link to the zip, as the page templates write it (templates/index.md.j2, sources.md.j2).
_ZIP_LINK = re.compile(rf'<a\b[^>]*\shref="{re.escape(OFFLINE_ZIP_NAME)}"[^>]*>(.*?)</a>', re.DOTALL)
_HREF = re.compile(r"""\bhref=["']?([^"'\s>]+)""", re.IGNORECASE)

# Material's search (MkDocs): its index names its languages, and its worker loads, from its lunr folder (LUNR_DIR),
# the files of those languages (English is built in), the stemmer support when it loads any, lunr.multi for several
# languages, and a word splitter for Japanese, Hindi and Thai.
LUNR_INDEX = "search/search_index.json"
LUNR_STEMMER_SUPPORT = "min/lunr.stemmer.support.min.js"
LUNR_MULTI = "min/lunr.multi.min.js"
LUNR_SPLITTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


# 1980-01-01, the earliest date a zip can store.
ZIP_EPOCH = 315532800


def build_timestamp(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The zip entries' date: the build's (settings.build_epoch, the last commit), else the zip epoch, never the clock."""
    return time.gmtime(max(epoch or ZIP_EPOCH, ZIP_EPOCH))[:6]


def package_site(site_dir: Path, epoch: int | None, cache_dir: Path | None = None, site_url: str | None = None) -> Path:
    """Write ``<site>/<OFFLINE_ZIP_NAME>`` holding, under one folder, every file of the site a browser loads, dated
    ``epoch``, as the offline copy needs it (offline_content) for a site published at ``site_url``.

    With a cache folder, a zip of the same files, date and tools is the last one made: copied, not compressed again
    (files.cached). It depends on the site's files only, wherever the engine wrote them.
    """
    target = site_dir / OFFLINE_ZIP_NAME
    stamp = build_timestamp(epoch)
    files = [path for path in select_files(site_dir, exclude={target}) if not path.name.startswith(f".{OFFLINE_ZIP_NAME}.")]
    entries = [(f"{OFFLINE_ZIP_FOLDER}/{path.relative_to(site_dir).as_posix()}", offline_content(path.relative_to(site_dir).as_posix(), path.read_bytes(), site_url)) for path in files]
    tools = tools_digest() if cache_dir else None
    key = tools and content_digest(tools, ("date", repr(stamp).encode()), *entries)
    content = cached(cache_dir, OFFLINE_ZIP_NAME, key, lambda: zip_bytes(entries, stamp))
    # A name of its own for each build, renamed only once complete: a zip is never seen half written or empty,
    # whatever a concurrent build or kill -9 does. Hidden and .tmp, so a stray one is never published as the zip.
    handle, name = tempfile.mkstemp(dir=site_dir, prefix=f".{OFFLINE_ZIP_NAME}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def offline_content(name: str, content: bytes, site_url: str | None = None) -> bytes:
    """A file of the site as the copy holds it. A page loses its JSON-LD, which only search engines read (as the
    sitemap); the 404 page links relative to the site's root (finish.py); a link to the zip itself, which the copy
    cannot hold, leads to the published zip when the site's address is known, or is left as its text. Every other file
    is as it is."""
    if not name.endswith(".html"):
        return content
    page = _JSON_LD.sub(b"", content).decode("utf-8")
    if name == NOT_FOUND_PAGE:
        page = offline_not_found_page(page, site_url)
    if site_url:
        page = _ZIP_LINK.sub(lambda match: match[0].replace(f'href="{OFFLINE_ZIP_NAME}"', f'href="{site_url}{OFFLINE_ZIP_NAME}"'), page)
    else:
        page = _ZIP_LINK.sub(lambda match: match[1], page)
    return page.encode("utf-8")


def zip_bytes(entries: list[tuple[str, bytes]], stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """A zip of the entries (name, content), in their order, each dated ``stamp``, readable by everyone."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for name, content in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content, compresslevel=COMPRESS_LEVEL)
    return buffer.getvalue()


def select_files(site_dir: Path, exclude: set[Path]) -> list[Path]:
    """The site's files that a reader's browser may load from the copy, sorted."""
    unused = unused_lunr_files(site_dir) | unused_search_indexes(site_dir) | unlinked_stylesheets(site_dir)
    return sorted(
        path
        for path in site_dir.rglob("*")
        if path.is_file()
        and path not in exclude
        and not any(path.match(pattern) for pattern in NOT_LOADED)
        and PurePosixPath(path.relative_to(site_dir).as_posix()) not in unused
    )


def unused_search_indexes(site_dir: Path) -> set[PurePosixPath]:
    """The JSON forms of the search index (relative to the site) whose script form is there too."""
    return {PurePosixPath(index) for index, script in SEARCH_INDEX_SCRIPTS.items() if (site_dir / script).is_file()}


def unlinked_stylesheets(site_dir: Path) -> set[PurePosixPath]:
    """The stylesheets (relative to the site) that no page links to, nor any linked stylesheet names (an @import):
    a theme's other variant (Zensical's « modern » beside its « classic »), a stylesheet of the other engine."""
    linked: set[Path] = set()
    for page in site_dir.rglob("*.html"):
        for link in _STYLESHEET_LINK.findall(page.read_text(encoding="utf-8")):
            href = _HREF.search(link)
            if href and "://" not in href[1]:
                linked.add((page.parent / href[1].split("?")[0]).resolve())
    named = " ".join(path.read_text(encoding="utf-8") for path in linked if path.is_file())
    return {
        PurePosixPath(path.relative_to(site_dir).as_posix())
        for path in site_dir.rglob("*.css")
        if path.resolve() not in linked and path.name not in named
    }


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
