"""Both engines build the same site from the same generated pages: every page, its text, footnotes and JSON-LD, the zip.

And an engine runs in the command's own process, as its own command line would, its exit status returned.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from helpers import PROJECT, zip_size_without_edition
from html_page import read_html

from callcma.engines import DEFAULT_ENGINE, ENGINES, Engine, run_engine
from callcma.settings import ENGINE_CONFIG, OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME, Publication, Settings
from callcma.site_config import read_site_config

PAGES = [page.html for page in read_site_config(PROJECT.mkdocs_config).pages]
OTHER_ENGINES = [engine for engine in ENGINES if engine != DEFAULT_ENGINE]


@pytest.fixture(scope="module", params=OTHER_ENGINES)
def sites(request: pytest.FixtureRequest, build_site: Callable[[str], Path]) -> tuple[Path, Path]:
    """The site of the default engine and the site of another engine."""
    return build_site(DEFAULT_ENGINE), build_site(request.param)


@pytest.mark.parametrize("name", PAGES)
def test_each_page_shows_the_same_article_and_json_ld(sites: tuple[Path, Path], name: str) -> None:
    default, other = (read_html(site / name) for site in sites)
    assert other.lang == default.lang == "fr"
    assert other.jsonld == default.jsonld and len(default.jsonld) == 1
    facts = fact_ids(default.ids)
    assert facts <= other.ids
    assert {identifier: other.text_by_id[identifier] for identifier in facts} == {identifier: default.text_by_id[identifier] for identifier in facts}


def fact_ids(ids: set[str]) -> set[str]:
    """The anchors of the facts and of their footnotes, whose text a reader sees the same with either engine."""
    return {identifier for identifier in ids if identifier.startswith(("fait-", "fn:"))}


def test_the_comparison_covers_every_fact(sites: tuple[Path, Path]) -> None:
    default, _ = sites
    assert sum(len(fact_ids(read_html(default / name).ids)) for name in PAGES) > 100


# What each engine's offline zip may weigh without the PDF edition (which has its own limit, tests/test_pdf.py), a few
# kilobytes above what it weighs now (2026-12-05, in a clone with the data's history: 309 kB and 320 kB), so that any
# growth is seen and decided. Issue 19's targets, 220 kB and 250 kB, were set for the thirteen pages of that day; the
# pages and open data issues 18 and 20 asked for since (the département's communes, À propos, Contribuer, the history
# of corrections, the Table Schemas) weigh about 90 kB more: the benchmark reports the zip against those targets, and
# README says what each part weighs.
ZIP_LIMITS = {"mkdocs": 320_000, "zensical": 335_000}


def test_each_site_has_its_offline_zip_holding_every_page(sites: tuple[Path, Path], request: pytest.FixtureRequest) -> None:
    for engine, site in zip((DEFAULT_ENGINE, request.node.callspec.params["sites"]), sites):
        with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
            names = set(archive.namelist())
        assert {f"{OFFLINE_ZIP_FOLDER}/{name}" for name in PAGES} <= names
        # The PDF edition aside: it has its own limit (tests/test_pdf.py; README, The PDF edition).
        assert zip_size_without_edition(site / OFFLINE_ZIP_NAME) <= ZIP_LIMITS[engine], engine


@pytest.mark.parametrize(
    ("ending", "status", "printed"),
    [("", 0, ""), ("sys.exit(0)", 0, ""), ("raise SystemExit(3)", 3, ""), ("sys.exit('Aborted: 2 warnings')", 1, "Aborted: 2 warnings\n")],
)
def test_an_engine_runs_as_its_command_line_and_its_exit_status_is_returned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ending: str, status: int, printed: str
) -> None:
    engine = "import json, os, sys\nif __name__ == '__main__':\n    print(json.dumps([sys.argv, __import__('pathlib').Path(sys.argv[-1]).read_text(), os.environ.get('SOURCE_DATE_EPOCH')]))\n"
    (tmp_path / "moteur_essai.py").write_text(f"{engine}    {ending or 'pass'}\n")
    monkeypatch.syspath_prepend(tmp_path)
    monkeypatch.setitem(ENGINES, "essai", Engine("moteur_essai", "essai.yml"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    argv = list(sys.argv)
    settings = replace(Settings.from_root(tmp_path), build_epoch=1700000000, publication=Publication(site_url="https://exemple.org/convention/"))
    assert run_engine("essai", settings, tmp_path / ".site-neuf") == status
    out, err = capsys.readouterr()
    arguments, config, epoch = json.loads(out)
    assert arguments[1:] == ["build", "--strict", "--config-file", str(tmp_path / ENGINE_CONFIG)]
    # The settings are given to the engine: its own configuration, the output folder and the address; the date.
    assert yaml.safe_load(config) == {"INHERIT": "essai.yml", "site_dir": ".site-neuf", "site_url": "https://exemple.org/convention/"}
    assert epoch == "1700000000"
    assert err == printed
    assert sys.argv == argv
    assert os.environ["SOURCE_DATE_EPOCH"] == "1"  # as it was
    assert not (tmp_path / ENGINE_CONFIG).exists()


def test_the_repository_holds_no_symbolic_link_so_that_a_clone_without_links_builds_the_same_site() -> None:
    # `git clone -c core.symlinks=false` (as on Windows) writes a link as a file holding its target's path.
    listed = subprocess.run(["git", "-C", str(PROJECT.root), "ls-files", "-s"], capture_output=True, text=True, check=True).stdout.splitlines()
    assert listed and [line for line in listed if line.startswith("120000 ")] == []
    assert [line.split("\t")[1] for line in listed if (PROJECT.root / line.split("\t")[1]).is_symlink()] == []


def test_a_built_docs_folder_holds_only_plain_files(sites: tuple[Path, Path]) -> None:
    for site in sites:
        docs = site.parent / "docs"
        assert (docs / "index.md").is_file() and (docs / "donnees" / "faits.csv").is_file()
        assert [path for path in docs.rglob("*") if path.is_symlink()] == []
