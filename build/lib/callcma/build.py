"""The pipeline, stage after stage: load → validate → verify → export → render → write."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .model import Dataset
from .settings import DATA_EXPORT_DIR, Settings
from .site_config import read_site_config
from .stages.s1_load import load_documents
from .stages.s2_validate import validate_dataset
from .stages.s3_verify import verify_citations
from .stages.s4_export import export_data
from .stages.s5_render import render_pages
from .stages.s6_write import write_files


def check_data(data_dir: Path) -> Dataset:
    """Load, validate and verify the data; raise DataError listing every problem."""
    documents = load_documents(data_dir)
    dataset, locator = validate_dataset(documents)
    verify_citations(dataset, data_dir / "sources", locator)
    return dataset


def generate_site_sources(settings: Settings) -> list[str]:
    """Write the pages and open data under docs/; nothing is written unless all the data is sound."""
    dataset = check_data(settings.data_dir)
    exports = {f"{DATA_EXPORT_DIR}/{name}": content for name, content in export_data(dataset).items()}
    site = read_site_config(settings.mkdocs_config)
    pages = render_pages(dataset, site, {"downloads": {name.split("/")[-1]: len(content) for name, content in exports.items()}})
    files = {name: text.encode("utf-8") for name, text in pages.items()} | exports
    return write_files(settings.docs_dir, files, owned_dirs=(DATA_EXPORT_DIR,))


def pin_build_date(root: Path) -> None:
    """Set SOURCE_DATE_EPOCH to the last commit's date unless it is set; MkDocs dates the sitemap from it."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
    if result.returncode == 0 and result.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = result.stdout.strip()
