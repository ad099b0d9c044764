"""Command line and MkDocs: bad data prints one line per problem, exits with 2 and touches nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import PROJECT, edit

from callcma import cli, stages
from callcma.settings import OFFLINE_ZIP_NAME
from callcma.site_config import read_site_config

# The one format of every data problem: where, which field, what is wrong and what is expected.
PROBLEM_LINE = re.compile(r"^data/[\w.-]+\.yaml:\d+:\d+: \S+: \S.*$")
SUMMARY = "problem(s); the command stopped there."

# The `callcma` and `mkdocs` fixtures (tests/conftest.py): run a command in a copy of the repository.
Run = Callable[..., subprocess.CompletedProcess[str]]



def break_everywhere(data: Path) -> None:
    """One mistake of each stage in a copy of the real data: a file that does not parse, a wrong field, a wrong quote."""
    (data / "accueil.yaml").write_text("key_figures:\n\t- fact: budget-montant\n", encoding="utf-8")
    edit(data / "budget.yaml", "value: 140000", 'value: "140 000"')
    edit(data / "calendrier.yaml", "date: 2016-11-16", "date: 2016-02-30")


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too) with its bytes and modification time."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.rglob("*")) if path.is_file()}


def test_check_accepts_valid_data_and_makes_every_page(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--data", str(data_copy)]) == 0
    assert re.fullmatch(rf"data OK: \d+ facts, \d+ citations checked, {len(read_site_config(PROJECT.mkdocs_config).pages)} pages made\n", capsys.readouterr().out)


def test_check_after_a_build_reads_the_pdf_edition_it_kept_and_writes_nothing(built_site: Path) -> None:
    root = built_site.parent
    before = snapshot(root)
    script = "import sys; from callcma import cli; code = cli.main(['check']); print(code, 'weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[-1] == "0 False", result.stdout + result.stderr  # WeasyPrint not even imported
    assert snapshot(root) == before


def test_check_refuses_data_the_templates_cannot_show(minimal_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The small data set is sound, but its sections stand in a file no page is named after, and the site's pages name
    # facts it does not hold: the build could not run.
    assert cli.main(["check", "--data", str(minimal_data)]) == cli.EXIT_BAD_DATA
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("data/faits.yaml:1:1: budget: a section is shown on the page named like its data file") for line in lines)
    assert any(line.startswith("templates/") and ": (template): no fact has the id " in line for line in lines)
    assert lines[-1].endswith("problem(s); the command stopped there.")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "faits.yaml",
            "    label: Montant\n",
            "\tlabel: Montant\n",
            "data/faits.yaml:23:1: (yaml): invalid YAML: found character '\\t' that cannot start any token; indent with spaces, never tabs",
        ),
        ("faits.yaml", "value: 3\n", "value: -3\n", "data/faits.yaml:32:12: budget[1].value: a value with a unit must be greater than 0 (got -3)"),
        (
            "faits.yaml",
            "speaker: jeanne-martin",
            "speaker: jean-martin",
            "data/faits.yaml:69:14: declarations[0].speaker: no person has the id 'jean-martin' (did you mean 'jeanne-martin'?)",
        ),
        (
            "faits.yaml",
            "quote: Les deux partenaires consacreront",
            "quote: Les deux partenaires dépenseront",
            "data/faits.yaml:29:16: budget[0].citations[0].quote: the quote supporting 'budget-montant' is not in data/sources/article.txt: «Les deux partenaires dépenseront 140 000 euros»",
        ),
    ],
    ids=["load", "validate", "references", "verify"],
)
def test_bad_data_prints_each_problem_and_exits_with_2(
    minimal_data: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, expected: str
) -> None:
    edit(minimal_data / file, old, new)
    assert cli.main(["check", "--data", str(minimal_data)]) == cli.EXIT_BAD_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [expected, f"1 {SUMMARY}"]


def test_every_problem_is_one_line_in_the_one_format(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_copy / "budget.yaml", "    label: Montant consacré au plan\n", "    lable: |\n      Montant\n      consacré\n")
    edit(data_copy / "budget.yaml", "value: 140000", "value: 0")
    edit(data_copy / "sources.yaml", "url: https://lagazettefrance", "url: javascript://lagazettefrance")
    (data_copy / "vide.yaml").write_text("", encoding="utf-8")
    (data_copy / "latin1.yaml").write_bytes("glossary: [é]\n".encode("latin-1"))
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == f"2 {SUMMARY}"  # the loader stops the build before the other files are validated
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines
    (data_copy / "vide.yaml").unlink()
    (data_copy / "latin1.yaml").unlink()
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == f"3 {SUMMARY}"
    assert all(PROBLEM_LINE.match(line) for line in lines[:-1]), lines


@pytest.mark.parametrize("command", ["check", "generate", "site"])
def test_the_command_exits_with_2_and_no_traceback(minimal_data: Path, command: str) -> None:
    (minimal_data / "faits.yaml").write_text("convention: [\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "callcma", command, "--data", str(minimal_data)], cwd=minimal_data.parent, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["data/faits.yaml:2:1: (yaml): invalid YAML: expected the node content, but found '<stream end>'", f"1 {SUMMARY}"]


def test_a_bug_is_not_bad_data(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*arguments: object, **options: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(stages, "prepare", broken)
    with pytest.raises(ZeroDivisionError):  # uncaught: Python prints the traceback and exits with 1
        cli.main(["check", "--data", str(minimal_data)])


def test_failed_generation_leaves_docs_untouched(data_copy: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    assert cli.main(["generate", "--data", str(data_copy), "--docs", str(docs)]) == 0
    before = snapshot(docs)
    break_everywhere(data_copy)
    assert cli.main(["generate", "--data", str(data_copy), "--docs", str(docs)]) == 2
    assert snapshot(docs) == before


def test_failed_site_build_leaves_docs_and_site_untouched(repo_copy: Path, callcma: Run) -> None:
    built = callcma(repo_copy, "site")
    assert built.returncode == 0, built.stderr
    docs, site = snapshot(repo_copy / "docs"), snapshot(repo_copy / "site")
    assert "index.md" in docs and "index.html" in site and OFFLINE_ZIP_NAME in site
    break_everywhere(repo_copy / "data")
    failed = callcma(repo_copy, "site")
    assert failed.returncode == 2
    assert "Traceback" not in failed.stderr
    assert "data/accueil.yaml:2:1: (yaml): invalid YAML: found character '\\t' that cannot start any token; indent with spaces, never tabs" in failed.stderr
    assert snapshot(repo_copy / "docs") == docs
    assert snapshot(repo_copy / "site") == site


def test_the_site_command_stops_when_the_engine_fails(repo_copy: Path, callcma: Run) -> None:
    with (repo_copy / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("no_such_setting: 1\n")  # the pages still generate; MkDocs, strict, refuses the setting
    failed = callcma(repo_copy, "site")
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "Unrecognised configuration name: no_such_setting" in failed.stderr
    assert (repo_copy / "docs" / "index.md").exists()
    assert not (repo_copy / "site").exists()


def test_failed_serve_build_leaves_docs_and_site_untouched(repo_copy: Path, mkdocs: Run) -> None:
    built = mkdocs(repo_copy, "build", "--strict")
    assert built.returncode == 0, built.stderr
    docs, site = snapshot(repo_copy / "docs"), snapshot(repo_copy / "site")
    assert "index.md" in docs and "index.html" in site
    break_everywhere(repo_copy / "data")
    failed = mkdocs(repo_copy, "build", "--strict")
    assert failed.returncode == 1
    output = failed.stdout + failed.stderr  # MkDocs prints an Abort's message on stdout
    assert "Traceback" not in output
    assert "data/accueil.yaml:2:1: (yaml): invalid YAML: found character '\\t' that cannot start any token; indent with spaces, never tabs" in output
    assert snapshot(repo_copy / "docs") == docs
    assert snapshot(repo_copy / "site") == site


def test_a_value_its_quotes_do_not_prove_exits_with_2_and_writes_nothing(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_copy / "territoire.yaml", "value: 5400", "value: 5500")
    docs = tmp_path / "docs"
    assert cli.main(["generate", "--data", str(data_copy), "--docs", str(docs)]) == cli.EXIT_BAD_DATA
    assert capsys.readouterr().err.splitlines() == [
        "data/territoire.yaml:18:12: territory[1].value: the value 5500 salariés is not in any of its quotes (« … 5 400 salariés … »)",
        f"1 {SUMMARY}",
    ]
    assert not docs.exists()
