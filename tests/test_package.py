"""Package stage: the offline zip holds the whole site under one folder, the same bytes at every build."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from callcma.stages.s7_package import package_site
from callcma.settings import OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME


def _site(root: Path) -> Path:
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<html lang=fr>Accueil</html>", encoding="utf-8")
    (root / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return root


def test_the_zip_holds_every_file_under_one_folder_but_itself(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    package_site(site)
    package_site(site)  # a second build must not pack the first zip into itself
    with zipfile.ZipFile(site / OFFLINE_ZIP_NAME) as archive:
        assert archive.namelist() == [f"{OFFLINE_ZIP_FOLDER}/assets/site.css", f"{OFFLINE_ZIP_FOLDER}/index.html"]
        assert archive.read(f"{OFFLINE_ZIP_FOLDER}/index.html") == b"<html lang=fr>Accueil</html>"


@pytest.mark.parametrize(("epoch", "stamp"), [("1700000000", (2023, 11, 14, 22, 13, 20)), ("0", (1980, 1, 1, 0, 0, 0))])
def test_entries_are_dated_from_source_date_epoch_never_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str, stamp: tuple[int, ...]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    first, second = _site(tmp_path / "a"), _site(tmp_path / "b")
    package_site(first)
    package_site(second)
    assert (first / OFFLINE_ZIP_NAME).read_bytes() == (second / OFFLINE_ZIP_NAME).read_bytes()
    with zipfile.ZipFile(first / OFFLINE_ZIP_NAME) as archive:
        assert {info.date_time for info in archive.infolist()} == {stamp}
