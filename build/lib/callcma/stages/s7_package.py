"""Package stage: the built site as one zip for offline reading, byte-identical from one build to the next."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from ..settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME


def build_timestamp() -> tuple[int, int, int, int, int, int]:
    """The zip entries' date: SOURCE_DATE_EPOCH (the last commit) when set, else the zip epoch, never the clock."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, the earliest a zip can store
    return time.gmtime(max(epoch, 315532800))[:6]


def package_site(site_dir: Path) -> Path:
    """Write ``<site>/<OFFLINE_ZIP_NAME>`` holding every other file of the site, under one folder."""
    target = site_dir / OFFLINE_ZIP_NAME
    stamp = build_timestamp()
    files = sorted(path for path in site_dir.rglob("*") if path.is_file() and path != target)
    temporary = target.with_suffix(".tmp")
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            entry = zipfile.ZipInfo(f"{OFFLINE_ZIP_FOLDER}/{path.relative_to(site_dir).as_posix()}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes(), compresslevel=9)
    os.replace(temporary, target)
    return target
