"""Faults, as an unlucky maintainer meets them (issues 8 and 17): concurrent builds, kill -9 at a fixed moment of each
stage, a failed engine build, operating-system errors, `mkdocs serve` with bad data. Each runs in a temporary copy of
the repository, in real processes."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import edit, shown

from callcma import cli, stages
from callcma.inputs import digest_inputs
from callcma.settings import OFFLINE_ZIP_NAME, Settings
from callcma.stages.s5_write import is_up_to_date

KILL_AT = Path(__file__).parent / "kill_at.py"

OLD_LABEL = "label: Montant consacré au plan"
NEW_LABEL = "label: Montant affecté au plan"


ENVIRONMENT = os.environ | {"NO_MKDOCS_2_WARNING": "1"}


def start(root: Path, *command: str, **options: object) -> subprocess.Popen[bytes]:
    """`python -m callcma <command>` in the copy, as a process group of its own (the engine runs as its child)."""
    options = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL} | options
    return subprocess.Popen([sys.executable, "-m", "callcma", *command], cwd=root, env=ENVIRONMENT, start_new_session=True, **options)  # type: ignore[call-overload]


def assert_valid_zip(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert any(name.endswith("/index.html") for name in archive.namelist())


@pytest.fixture(scope="module")
def built_repo(tmp_path_factory: pytest.TempPathFactory, copy_repo: Callable[[Path], Path], callcma) -> Path:
    """A copy of the repository with docs/ and site/ built once."""
    root = copy_repo(tmp_path_factory.mktemp("faults") / "repo")
    result = callcma(root, "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


# --- case 6: two builds at once -----------------------------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_says_so(built_repo: Path, tmp_path: Path) -> None:
    log = tmp_path / "stderr.txt"
    message = f"Another build is running in {built_repo}; waiting for it to finish…"
    with stages.build_lock(built_repo), log.open("w", encoding="utf-8") as stderr:
        waiting = start(built_repo, "site", stderr=stderr)
        assert _wait_for(lambda: message in log.read_text(encoding="utf-8"), 120)  # it starts, then waits for this test's lock
        time.sleep(2)
        assert waiting.poll() is None
    assert waiting.wait(timeout=180) == 0, log.read_text(encoding="utf-8")
    assert_valid_zip(built_repo / "site" / OFFLINE_ZIP_NAME)


def test_two_builds_started_together_both_succeed_and_leave_a_valid_zip(built_repo: Path, tmp_path: Path) -> None:
    logs = [tmp_path / f"build-{number}.txt" for number in range(2)]
    streams = [log.open("w", encoding="utf-8") for log in logs]
    try:
        runs = [start(built_repo, "site", stdout=stream, stderr=subprocess.STDOUT) for stream in streams]
        codes = [run.wait(timeout=300) for run in runs]
    finally:
        for stream in streams:
            stream.close()
    outputs = [log.read_text(encoding="utf-8") for log in logs]
    assert codes == [0, 0], outputs
    assert not any("Traceback" in output for output in outputs)
    assert_valid_zip(built_repo / "site" / OFFLINE_ZIP_NAME)
    assert [path.name for path in (built_repo / "site").iterdir() if path.name.endswith(".tmp")] == []


# --- case 7 (issue 17): kill -9 at a fixed moment of each stage ---------------------------------------------------------

# Each moment of tests/kill_at.py, with the engine that reaches it; after the exchange, site/ is already the new one.
KILLS = [("generation", "mkdocs"), ("engine", "mkdocs"), ("engine-zensical", "zensical"), ("packaging", "mkdocs"), ("exchange", "mkdocs")]


def site_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root / "site").as_posix(): path.read_bytes() for path in sorted((root / "site").rglob("*")) if path.is_file()}


def test_kill_9_at_each_stage_leaves_the_old_site_or_the_new_and_the_next_build_finishes(built_repo: Path, callcma) -> None:
    budget = built_repo / "data" / "budget.yaml"
    labels = [OLD_LABEL, NEW_LABEL]
    try:
        for number, (moment, engine) in enumerate(KILLS):
            before = site_files(built_repo)
            edit(budget, labels[number % 2], labels[(number + 1) % 2])  # each build has something new to publish
            killed = subprocess.run([sys.executable, str(KILL_AT), moment, "site", "--engine", engine], cwd=built_repo, env=ENVIRONMENT, capture_output=True, text=True, check=False)
            assert killed.returncode == -signal.SIGKILL, (moment, killed.stdout + killed.stderr)
            after = site_files(built_repo)
            if moment == "exchange":
                assert labels[(number + 1) % 2].split(": ")[1].encode() in after["budget.html"], moment
            else:
                assert after == before, moment  # not one file of site/ changed, the zip included
            assert_valid_zip(built_repo / "site" / OFFLINE_ZIP_NAME)
        result = callcma(built_repo, "site")
        assert result.returncode == 0, result.stdout + result.stderr  # a killed build never blocks the next one
        assert [path.name for path in built_repo.iterdir() if path.name.startswith(".callcma")] == []  # nothing left beside site/
        assert labels[len(KILLS) % 2].split(": ")[1].encode() in site_files(built_repo)["budget.html"]
        settings = replace(Settings.from_root(built_repo), build_epoch=int(os.environ["SOURCE_DATE_EPOCH"]))
        assert is_up_to_date(settings.docs_dir, digest_inputs(settings) or "")  # docs/ finished too
    finally:
        budget.write_text(budget.read_text(encoding="utf-8").replace(NEW_LABEL, OLD_LABEL), encoding="utf-8")


def test_a_failed_engine_build_leaves_the_old_site(built_repo: Path, callcma) -> None:
    before = site_files(built_repo)
    draft = built_repo / "docs" / "brouillon.md"
    draft.write_text("# Brouillon\n", encoding="utf-8")  # a page outside the nav: MkDocs' strict build fails
    try:
        result = callcma(built_repo, "site")
    finally:
        draft.unlink()
    assert result.returncode == 1, result.stderr
    assert "brouillon.md" in result.stderr
    assert site_files(built_repo) == before
    assert [path.name for path in built_repo.iterdir() if path.name.startswith(".callcma")] == []


# --- case 7: operating-system errors are one line and exit 2 ------------------------------------------------------


def test_a_folder_named_like_a_data_file_stops_the_build_with_one_line(built_repo: Path, callcma) -> None:
    folder = built_repo / "data" / "x.yaml"
    folder.mkdir()
    try:
        result = callcma(built_repo, "site")
    finally:
        folder.rmdir()
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["data/x.yaml:1:1: (file): expected a regular file (got a folder)", "1 problem(s); the command stopped there."]


def test_a_read_only_docs_folder_is_one_line_and_exit_2(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "docs"
    assert cli.main(["generate", "--data", str(data_copy), "--docs", str(docs)]) == 0
    before = shown(docs)
    edit(data_copy / "budget.yaml", OLD_LABEL, NEW_LABEL)
    capsys.readouterr()

    def read_only(*_: object, **__: object) -> str:  # faked: the tests may run as root, whom permissions do not stop
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(docs / ".generated"))

    monkeypatch.setattr("callcma.stages.s5_write.tempfile.mkdtemp", read_only)
    assert cli.main(["generate", "--data", str(data_copy), "--docs", str(docs)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{docs.as_posix()}/.generated:1:1: (write): cannot write the generated files: Read-only file system; the previous pages were kept",
        "1 problem(s); the command stopped there.",
    ]
    assert shown(docs) == before


def test_any_other_os_error_is_one_line_and_exit_2(minimal_data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(*_: object) -> list[Path]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(minimal_data))

    monkeypatch.setattr("callcma.stages.s1_load.Path.iterdir", unreadable)
    assert cli.main(["check", "--data", str(minimal_data)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{minimal_data.as_posix()}:1:1: (folder): cannot read the data folder: Permission denied; expected a folder of *.yaml files",
        "1 problem(s); the command stopped there.",
    ]


# --- case 10: `mkdocs serve` with bad data ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the loopback server of the test
        return str(response.read().decode("utf-8"))


def _wait_for(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except OSError:
            pass
        time.sleep(0.5)
    return False


@pytest.fixture
def served(built_repo: Path, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """`mkdocs serve` on a free port of 127.0.0.1: its address, its process, and the file its output goes to."""
    port, log = _free_port(), tmp_path / "serve.txt"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--config-file", "mkdocs-serve.yml", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=built_repo, stdout=output, stderr=subprocess.STDOUT, env=ENVIRONMENT,
        )
    try:
        yield f"http://127.0.0.1:{port}/", server, log
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_keeps_the_last_good_site_with_bad_data_and_recovers_when_fixed(built_repo: Path, served: tuple[str, subprocess.Popen[bytes], Path]) -> None:
    root, server, log = served
    budget = built_repo / "data" / "budget.yaml"
    good = budget.read_text(encoding="utf-8")
    problems = "data/ has problems; still showing the last good pages until they are fixed:"
    assert _wait_for(lambda: "Montant consacré au plan" in _get(root + "budget.html"), 120)
    try:
        budget.write_text(good.replace("- id: budget-montant", "- id: budget-montant\n\t"), encoding="utf-8")
        # The watcher waits for the edits to settle, rebuilds, finds the problem, and serves the docs/ of the last good data.
        assert _wait_for(lambda: problems in log.read_text(encoding="utf-8"), 60)
        assert "Montant consacré au plan" in _get(root + "budget.html")  # answered (within _get's timeout), from the last good site
        budget.write_text(good.replace(OLD_LABEL, NEW_LABEL), encoding="utf-8")
        assert _wait_for(lambda: "Montant affecté au plan" in _get(root + "budget.html"), 120)
    finally:
        budget.write_text(good, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    output = log.read_text(encoding="utf-8")
    assert "data/budget.yaml:" in output.partition(problems)[2]
    assert "Traceback" not in output
