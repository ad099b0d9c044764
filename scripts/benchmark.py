"""Measure the build: the data → Markdown step, a full `mkdocs build` with and without it, and how the step grows.

A measurement, not a test: it prints a short table (medians of several runs) and, with --json PATH, the raw figures.
Everything it builds goes to a temporary folder; the repository is only read.
"""

from __future__ import annotations

import argparse
import copy
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
from callcma.model import CITED_SECTIONS, OWNER_SECTIONS
from callcma.settings import DATA_DIR, ROOT

SITE_SOURCES = ("mkdocs.yml", "overrides", "docs", "scripts", "data")
SCALES = (1, 10, 100, 1000)
# A MkDocs configuration that is mkdocs.yml with the generation turned off: its hook keeps the offline zip
# and the build date (on_config, on_files, on_post_build) but leaves out on_pre_build, so MkDocs reads docs/ as it stands.
NO_GENERATION_CONFIG = "INHERIT: mkdocs.yml\nhooks:\n  - benchmark_hooks.py\n"
NO_GENERATION_HOOKS = "from mkdocs_hooks import on_config, on_files, on_post_build  # noqa: F401 - everything but the generation\n"

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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
        figures["mkdocs"] = time_mkdocs(copy_repository(work / "repo"), work / "site", arguments.runs)
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
    return repeat(lambda: build.generate_site_sources(data_dir, docs_dir), runs, prepare=lambda: shutil.rmtree(docs_dir, ignore_errors=True), warm_up=warm_up)


def time_mkdocs(repository: Path, site_dir: Path, runs: int) -> dict[str, Any]:
    """`mkdocs build`, in full and with the generation turned off, runs interleaved so that both see the same machine."""
    (repository / "mkdocs.benchmark.yml").write_text(NO_GENERATION_CONFIG, encoding="utf-8")
    (repository / "benchmark_hooks.py").write_text(NO_GENERATION_HOOKS, encoding="utf-8")
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(repository / "scripts")}
    times: dict[str, dict[str, list[float]]] = {config: {"wall": [], "cpu": []} for config in ("mkdocs.yml", "mkdocs.benchmark.yml")}

    def run_mkdocs(config: str) -> None:
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site_dir)], cwd=repository, env=environment, check=True)
        times[config]["wall"].append(time.perf_counter() - start)
        times[config]["cpu"].append(_children_cpu() - before)

    run_mkdocs("mkdocs.yml")  # warm-up, and the generated pages that the second configuration reads
    run_mkdocs("mkdocs.benchmark.yml")
    for config in times:
        times[config] = {"wall": [], "cpu": []}
    for _ in range(runs):
        run_mkdocs("mkdocs.yml")
        run_mkdocs("mkdocs.benchmark.yml")
    full, bare = ({**values, "median": statistics.median(values["wall"]), "median_cpu": statistics.median(values["cpu"])} for values in times.values())
    return {
        "full": full,
        "without_generation": bare,
        "generation_share": full["median"] / bare["median"] - 1,
        "generation_share_cpu": full["median_cpu"] / bare["median_cpu"] - 1,
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
        "from pathlib import Path\n"
        "from callcma import build\nfrom callcma.stages import s1_load as load\n"
        "load.MAX_DATA_FILE_BYTES = 1 << 40\n"
        "build.generate_site_sources(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(data_dir), str(work / "docs-memory")], capture_output=True, text=True, check=True)
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
    for source in list(sources):  # a snapshot: the loop appends the copies
        text = (DATA_DIR / "sources" / f"{source['id']}.txt").read_bytes()
        (target / "sources" / f"{source['id']}.txt").write_bytes(text)
        for copy_number in range(1, scale):
            sources.append(source | {"id": f"{source['id']}-x{copy_number}"})
            (target / "sources" / f"{source['id']}-x{copy_number}.txt").write_bytes(text)
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
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


# --- report -----------------------------------------------------------------------------------------------------------


def format_table(figures: dict[str, Any]) -> str:
    """The figures as a short plain-text table."""
    generation, mkdocs = figures["generation"], figures["mkdocs"]
    full, bare = mkdocs["full"], mkdocs["without_generation"]
    lines = [
        f"Medians of {figures['runs']} runs (Python {figures['python']}, {figures['machine']}); wall clock, then CPU time",
        "",
        f"data → Markdown step, real data            {_seconds(generation['median'])}  {_seconds(generation['median_cpu'])}",
        f"mkdocs build, full                         {_seconds(full['median'])}  {_seconds(full['median_cpu'])}",
        f"mkdocs build, generation turned off        {_seconds(bare['median'])}  {_seconds(bare['median_cpu'])}",
        f"generation adds (target < 5 %)             {mkdocs['generation_share']:>+7.1%}  {mkdocs['generation_share_cpu']:>+7.1%}",
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


def _seconds(value: float) -> str:
    return f"{value:.3f} s"


if __name__ == "__main__":
    raise SystemExit(main())
