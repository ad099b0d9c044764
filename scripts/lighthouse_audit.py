#!/usr/bin/env python3
"""Measure a built MkDocs site with Lighthouse (mobile preset) and print a score table.

This is a measurement tool, not a test: it reports the median of several
Lighthouse runs per page and exits 0 whenever Lighthouse could run.

    python scripts/lighthouse_audit.py site/ --runs 3 --json lighthouse.json
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from callcma.settings import CHROMIUM, CHROMIUM_FLAGS

LIGHTHOUSE_DIR = Path(__file__).resolve().parent / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = ("--headless=new", *CHROMIUM_FLAGS)
RUN_TIMEOUT_S = 120
COMPRESSIBLE = {
    ".html",
    ".css",
    ".js",
    ".json",
    ".svg",
    ".xml",
    ".txt",
    ".map",
    ".webmanifest",
}
# mimetypes depends on /etc/mime.types, so pin the types a static host would send.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".gz": "application/gzip",
}
# GitHub Pages sends max-age=600 for every file; mimic it so cache audits match.
CACHE_CONTROL = "public, max-age=600"
IGNORED_MODES = {"informative", "notApplicable", "manual"}
# page -> (category, audit id, title) -> display value of each run it failed in
Failures = dict[str, dict[tuple[str, str, str], list[str]]]
COLUMNS = (
    ("perf", "perf"),
    ("a11y", "a11y"),
    ("best_practices", "bp"),
    ("seo", "seo"),
    ("kib", "KiB"),
)


@dataclass(frozen=True)
class Figures:
    """Scores (0-100) and transferred KiB for one page, one run or a median."""

    perf: int | None
    a11y: int | None
    best_practices: int | None
    seo: int | None
    kib: int | None


# ---------------------------------------------------------------- pure parts


def median_int(values: Sequence[int | None]) -> int | None:
    """Median of the known values, rounded to an int; None when there is none."""
    known = [v for v in values if v is not None]
    return round(statistics.median(known)) if known else None


def median_figures(runs: Sequence[Figures]) -> Figures:
    """Per-field median over several runs of one page."""
    return Figures(*(median_int([getattr(r, field) for r in runs]) for field in Figures.__dataclass_fields__))


def figures_from_lhr(lhr: dict[str, Any]) -> Figures:
    """The four category scores and the total byte weight of a Lighthouse result."""

    def score(category: str) -> int | None:
        value = lhr.get("categories", {}).get(category, {}).get("score")
        return None if value is None else round(value * 100)

    weight = lhr.get("audits", {}).get("total-byte-weight", {}).get("numericValue")
    return Figures(
        perf=score("performance"),
        a11y=score("accessibility"),
        best_practices=score("best-practices"),
        seo=score("seo"),
        kib=None if weight is None else round(weight / 1024),
    )


def failing_audits(lhr: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(category, id, title, display value) of failed audits in categories below 100."""
    audits = lhr.get("audits", {})
    failed: list[tuple[str, str, str, str]] = []
    for key, category in lhr.get("categories", {}).items():
        if category.get("score") is None or category["score"] >= 1:
            continue
        for ref in category.get("auditRefs", []):
            audit = audits.get(ref.get("id"), {})
            score = audit.get("score")
            if score is None or score >= 1 or audit.get("scoreDisplayMode") in IGNORED_MODES:
                continue
            failed.append((key, ref["id"], audit.get("title", ""), audit.get("displayValue", "")))
    return failed


def format_table(rows: Sequence[tuple[str, Figures]]) -> str:
    """Aligned table of pages and figures, then a 'worst' line (min score, max KiB)."""

    def cell(value: int | None) -> str:
        return "-" if value is None else str(value)

    def worst(field: str) -> int | None:
        known: list[int] = [getattr(f, field) for _, f in rows if getattr(f, field) is not None]
        if not known:
            return None
        # Bigger pages are worse, so the weight column reports the heaviest page.
        return max(known) if field == "kib" else min(known)

    lines = [("page", *(label for _, label in COLUMNS))]
    lines += [(page, *(cell(getattr(f, field)) for field, _ in COLUMNS)) for page, f in rows]
    lines.append(("worst", *(cell(worst(field)) for field, _ in COLUMNS)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    text = [
        "  ".join(
            [
                line[0].ljust(widths[0]),
                *(c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)),
            ]
        )
        for line in lines
    ]
    rule = "-" * len(text[0])
    return "\n".join([text[0], rule, *text[1:-1], rule, text[-1]])


def page_path(html_file: Path, site_dir: Path) -> str:
    """URL path a static host serves an HTML file at (directory URL for index.html)."""
    rel = html_file.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def find_pages(site_dir: Path) -> list[str]:
    """URL paths of every HTML page in the site, 404.html last."""
    paths = sorted(page_path(p, site_dir) for p in site_dir.rglob("*.html"))
    return sorted(paths, key=lambda p: p == "/404.html")


def select_pages(pages: Sequence[str], wanted: Sequence[str]) -> list[str]:
    """The pages named in wanted (URL or file paths); ValueError for an unknown name."""
    chosen: list[str] = []
    for name in wanted:
        name = name.strip()
        candidates = {"/" + name.lstrip("/"), "/" + name.strip("/") + "/"}
        if name.endswith("index.html"):
            candidates.add("/" + name[: -len("index.html")].lstrip("/"))
        match = [p for p in pages if p in candidates]
        if not match:
            raise ValueError(f"no such page in the site: {name}")
        chosen += [p for p in match if p not in chosen]
    return chosen


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (an explicit q=0 refuses it)."""
    for item in (accept_encoding or "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


# ---------------------------------------------------------------- HTTP server


class StaticHandler(SimpleHTTPRequestHandler):
    """Serve files as a static host does: gzip for text, Content-Type, Cache-Control."""

    def do_GET(self) -> None:
        """Serve the file with a body."""
        self._serve(with_body=True)

    def do_HEAD(self) -> None:
        """Serve the headers only."""
        self._serve(with_body=False)

    def _serve(self, with_body: bool) -> None:
        """Resolve the path like a static host and send the (maybe gzipped) file."""
        fs_path = Path(self.translate_path(self.path))
        status = HTTPStatus.OK
        if fs_path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            fs_path = fs_path / "index.html"
        if not fs_path.is_file():
            status = HTTPStatus.NOT_FOUND
            fs_path = Path(self.directory) / "404.html"
            if not fs_path.is_file():
                self.send_error(HTTPStatus.NOT_FOUND)
                return
        body = fs_path.read_bytes()
        suffix = fs_path.suffix.lower()
        gzipped = suffix in COMPRESSIBLE and accepts_gzip(self.headers.get("Accept-Encoding"))
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(fs_path.name)[0]
        self.send_header("Content-Type", content_type or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if suffix in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the request log would drown the table."""


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 at a free port; yield the base URL; stop on exit."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(StaticHandler, directory=str(site_dir)))
    server.daemon_threads = True
    # A short poll interval makes shutdown() return quickly.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------- Lighthouse


def ensure_lighthouse(lighthouse_dir: Path) -> Path:
    """Path of the pinned lighthouse binary; runs `npm ci` first when it is missing."""
    binary = lighthouse_dir / "node_modules" / ".bin" / "lighthouse"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm not found; install Node.js to run Lighthouse")
    print(f"installing lighthouse in {lighthouse_dir} ...", file=sys.stderr)
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=lighthouse_dir, check=True)
    if not binary.exists():
        raise RuntimeError(f"npm ci did not produce {binary}")
    return binary


def stop_lighthouse(proc: subprocess.Popen[str]) -> None:
    """Stop a Lighthouse process together with the Chromium it launched."""
    # chrome-launcher starts Chromium detached (its own session), so killing node
    # would orphan the browser; Lighthouse's SIGINT handler closes it first.
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


def run_lighthouse(binary: Path, url: str, chrome_path: str, out_file: Path) -> dict[str, Any]:
    """Run Lighthouse once on url; return its JSON result; raise on failure/timeout."""
    cmd = [
        str(binary),
        url,
        "--output=json",
        f"--output-path={out_file}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--quiet",
    ]
    # The Lighthouse CLI silently ignores --chrome-path; chrome-launcher reads CHROME_PATH.
    env = {**os.environ, "CHROME_PATH": chrome_path}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _, stderr = proc.communicate(timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        stop_lighthouse(proc)
        raise RuntimeError(f"Lighthouse timed out after {RUN_TIMEOUT_S} s on {url}") from None
    except KeyboardInterrupt:
        stop_lighthouse(proc)
        raise
    if proc.returncode != 0 or not out_file.exists():
        detail = stderr.strip()[-800:]
        raise RuntimeError(f"Lighthouse failed on {url} (exit {proc.returncode}): {detail}")
    lhr: dict[str, Any] = json.loads(out_file.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {lhr['runtimeError'].get('message')}")
    return lhr


def audit_site(
    site_dir: Path, pages: Sequence[str], runs: int, binary: Path, chrome_path: str
) -> tuple[dict[str, list[Figures]], Failures, list[str], str]:
    """Run Lighthouse `runs` times a page: figures, failed audits, errors, version."""
    figures: dict[str, list[Figures]] = {page: [] for page in pages}
    failures: Failures = {page: {} for page in pages}
    errors: list[str] = []
    version = ""
    with (
        serve(site_dir) as base_url,
        tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp,
    ):
        for n_page, page in enumerate(pages, 1):
            for run in range(1, runs + 1):
                started = time.monotonic()
                out_file = Path(tmp) / f"page{n_page}-run{run}.json"
                try:
                    lhr = run_lighthouse(binary, base_url + page, chrome_path, out_file)
                except RuntimeError as exc:
                    errors.append(str(exc))
                    print(
                        f"[{n_page}/{len(pages)}] {page} run {run}: FAILED",
                        file=sys.stderr,
                    )
                    continue
                version = lhr.get("lighthouseVersion", version)
                figures[page].append(figures_from_lhr(lhr))
                for category, audit_id, title, shown in failing_audits(lhr):
                    failures[page].setdefault((category, audit_id, title), []).append(shown)
                elapsed = time.monotonic() - started
                print(
                    f"[{n_page}/{len(pages)}] {page} run {run}/{runs}: {elapsed:.1f} s",
                    file=sys.stderr,
                )
    return figures, failures, errors, version


def format_failures(medians: dict[str, Figures], failures: Failures, runs: int) -> str:
    """Failed audits for every page whose median has a score below 100."""
    blocks: list[str] = []
    for page, fig in medians.items():
        scores = (fig.perf, fig.a11y, fig.best_practices, fig.seo)
        if all(s is None or s >= 100 for s in scores) or not failures.get(page):
            continue
        blocks.append(f"{page}")
        for (category, audit_id, title), shown in failures[page].items():
            values = ", ".join(dict.fromkeys(v for v in shown if v))
            line = f"  {category:<15} {audit_id}: {title}" + (f" [{values}]" if values else "")
            blocks.append(line + ("" if len(shown) == runs else f" ({len(shown)}/{runs} runs)"))
    return "\n".join(blocks)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "site",
        nargs="?",
        default="site",
        type=Path,
        help="built site directory (default: site/)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Lighthouse runs per page; medians are reported",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="write raw per-run figures to PATH")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="only these pages, e.g. / about/ 404.html",
    )
    parser.add_argument("--chrome-path", default=CHROMIUM, help="Chromium binary (default: %(default)s)")
    args = parser.parse_args(argv)

    if args.runs < 1:
        parser.error("--runs must be at least 1")
    site_dir = args.site.resolve()
    if not site_dir.is_dir():
        parser.error(f"not a directory: {args.site} (build the site first: mkdocs build)")
    pages = find_pages(site_dir)
    if args.pages:
        try:
            pages = select_pages(pages, args.pages)
        except ValueError as exc:
            parser.error(str(exc))
    if not pages:
        parser.error(f"no HTML pages in {args.site}")

    if not os.access(args.chrome_path, os.X_OK):
        # chrome-launcher would quietly fall back to whatever browser it finds.
        print(f"error: no Chromium at {args.chrome_path}", file=sys.stderr)
        return 2
    try:
        binary = ensure_lighthouse(LIGHTHOUSE_DIR)
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    figures, failures, errors, version = audit_site(site_dir, pages, args.runs, binary, args.chrome_path)
    medians = {page: median_figures(runs) for page, runs in figures.items()}

    print(f"\nLighthouse {version or '?'}, mobile, median of {args.runs} run(s)")
    print(f"site: {site_dir}\n")
    print(format_table(list(medians.items())))
    details = format_failures(medians, failures, args.runs)
    if details:
        print("\nFailed audits:\n" + details)
    if errors:
        print(
            "\nLighthouse errors:\n" + "\n".join(f"  {e}" for e in errors),
            file=sys.stderr,
        )

    if args.json:
        raw = {
            "site": str(site_dir),
            "lighthouse": version,
            "runs": args.runs,
            "pages": {
                page: {
                    "runs": [asdict(f) for f in figures[page]],
                    "median": asdict(medians[page]),
                    "failing_audits": [
                        {"category": c, "id": i, "title": t, "display_values": v} for (c, i, t), v in failures[page].items()
                    ],
                }
                for page in pages
            },
            "errors": errors,
        }
        args.json.write_text(json.dumps(raw, indent=2) + "\n", encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
