"""The digest of a generation's inputs: any input that changes changes it; an input it cannot vouch for gives none."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from callcma import inputs
from callcma.inputs import digest_inputs
from callcma.settings import PACKAGE_DIR, Publication, Settings
from helpers import PROJECT


@pytest.fixture
def settings(data_copy: Path, tmp_path: Path) -> Settings:
    """The project with a copy of its data and of its mkdocs.yml."""
    shutil.copy(PROJECT.mkdocs_config, tmp_path / "mkdocs.yml")
    return replace(PROJECT, root=tmp_path, data_dir=data_copy, mkdocs_config=tmp_path / "mkdocs.yml", docs_dir=tmp_path / "docs")


def test_the_same_inputs_give_the_same_digest(settings: Settings) -> None:
    digest = digest_inputs(settings)
    assert digest is not None and len(digest) == 64
    assert digest_inputs(settings) == digest
    assert digest_inputs(replace(settings, docs_dir=settings.root / "ailleurs")) == digest  # the output is not an input


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda settings: append(settings.data_dir / "budget.yaml", "\n"), id="a data file"),
        pytest.param(lambda settings: append(settings.data_dir / "sources" / "article-call-cma-partenariat.txt", " "), id="a source's archived text"),
        pytest.param(lambda settings: (settings.data_dir / "budget.yaml").rename(settings.data_dir / "budget2.yaml"), id="a data file renamed"),
        pytest.param(lambda settings: (settings.data_dir / "vide").mkdir() or (settings.data_dir / "vide" / "a.yaml").write_text(""), id="a file in a new folder"),
        pytest.param(lambda settings: append(settings.mkdocs_config, "\n# note\n"), id="mkdocs.yml"),
    ],
)
def test_any_input_that_changes_changes_the_digest(settings: Settings, change: Callable[[Settings], object]) -> None:
    before = digest_inputs(settings)
    change(settings)
    assert digest_inputs(settings) not in (before, None)


@pytest.mark.parametrize(
    "setting",
    [
        pytest.param({"build_epoch": 1800000000}, id="the build date"),
        pytest.param({"publication": Publication(site_url="https://exemple.org/")}, id="the site's address"),
        pytest.param({"publication": Publication(publisher="Association exemple")}, id="the publisher"),
        pytest.param({"publication": Publication(contact="contact@exemple.org")}, id="the contact"),
    ],
)
def test_any_setting_that_changes_changes_the_digest(settings: Settings, setting: dict[str, object]) -> None:
    assert digest_inputs(replace(settings, **setting)) not in (digest_inputs(settings), None)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path: path.symlink_to("budget.yaml"), id="a link to a data file"),
        pytest.param(lambda path: os.mkfifo(path), id="a named pipe"),
        pytest.param(lambda path: path.write_bytes(b"#" * (1024 * 1024 + 1)), id="a file too large"),
    ],
)
def test_an_input_the_digest_cannot_vouch_for_gives_none(settings: Settings, make: Callable[[Path], object]) -> None:
    make(settings.data_dir / "autre.yaml")
    assert digest_inputs(settings) is None


def test_a_link_to_a_folder_gives_none(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "ailleurs").mkdir()
    (settings.data_dir / "ailleurs").symlink_to(tmp_path / "ailleurs")
    assert digest_inputs(settings) is None


def test_the_package_s_templates_and_wording_are_inputs_and_its_code_as_loaded(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "package"
    shutil.copytree(PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(inputs, "PACKAGE_DIR", package)
    monkeypatch.setattr(inputs, "_code_digest", functools.cache(inputs._code_digest.__wrapped__))  # this test's own process cache
    digests = [digest_inputs(settings)]
    for name in ("templates/wording.yaml", "templates/budget.md.j2"):
        append(package / name, "\n")
        digests.append(digest_inputs(settings))
    assert None not in digests and len(set(digests)) == 3
    append(package / "stages" / "s4_render.py", "\n")
    assert digest_inputs(settings) == digests[-1]  # this process runs the code it loaded, not the one edited since
    inputs._code_digest.cache_clear()  # as a new process would
    assert digest_inputs(settings) not in digests


def test_without_the_installed_project_its_libraries_are_unknown_and_there_is_no_digest(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "DISTRIBUTION", "callcma-absent")
    assert digest_inputs(settings) is None


def test_an_empty_folder_is_an_input(settings: Settings) -> None:
    before = digest_inputs(settings)
    (settings.data_dir / "x.yaml").mkdir()  # the load stage reports it
    assert digest_inputs(settings) not in (before, None)
