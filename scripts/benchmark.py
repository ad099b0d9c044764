"""Measure the build: the data → Markdown step, a full site build against a plain `mkdocs build`, the PDF edition, and
how the step grows.

A measurement, not a test: it prints a short table (medians of several runs) and, with --json PATH, the raw figures.
Everything it builds goes to a temporary folder; the repository is only read.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import functools
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from callcma import pdf, stages
from callcma.stages import s1_load as load
from callcma.engines import ENGINES
from callcma.model import CITED_SECTIONS, OWNER_SECTIONS
from callcma.settings import CHROMIUM, CHROMIUM_FLAGS, EDITION_NAME, OFFLINE_ZIP_NAME, SOURCE_EXTRACT_SUFFIX, SOURCE_TEXT_SUFFIX, Settings
from callcma.site_config import read_site_config

# The repository this script belongs to.
PROJECT = Settings.from_root(Path(__file__).resolve().parents[1])
ROOT, DATA_DIR = PROJECT.root, PROJECT.data_dir
SITE_SOURCES = ("mkdocs.yml", "mkdocs-serve.yml", "zensical.yml", "overrides", "docs", "scripts", "data")
SCALES = (1, 10, 100, 1000)
# The full build is what `make site` runs; the plain one is MkDocs alone on the same generated docs/: no pipeline step,
# no zip, no finishing of the 404 page (mkdocs.yml has no hooks: the pipeline's steps run around the engine).
FULL_BUILD = (sys.executable, "-m", "callcma", "site", "--engine")
# What a full build may take against the plain one, when its pages are up to date and when they are regenerated;
# what the home page may weigh against a default site's; what the zip may weigh without the PDF edition (issue 19; the
# edition has its own limit, tests/test_pdf.py).
RATIO_TARGETS = {"up to date": 1.15, "new build date": 1.5, "data changed": 1.5, "fresh clone": 1.5}
HOME_RATIO_TARGET = 1.10
ZIP_TARGETS = {"mkdocs": 220_000, "zensical": 250_000}

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TagsAsNull(yaml.SafeLoader):
    """mkdocs.yml's tags (!ENV …) read as null: only its Markdown extensions are read here."""


_TagsAsNull.add_multi_constructor("", lambda loader, suffix, node: None)


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
        figures["edition"] = time_edition(arguments.runs)
        figures["builds"] = {engine: time_builds(copy_repository(work / engine / "repo"), arguments.runs, engine) for engine in ENGINES}
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
    """The data → Markdown step alone (load, check, export, render, write), into an empty docs folder, its cache in
    the same temporary folder.

    The PDF edition's Markdown and HTML are made, not its layout (see without_pdf_layout, and time_edition for its cost).
    """
    settings = dataclasses.replace(PROJECT, root=docs_dir.parent, data_dir=data_dir, docs_dir=docs_dir)
    with without_pdf_layout():
        return repeat(lambda: stages.generate_site_sources(settings), runs, prepare=lambda: shutil.rmtree(docs_dir, ignore_errors=True), warm_up=warm_up)


@contextmanager
def without_pdf_layout() -> Iterator[None]:
    """WeasyPrint's layout of the PDF edition replaced by a one-page stand-in, for the measures of the Markdown step.

    The edition is one document of every fact: at a thousand times the data it would be thousands of pages that no
    reader would print, and its layout would hide the step's own growth. Its cost is measured apart, on the real data.
    The stand-in is kept only in the benchmark's own temporary caches.
    """
    layout = pdf.render_pdf
    pdf.render_pdf = lambda document: pdf.Edition(pdf=b"%PDF-1.7 stand-in", pages=1)
    try:
        yield
    finally:
        pdf.render_pdf = layout


def time_edition(runs: int) -> dict[str, Any]:
    """The PDF edition of the real data, made again each run (no cache): Markdown → HTML → WeasyPrint's layout, in a
    warm process; then the same in a fresh process, which also pays for importing WeasyPrint."""
    checked = stages.check(PROJECT)
    site = read_site_config(PROJECT.mkdocs_config)
    warm = repeat(lambda: stages.make_edition(checked, site), runs)
    code = (
        "from pathlib import Path\nfrom callcma import stages\nfrom callcma.settings import Settings\n"
        "from callcma.site_config import read_site_config\n"
        "project = Settings.from_root(Path(__import__('sys').argv[1]))\n"
        "stages.make_edition(stages.check(project), read_site_config(project.mkdocs_config))\n"
    )
    fresh: dict[str, list[float]] = {"wall": [], "cpu": []}
    for _ in range(runs):
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True, capture_output=True)
        fresh["wall"].append(time.perf_counter() - start)
        fresh["cpu"].append(_children_cpu() - before)
    edition = stages.make_edition(checked, site)
    return {
        "warm": warm,
        "fresh": {**fresh, "median": statistics.median(fresh["wall"]), "median_cpu": statistics.median(fresh["cpu"])},
        "pages": edition.pages,
        "bytes": len(edition.pdf),
    }


# How a build finds its pages: up to date (`make site` again), or to regenerate in a fresh process for one of the three
# reasons a real build does: a new build date (every new commit), a data file edited, a fresh clone's first build.
BUILDS = ("up to date", "new build date", "data changed", "fresh clone")
EDITED_LINE = ("label: Montant consacré au plan", "label: Montant consacré au plan artisanat")  # data/budget.yaml
ONE_DAY = 86400


def time_builds(repository: Path, runs: int, engine: str) -> dict[str, Any]:
    """Each kind of full site build with an engine against its plain build of the same Markdown, runs interleaved so that
    all see the same machine.

    Each starts from an emptied site/. The full build is `callcma site` as `make site` runs it: generate (or find the
    pages up to date), the engine's build in the same process, fold the search, compact the site, package the zip.
    « fresh clone » runs in a new copy of the repository, without generated pages nor .cache/ (the engine's cache
    neither: for Zensical, whose plain build keeps its cache, this counts against us). The plain build is the engine's
    own command on the docs/ of the last full build, with the theme hooks it needs and none of the pipeline's steps.
    """
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    epoch = int(environment.get("SOURCE_DATE_EPOCH") or time.time())
    budget = repository / "data" / "budget.yaml"
    times: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in (*BUILDS, "plain")}

    def prepare(name: str) -> None:
        nonlocal epoch
        shutil.rmtree(repository / "site", ignore_errors=True)
        if name == "new build date":
            epoch += ONE_DAY
        elif name == "data changed":
            text = budget.read_text(encoding="utf-8")
            old, new = EDITED_LINE if EDITED_LINE[0] + "\n" in text else EDITED_LINE[::-1]
            budget.write_text(text.replace(old + "\n", new + "\n"), encoding="utf-8")

    def run(name: str) -> None:
        prepare(name)
        folder = fresh_clone(repository.parent / f"fresh-{time.monotonic_ns()}") if name == "fresh clone" else repository
        command = ENGINES[engine].command(repository) if name == "plain" else (*FULL_BUILD, engine)
        before, start = _children_cpu(), time.perf_counter()
        subprocess.run(command, cwd=folder, env=environment | {"SOURCE_DATE_EPOCH": str(epoch)}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name]["wall"].append(time.perf_counter() - start)
        times[name]["cpu"].append(_children_cpu() - before)
        if folder != repository:
            shutil.rmtree(folder)

    for name in times:  # warm-up; the first full build writes the generated pages that the plain build reads
        run(name)
    for name in times:
        times[name] = {"wall": [], "cpu": []}
    for _ in range(runs):
        for name in times:
            run(name)
    run("up to date")  # the zip measured is the one of a full build
    medians = {name: {**values, "median": statistics.median(values["wall"]), "median_cpu": statistics.median(values["cpu"])} for name, values in times.items()}
    plain = medians["plain"]
    return {
        **medians,
        "ratios": {name: medians[name]["median"] / plain["median"] for name in BUILDS},
        "ratios_cpu": {name: medians[name]["median_cpu"] / plain["median_cpu"] for name in BUILDS},
        "zip_bytes": (repository / "site" / OFFLINE_ZIP_NAME).stat().st_size,
        "zip_edition_bytes": _zipped_size(repository / "site" / OFFLINE_ZIP_NAME, EDITION_NAME),
        "home": weigh_home(repository / "site"),
        "default_home": weigh_home(build_default_site(repository, engine)),
    }


def fresh_clone(target: Path) -> Path:
    """A copy of the repository as a clone has it: without the generated pages (those its manifest lists), nor .cache/."""
    copy_repository(target)
    stages.remove_generated(target / "docs")
    return target


def build_default_site(repository: Path, engine: str) -> Path:
    """A site of the engine with the theme's defaults, set to French (theme.language, which makes its search French
    too), built from the same generated pages with the same Markdown extensions: what the same text weighs without
    this project's choices (palette, stylesheet, scripts, JSON-LD, citation, offline search)."""
    folder = repository.parent / f"default-{engine}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "docs").mkdir(parents=True)
    for page in (repository / "docs").glob("*.md"):
        shutil.copyfile(page, folder / "docs" / page.name)  # the generated page, its link followed
    site = read_site_config(repository / "mkdocs.yml")
    extensions = yaml.load((repository / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TagsAsNull)["markdown_extensions"]
    config = {"site_name": site.name, "theme": {"name": "material", "language": site.language}, "markdown_extensions": extensions}
    (folder / ENGINES[engine].config).write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    # Not strict: the pages link to the open data and the offline zip, which this site does not have.
    command = (sys.executable, "-m", ENGINES[engine].module, "build", "--config-file", str(folder / ENGINES[engine].config))
    subprocess.run(command, cwd=folder, env=environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder / "site"


def weigh_home(site_dir: Path) -> dict[str, int]:
    """What a browser loads to show the home page, served over HTTP, each file over gzip (level 6, as static hosts
    serve): the gzipped size of each file loaded from the site, by its path. Other hosts are blocked and not counted
    (a default Material site asks Google for its fonts; this site asks no one)."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    loaded: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            page = browser.new_page()
            page.on("response", lambda response: loaded.append(response.url))
            page.goto(root + "index.html")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    paths = sorted({unquote(urlsplit(url).path).lstrip("/") for url in loaded if url.startswith(root)})
    return {path: len(gzip.compress((site_dir / path).read_bytes(), compresslevel=6, mtime=0)) for path in paths}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


def _zipped_size(archive: Path, name: str) -> int:
    """What the entries named ``name`` take in the zip (compressed, with their headers): the zip's size without them."""
    with zipfile.ZipFile(archive) as opened:
        return sum(entry.compress_size + 2 * len(entry.filename.encode()) + 76 for entry in opened.infolist() if entry.filename.endswith(f"/{name}"))


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
        "from callcma import stages\nfrom callcma.settings import Settings\nfrom callcma.stages import s1_load as load\n"
        "load.MAX_DATA_FILE_BYTES = 1 << 40\n"
        "project = dataclasses.replace(Settings.from_root(Path(sys.argv[3])), root=Path(sys.argv[2]).parent, data_dir=Path(sys.argv[1]), docs_dir=Path(sys.argv[2]))\n"
        "from benchmark import without_pdf_layout\n"
        "with without_pdf_layout():\n    stages.generate_site_sources(project)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    environment = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parent)}  # for without_pdf_layout
    result = subprocess.run([sys.executable, "-c", code, str(data_dir), str(work / "docs-memory"), str(ROOT)], capture_output=True, text=True, check=True, env=environment)
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
    # Articles with their archived text, each copy cited by the facts' copies; the datasets once, with their extract
    # (a dataset must be cited by the list of communes, which is not repeated).
    for source in files[sections["datasets"]]["datasets"]:
        (target / "sources" / f"{source['id']}{SOURCE_EXTRACT_SUFFIX}").write_bytes((DATA_DIR / "sources" / f"{source['id']}{SOURCE_EXTRACT_SUFFIX}").read_bytes())
    for source in list(sources):  # a snapshot: the loop appends the copies
        archived = (DATA_DIR / "sources" / f"{source['id']}{SOURCE_TEXT_SUFFIX}").read_bytes()
        (target / "sources" / f"{source['id']}{SOURCE_TEXT_SUFFIX}").write_bytes(archived)
        for copy_number in range(1, scale):
            sources.append(source | {"id": f"{source['id']}-x{copy_number}"})
            (target / "sources" / f"{source['id']}-x{copy_number}{SOURCE_TEXT_SUFFIX}").write_bytes(archived)
    articles = {source["id"] for source in sources}
    cited_ids = {item["id"] for section in CITED_SECTIONS for item in files[sections[section]][section]}
    cited_ids |= {fact["id"] for section in OWNER_SECTIONS for owner in files[sections[section]][section] for fact in owner["facts"]}
    for section in CITED_SECTIONS:
        items = files[sections[section]][section]
        originals = list(items)
        items.extend(_copy_fact(item, number, cited_ids, articles) for number in range(1, scale) for item in originals)
    for section in OWNER_SECTIONS:
        for owner in files[sections[section]][section]:
            originals = list(owner["facts"])
            owner["facts"].extend(_copy_fact(fact, number, cited_ids, articles) for number in range(1, scale) for fact in originals)
    for name, content in files.items():
        (target / name).write_text(yaml.dump(content, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    facts = sum(len(files[sections[section]][section]) for section in CITED_SECTIONS)
    facts += sum(len(owner["facts"]) for section in OWNER_SECTIONS for owner in files[sections[section]][section])
    citations = sum(len(item["citations"]) for content in files.values() for section in content.values() if isinstance(section, list) for item in _cited(section))
    return {"facts": facts, "citations": citations, "sources": len(sources), "bytes": sum(path.stat().st_size for path in target.glob("*.yaml"))}


def _copy_fact(item: dict[str, Any], number: int, cited_ids: set[str], articles: set[str]) -> dict[str, Any]:
    """A copy of a fact under a new id, citing the matching copy of its article (a dataset's record as it is), its
    formula on the matching copies."""
    copied = copy.deepcopy(item)
    copied["id"] = f"{item['id']}-x{number}"
    copied["citations"] = [citation | {"source": f"{citation['source']}-x{number}"} if citation["source"] in articles else citation for citation in item["citations"]]
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
    generation, edition = figures["generation"], figures["edition"]
    lines = [
        f"Medians of {figures['runs']} runs (Python {figures['python']}, {figures['machine']}); wall clock, then CPU time",
        "",
        _row("data → Markdown step, real data", _seconds(generation["median"]), _seconds(generation["median_cpu"])),
        _row("PDF edition, made in a warm process", _seconds(edition["warm"]["median"]), _seconds(edition["warm"]["median_cpu"])),
        _row("PDF edition, made in a fresh process", _seconds(edition["fresh"]["median"]), _seconds(edition["fresh"]["median_cpu"])),
        _row("PDF edition", f"{edition['pages']} pages", f"{edition['bytes'] / 1000:.0f} kB"),
    ]
    for engine, builds in figures["builds"].items():
        lines += ["", f"{engine}:", _row(f"  plain {engine} build of the same Markdown", _seconds(builds["plain"]["median"]), _seconds(builds["plain"]["median_cpu"]))]
        for name in BUILDS:
            lines.append(_row(f"  site build, {name}", _seconds(builds[name]["median"]), _seconds(builds[name]["median_cpu"]), f"{builds['ratios'][name]:.2f}", f"{builds['ratios_cpu'][name]:.2f}", f"≤ {RATIO_TARGETS[name]}"))
        home, default = sum(builds["home"].values()), sum(builds["default_home"].values())
        lines.append(_row("  home page over gzip vs a default site", f"{home / 1000:.1f} kB", f"{default / 1000:.1f} kB", f"{home / default:.2f}", "", f"≤ {HOME_RATIO_TARGET}"))
        lines.append(_row("  offline zip, PDF edition included", f"{builds['zip_bytes'] / 1000:.0f} kB"))
        lines.append(_row("  offline zip without the PDF edition", f"{(builds['zip_bytes'] - builds['zip_edition_bytes']) / 1000:.0f} kB", "", "", "", f"≤ {ZIP_TARGETS[engine] // 1000} kB"))
    lines += [
        "",
        "(site builds: wall, CPU, then their ratios to the plain build, wall and CPU, and the target)",
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
