"""The whole pipeline (callcma.stages) on the real data, on broken copies of it, and the shape it keeps."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from callcma import stages
from callcma.errors import DataError
from callcma.stages import s1_load
from helpers import PROJECT
from callcma.settings import PACKAGE_DIR


def test_real_data_passes_every_check() -> None:
    dataset = stages.check_data(PROJECT.data_dir)
    assert len(list(dataset.cited())) >= 50


def test_generation_writes_pages_then_nothing_when_unchanged(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    first = stages.generate_site_sources(replace(PROJECT, docs_dir=docs))
    assert "index.md" in first and "donnees/convention.json" in first
    assert stages.generate_site_sources(replace(PROJECT, docs_dir=docs)) == []


def stop_loading(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Make the load stage record its calls and stop there, as bad data would."""
    calls: list[Path] = []

    def load(data_dir: Path) -> list[object]:
        calls.append(data_dir)
        raise DataError([])

    monkeypatch.setattr(s1_load, "load_documents", load)
    return calls


def test_pages_up_to_date_skip_every_stage(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = replace(PROJECT, data_dir=data_copy, docs_dir=tmp_path / "docs")
    stages.generate_site_sources(settings)
    calls = stop_loading(monkeypatch)
    assert stages.generate_site_sources(settings) == []
    assert calls == []


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda data, docs: (data / "budget.yaml").write_text((data / "budget.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"), id="a data file"),
        pytest.param(lambda data, docs: (data / "sources" / "notes.txt").write_text("x", encoding="utf-8"), id="a file added to data"),
        pytest.param(lambda data, docs: (docs / "budget.md").unlink(), id="a generated page removed"),
    ],
)
def test_a_change_runs_the_whole_pipeline_again(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path, Path], object]) -> None:
    settings = replace(PROJECT, data_dir=data_copy, docs_dir=tmp_path / "docs")
    stages.generate_site_sources(settings)
    calls = stop_loading(monkeypatch)
    change(data_copy, settings.docs_dir)
    with pytest.raises(DataError):
        stages.generate_site_sources(settings)
    assert calls == [data_copy]


def test_a_new_build_date_runs_the_whole_pipeline_again(data_copy: Path, tmp_path: Path) -> None:
    settings = replace(PROJECT, data_dir=data_copy, docs_dir=tmp_path / "docs", build_epoch=1700000000)
    stages.generate_site_sources(settings)
    assert "index.md" in stages.generate_site_sources(replace(settings, build_epoch=1800000000))  # the home page tells whether the plan's period is over


def test_wrong_quote_stops_the_build_and_writes_nothing(data_copy: Path, tmp_path: Path) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace("consacreront 140 000 euros sur", "dépenseront 140 000 euros sur"), encoding="utf-8")
    docs = tmp_path / "docs"
    with pytest.raises(DataError) as caught:
        stages.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    assert not docs.exists()
    assert [str(problem) for problem in caught.value.problems] == [
        "data/budget.yaml:11:16: budget[0].citations[0].quote: the quote supporting 'budget-montant' is not in"
        " data/sources/article-call-cma-partenariat.txt: «les deux partenaires dépenseront 140 000 euros sur les trois années à venir»",
        "data/budget.yaml:37:16: budget[3].citations[0].quote: the quote supporting 'budget-moyenne-annuelle' is not in"
        " data/sources/article-call-cma-partenariat.txt: «les deux partenaires dépenseront 140 000 euros sur les trois années à venir»",
    ]


# --- the build lock ----------------------------------------------------------------------------------------------------


def test_the_build_lock_makes_a_second_build_wait_then_gives_up_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with stages.build_lock(tmp_path):
        with pytest.raises(DataError) as caught, stages.build_lock(tmp_path, wait=0.2):
            pass
    assert capsys.readouterr().err == f"Another build is running in {tmp_path}; waiting for it to finish…\n"
    assert [str(problem) for problem in caught.value.problems] == [
        f"{tmp_path.as_posix()}/.cache/build.lock:1:1: (lock): another build has held the lock for 0.2 seconds; wait for it to end, or stop it"
    ]
    with stages.build_lock(tmp_path, wait=0):  # released by the first build, and by the one that gave up
        pass
    assert capsys.readouterr().err == ""


def test_a_build_lock_that_cannot_be_taken_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".cache").write_text("a file where the lock's folder should be", encoding="utf-8")
    with pytest.raises(DataError) as caught, stages.build_lock(tmp_path):
        pass
    assert [str(problem) for problem in caught.value.problems] == [f"{tmp_path.as_posix()}/.cache/build.lock:1:1: (lock): cannot take the build lock: File exists"]


def _imports(path: Path) -> set[str]:
    """The modules of the package that a module imports at run time (a type-checking import aside), as dotted names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING" for node in ast.walk(block)}
    package = ["callcma", *path.parent.relative_to(PACKAGE_DIR).parts]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and id(node) not in typing_only:
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_only_the_pipeline_calls_the_stages_and_no_stage_calls_another() -> None:
    stage_modules = {f"callcma.stages.{path.stem}" for path in (PACKAGE_DIR / "stages").glob("s[0-9]_*.py")}
    assert len(stage_modules) == 7
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        reached = _imports(path) & stage_modules
        if path.name == "__init__.py" and path.parent.name == "stages":
            continue  # the pipeline itself
        assert reached == set(), f"{path.relative_to(PACKAGE_DIR)} imports {sorted(reached)}"
    # Everything else reaches the stages through the pipeline: callcma.stages, never one of its modules.
    assert "callcma.stages" in _imports(PACKAGE_DIR / "cli.py")
