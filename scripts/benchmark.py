"""Measure the build: the data → Markdown step, a full site build against a plain `mkdocs build`, and how the step grows.

A measurement, not a test: it prints a short table (medians of several runs) and, with --json PATH, the raw figures.
Everything it builds goes to a temporary folder; the repository is only read.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from callcma import build
from callcma.stages import s1_load as load
from callcma.engines import ENGINES
from callcma.model import CITED_SECTIONS, OWNER_SECTIONS
from callcma.settings import OFFLINE_ZIP_NAME, SOURCE_EXTRACT_SUFFIX, SOURCE_TEXT_SUFFIX, Settings
from callcma.stages.s6_write import GENERATIONS, MANIFEST

# The repository this script belongs to.
PROJECT = Settings.from_root(Path(__file__).resolve().parents[1])
ROOT, DATA_DIR = PROJECT.root, PROJECT.data_dir
SITE_SOURCES = ("mkdocs.yml", "mkdocs-serve.yml", "zensical.yml", "overrides", "docs", "scripts", "data")
SCALES = (1, 10, 100, 1000)
# The full build is what `make site` runs; the plain one is MkDocs alone on the same generated docs/: no pipeline step,
# no zip, no finishing of the 404 page (mkdocs.yml has no hooks: the pipeline's steps run around the engine).
FULL_BUILD = (sys.executable, "-m", "callcma", "site", "--engine", "mkdocs")
# A full build may take this much longer than the plain one (issue 9).
RATIO_TARGET = 1.15

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Dumper(yaml.SafeDumper):
    """Writes shared values out in full: the copies share their sources' parts, and the loader refuses aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table, write the raw figures if asked."""
    parser = argparse.ArgumentParser(prog="benchmark.py", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="write the raw figures to this file")
    parser.add_argument("--scales", type=lambda text: tuple(int(part) for part in text.split(",")), default=SCALES, help="data set sizes (default: 1,10,100,1000)")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="callcma-benchmark-") as folder:
        work = Path(folder)
        figures: dict[str, Any] = {"python": platform.python_version(), "machine": platform.machine(), "runs": arguments.runs}
        figures["generation"] = time_generation(DATA_DIR, work / "docs", arguments.runs)
        figures["builds"] = time_builds(copy_repository(work / "repo"), arguments.runs)
        figures["scales"] = [measure_scale(work, scale, arguments.runs) for scale in arguments.scales]
        figures["peak_memory"] = measure_peak_memory(work, max(arguments.scales))
    print(format_table(figures))
    if arguments.json:
        arguments.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


# --- measurements -----------------------------------------------------------------------------------------------------


def repeat(action: Callable[[], object], runs: int, prepare: Callable[[], object] = lambda: None, warm_up: bool = True) -> dict[str, Any]:
    """Wall-clock and CPU seconds of ``action`` in each of ``runs`` runs; ``prepare`` runs untimed before each.

    The machine may be busy with other work: CPU time, which only counts this process, is the steadier figure.
    """
    if warm_up:
        prepare()
        action()
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        prepare()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"wall": wall, "cpu": cpu, "median": statistics.median(wall), "median_cpu": statistics.median(cpu)}


def time_generation(data_dir: Path, docs_dir: Path, runs: int, warm_up: bool = True) -> dict[str, Any]:
    """The data → Markdown step alone (load, validate, verify, export, render, write), into an empty docs folder."""
    settings = dataclasses.replace(PROJECT, data_dir=data_dir, docs_dir=docs_dir)
    return repeat(lambda: build.generate_site_sources(settings), runs, prepare=lambda: shutil.rmtree(docs_dir, ignore_errors=True), warm_up=warm_up)


def time_builds(repository: Path, runs: int) -> dict[str, Any]:
    """The full site build against a plain `mkdocs build` of the same Markdown, runs interleaved so both see the same machine.

    All start from the same generated docs/ and an emptied site/. The full build runs twice over: as `make site` runs
    again on unchanged data (the pages are up to date: it checks so and skips the generation), and as it runs after
    the data changed (the manifest of docs/ no longer names their inputs, so that the whole pipeline runs: load to write).
    Both then build with MkDocs and package the offline zip.
    """
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    commands = {"full": FULL_BUILD, "regenerated": FULL_BUILD, "plain": ENGINES["mkdocs"].command(repository)}
    manifest = repository / "docs" / GENERATIONS / MANIFEST
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in commands}

    def run(name: str) -> None:
        shutil.rmtree(repository / "site", ignore_errors=True)
        if name == "regenerated":  # the manifest no longer vouches for the pages' inputs
            manifest.write_text(json.dumps(json.loads(manifest.read_text(encoding="utf-8")) | {"inputs": None}), encoding="utf-8")
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run(commands[name], cwd=repository, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name]["wall"].append(time.perf_counter() - start)
        times[name]["cpu"].append(_children_cpu() - before)

    for name in commands:  # warm-up; the first full build writes the generated pages that the others read
        run(name)
    for name in times:
        times[name] = {"wall": [], "cpu": []}
    for _ in range(runs):
        for name in commands:
            run(name)
    run("full")  # the zip measured is the one of a full build
    medians = {name: {**values, "median": statistics.median(values["wall"]), "median_cpu": statistics.median(values["cpu"])} for name, values in times.items()}
    plain = medians["plain"]
    return {
        **medians,
        "ratio": medians["full"]["median"] / plain["median"],
        "ratio_cpu": medians["full"]["median_cpu"] / plain["median_cpu"],
        "ratio_regenerated": medians["regenerated"]["median"] / plain["median"],
        "ratio_regenerated_cpu": medians["regenerated"]["median_cpu"] / plain["median_cpu"],
        "zip_bytes": (repository / "site" / OFFLINE_ZIP_NAME).stat().st_size,
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_scale(work: Path, scale: int, runs: int) -> dict[str, Any]:
    """The data → Markdown step on the real data multiplied ``scale`` times."""
    data_dir = work / f"data-{scale}x" / "data"
    counts = write_synthetic_data(data_dir, scale)
    # Large sets need no warm-up (the fixed costs are a rounding error there) and fewer runs: they take seconds each.
    figures = run_big(lambda: time_generation(data_dir, work / f"docs-{scale}x", runs if scale < 1000 else min(runs, 3), warm_up=scale < 100))
    shutil.rmtree(work / f"docs-{scale}x", ignore_errors=True)
    return {"scale": scale, **counts, **figures, "per_fact": figures["median"] / counts["facts"], "per_fact_cpu": figures["median_cpu"] / counts["facts"]}


def measure_peak_memory(work: Path, scale: int) -> dict[str, Any]:
    """Peak resident memory of a fresh process that runs the data → Markdown step once at ``scale``."""
    data_dir = work / f"data-{scale}x" / "data"
    code = (
        "import resource, sys\n"
        "import dataclasses\nfrom pathlib import Path\n"
        "from callcma import build\nfrom callcma.settings import Settings\nfrom callcma.stages import s1_load as load\n"
        "load.MAX_DATA_FILE_BYTES = 1 << 40\n"
        "project = dataclasses.replace(Settings.from_root(Path(sys.argv[3])), data_dir=Path(sys.argv[1]), docs_dir=Path(sys.argv[2]))\n"
        "build.generate_site_sources(project)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(data_dir), str(work / "docs-memory"), str(ROOT)], capture_output=True, text=True, check=True)
    return {"scale": scale, "bytes": int(result.stdout.split()[-1]) * 1024}  # Linux counts ru_maxrss in KiB


def run_big(action: Callable[[], Any]) -> Any:
    """Run with the per-file size limit lifted: a synthetic data set is far larger than any hand-written file."""
    limit = load.MAX_DATA_FILE_BYTES
    load.MAX_DATA_FILE_BYTES = 1 << 40
    try:
        return action()
    finally:
        load.MAX_DATA_FILE_BYTES = limit


# --- synthetic data ---------------------------------------------------------------------------------------------------


def write_synthetic_data(target: Path, scale: int) -> dict[str, int]:
    """Write the real data with its sources, facts and citations repeated ``scale`` times; every quote stays true."""
    files = {path.name: yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) for path in sorted(DATA_DIR.glob("*.yaml"))}
    sections = {section: name for name, content in files.items() for section in content}
    (target / "sources").mkdir(parents=True)
    sources = files[sections["sources"]]["sources"]
    # Articles with their archived text, datasets with their archived extract: each copy cited by the facts' copies.
    for section, suffix in (("sources", SOURCE_TEXT_SUFFIX), ("datasets", SOURCE_EXTRACT_SUFFIX)):
        entries = files[sections[section]][section]
        for source in list(entries):  # a snapshot: the loop appends the copies
            archived = (DATA_DIR / "sources" / f"{source['id']}{suffix}").read_bytes()
            (target / "sources" / f"{source['id']}{suffix}").write_bytes(archived)
            for copy_number in range(1, scale):
                entries.append(source | {"id": f"{source['id']}-x{copy_number}"})
                (target / "sources" / f"{source['id']}-x{copy_number}{suffix}").write_bytes(archived)
    cited_ids = {item["id"] for section in CITED_SECTIONS for item in files[sections[section]][section]}
    cited_ids |= {fact["id"] for section in OWNER_SECTIONS for owner in files[sections[section]][section] for fact in owner["facts"]}
    for section in CITED_SECTIONS:
        items = files[sections[section]][section]
        originals = list(items)
        items.extend(_copy_fact(item, number, cited_ids) for number in range(1, scale) for item in originals)
    for section in OWNER_SECTIONS:
        for owner in files[sections[section]][section]:
            originals = list(owner["facts"])
            owner["facts"].extend(_copy_fact(fact, number, cited_ids) for number in range(1, scale) for fact in originals)
    for name, content in files.items():
        (target / name).write_text(yaml.dump(content, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    facts = sum(len(files[sections[section]][section]) for section in CITED_SECTIONS)
    facts += sum(len(owner["facts"]) for section in OWNER_SECTIONS for owner in files[sections[section]][section])
    citations = sum(len(item["citations"]) for content in files.values() for section in content.values() if isinstance(section, list) for item in _cited(section))
    return {"facts": facts, "citations": citations, "sources": len(sources), "bytes": sum(path.stat().st_size for path in target.glob("*.yaml"))}


def _copy_fact(item: dict[str, Any], number: int, cited_ids: set[str]) -> dict[str, Any]:
    """A copy of a fact under a new id, citing the matching copy of its source, its formula on the matching copies."""
    copied = copy.deepcopy(item)
    copied["id"] = f"{item['id']}-x{number}"
    copied["citations"] = [citation | {"source": f"{citation['source']}-x{number}"} for citation in item["citations"]]
    if item.get("formula"):
        copied["formula"] = " ".join(f"{term}-x{number}" if term in cited_ids else term for term in item["formula"].split(" "))
    return copied


def _cited(section: list[Any]) -> list[dict[str, Any]]:
    """Everything in a section that carries citations, the facts of partners, people and axes included."""
    found: list[dict[str, Any]] = []
    for item in section:
        if isinstance(item, dict):
            found.extend([item] if "citations" in item else [])
            found.extend(_cited(item.get("facts", [])))
    return found


def copy_repository(target: Path) -> Path:
    """The parts of the repository that `mkdocs build` reads, copied so that the benchmark writes nothing in the tree."""
    ignore = shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info", ".cache")
    target.mkdir(parents=True)
    for name in SITE_SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore, symlinks=True)  # a link stays a link, as in the tree
        else:
            shutil.copy2(source, target / name)
    return target


# --- report -----------------------------------------------------------------------------------------------------------


def format_table(figures: dict[str, Any]) -> str:
    """The figures as a short plain-text table."""
    generation, builds = figures["generation"], figures["builds"]
    full, regenerated, plain = builds["full"], builds["regenerated"], builds["plain"]
    lines = [
        f"Medians of {figures['runs']} runs (Python {figures['python']}, {figures['machine']}); wall clock, then CPU time",
        "",
        _row("data → Markdown step, real data", _seconds(generation["median"]), _seconds(generation["median_cpu"])),
        _row("site build, pages up to date (make site)", _seconds(full["median"]), _seconds(full["median_cpu"])),
        _row("site build, pages regenerated", _seconds(regenerated["median"]), _seconds(regenerated["median_cpu"])),
        _row("plain mkdocs build of the same Markdown", _seconds(plain["median"]), _seconds(plain["median_cpu"])),
        _row(f"ratio, pages up to date (target ≤ {RATIO_TARGET})", f"{builds['ratio']:.2f}", f"{builds['ratio_cpu']:.2f}"),
        _row("ratio, pages regenerated", f"{builds['ratio_regenerated']:.2f}", f"{builds['ratio_regenerated_cpu']:.2f}"),
        _row("offline zip", f"{builds['zip_bytes'] / 1000:.0f} kB"),
        "",
        "scale     facts  citations  sources      YAML   data → Markdown   CPU time   per fact (CPU)   vs 100×",
    ]
    reference = next((row["per_fact_cpu"] for row in figures["scales"] if row["scale"] == 100), None)
    for row in figures["scales"]:
        versus = f"{row['per_fact_cpu'] / reference - 1:+.0%}" if reference else ""
        lines.append(
            f"{row['scale']:>5}×  {row['facts']:>8}  {row['citations']:>9}  {row['sources']:>7}  {row['bytes'] / 1024**2:>6.1f} MiB"
            f"  {_seconds(row['median']):>16}  {_seconds(row['median_cpu']):>9}  {row['per_fact_cpu'] * 1e3:>11.3f} ms  {versus:>8}"
        )
    memory = figures["peak_memory"]
    lines += ["", f"peak memory of a process running the data → Markdown step at {memory['scale']}×: {memory['bytes'] / 1024**2:.0f} MiB (resident)"]
    return "\n".join(lines)


def _row(label: str, *values: str) -> str:
    return f"{label:<44}" + "  ".join(f"{value:>8}" for value in values)


def _seconds(value: float) -> str:
    return f"{value:.3f} s"


if __name__ == "__main__":
    raise SystemExit(main())
