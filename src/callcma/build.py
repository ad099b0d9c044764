"""The pipeline, stage after stage: load → validate → verify → export → render → write."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .stages.s4_export import export_data
from .stages.s1_load import load_documents
from .model import Dataset
from .stages.s5_render import render_pages
from .settings import DATA_DIR, DATA_EXPORT_DIR, DOCS_DIR, MKDOCS_CONFIG, ROOT
from .site_config import read_site_config
from .stages.s2_validate import validate_dataset
from .stages.s3_verify import verify_citations
from .stages.s6_write import write_files


def check_data(data_dir: Path = DATA_DIR) -> Dataset:
    """Load, validate and verify the data; raise DataError listing every problem."""
    documents = load_documents(data_dir)
    dataset, locator = validate_dataset(documents)
    verify_citations(dataset, data_dir / "sources", locator)
    return dataset


def generate_site_sources(data_dir: Path = DATA_DIR, docs_dir: Path = DOCS_DIR) -> list[str]:
    """Write the pages and open data under docs/; nothing is written unless all the data is sound."""
    dataset = check_data(data_dir)
    exports = {f"{DATA_EXPORT_DIR}/{name}": content for name, content in export_data(dataset).items()}
    pages = render_pages(dataset, read_site_config(MKDOCS_CONFIG), {"downloads": {name.split("/")[-1]: len(content) for name, content in exports.items()}})
    files = {name: text.encode("utf-8") for name, text in pages.items()} | exports
    return write_files(docs_dir, files, owned_dirs=(DATA_EXPORT_DIR,))


def pin_build_date(root: Path = ROOT) -> None:
    """Set SOURCE_DATE_EPOCH to the last commit's date unless it is set; MkDocs dates the sitemap from it."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
    if result.returncode == 0 and result.stdout.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = result.stdout.strip()
