"""Two builds of the same commit are byte-identical, dated from the commit, whatever the clock, zone or hash seed."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from callcma.settings import OFFLINE_ZIP_NAME

COMMIT_DATE = "2024-05-06T07:08:09+00:00"
COMMIT_DAY = 1714953600  # 2024-05-06T00:00:00Z: MkDocs dates the sitemap to the day


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def commit(root: Path) -> None:
    """Make the copy a repository with one commit at a fixed date, which the build takes as its own."""
    environment = {"GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE, "GIT_CONFIG_GLOBAL": "/dev/null", "HOME": str(root)}
    for command in (["init", "-q"], ["add", "."], ["-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "site"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, env=environment, capture_output=True)


def test_two_builds_of_a_commit_are_byte_identical(repo_copy: Path, callcma, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    commit(repo_copy)
    first, second = tmp_path / "first", tmp_path / "second"
    for target, zone, seed in ((first, "UTC", "1"), (second, "Pacific/Kiritimati", "2")):
        # With the site's address, as a published build: the sitemaps are written (without one, none is).
        result = callcma(repo_copy, "site", env={"TZ": zone, "PYTHONHASHSEED": seed, "CALLCMA_SITE_URL": "https://exemple.org/convention/"})
        assert result.returncode == 0, result.stdout + result.stderr
        shutil.move(repo_copy / "site", target)
    one, two = tree(first), tree(second)
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.js", OFFLINE_ZIP_NAME} <= set(one)
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
    # The dates come from the commit, not from the clock: the gzip header's and the zip entries'.
    assert gzip.decompress(one["sitemap.xml.gz"]) == one["sitemap.xml"]
    assert int.from_bytes(one["sitemap.xml.gz"][4:8], "little") == COMMIT_DAY
    with zipfile.ZipFile(first / OFFLINE_ZIP_NAME) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2024, 5, 6, 7, 8, 8)}  # zip times have a 2-second step
