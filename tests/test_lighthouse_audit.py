"""Unit tests for the pure parts and the gzip server of scripts/lighthouse_audit.py."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import lighthouse_audit as la  # scripts/ is on pytest's pythonpath (pyproject.toml)
import pytest

Figures = la.Figures


def _lhr(**scores: float | None) -> dict[str, Any]:
    """A small fake Lighthouse result with two categories and a few audits."""
    return {
        "lighthouseVersion": "12.2.3",
        "categories": {
            "performance": {
                "score": scores.get("performance", 1),
                "auditRefs": [{"id": "first-contentful-paint"}, {"id": "bootup"}],
            },
            "accessibility": {
                "score": scores.get("accessibility", 0.92),
                "auditRefs": [
                    {"id": "color-contrast"},
                    {"id": "image-alt"},
                    {"id": "aria-roles"},
                    {"id": "tabindex"},
                    {"id": "manual-check"},
                ],
            },
        },
        "audits": {
            "first-contentful-paint": {
                "score": 0.9,
                "scoreDisplayMode": "numeric",
                "title": "First Contentful Paint",
                "displayValue": "1.8 s",
            },
            "bootup": {"score": 0, "scoreDisplayMode": "binary", "title": "Bootup"},
            "color-contrast": {
                "score": 0,
                "scoreDisplayMode": "binary",
                "title": "Low contrast",
            },
            "image-alt": {"score": 1, "scoreDisplayMode": "binary", "title": "Alt"},
            "aria-roles": {
                "score": None,
                "scoreDisplayMode": "notApplicable",
                "title": "Roles",
            },
            "tabindex": {
                "score": 0,
                "scoreDisplayMode": "informative",
                "title": "Tabindex",
            },
            "manual-check": {
                "score": 0,
                "scoreDisplayMode": "manual",
                "title": "Check by hand",
            },
            "total-byte-weight": {"score": 1, "numericValue": 80_896},
        },
    }


# ---------------------------------------------------------------- medians


def test_median_int_odd_even_and_missing() -> None:
    assert la.median_int([90, 100, 95]) == 95
    assert la.median_int([90, 94]) == 92
    assert la.median_int([None, 88, None]) == 88
    assert la.median_int([None, None]) is None
    assert la.median_int([]) is None


def test_median_figures_is_per_field() -> None:
    runs = [
        Figures(90, 92, 96, 100, 80),
        Figures(100, 92, 100, 100, 79),
        Figures(95, 88, 96, None, 81),
    ]
    assert la.median_figures(runs) == Figures(95, 92, 96, 100, 80)


# ---------------------------------------------------------------- Lighthouse JSON


def test_figures_from_lhr_scales_scores_and_bytes() -> None:
    figures = la.figures_from_lhr(_lhr(performance=0.994, accessibility=0.92))
    # seo and best-practices are absent from the fake result.
    assert figures == Figures(99, 92, None, None, 79)


def test_failing_audits_only_counts_scored_failures_of_imperfect_categories() -> None:
    failed = la.failing_audits(_lhr(performance=1, accessibility=0.5))
    assert failed == [("accessibility", "color-contrast", "Low contrast", "")]


def test_failing_audits_lists_every_imperfect_category() -> None:
    failed = la.failing_audits(_lhr(performance=0.97, accessibility=0.92))
    assert [(c, i) for c, i, _, _ in failed] == [
        ("performance", "first-contentful-paint"),
        ("performance", "bootup"),
        ("accessibility", "color-contrast"),
    ]
    assert failed[0][3] == "1.8 s"


def test_failing_audits_empty_when_all_perfect() -> None:
    assert la.failing_audits(_lhr(performance=1, accessibility=1)) == []


def test_format_failures_skips_perfect_pages_and_notes_partial_runs() -> None:
    medians = {"/": Figures(98, 100, 100, 100, 60), "/ok/": Figures(100, 100, 100, 100, 1)}
    failures = {
        "/": {("performance", "fcp", "First Contentful Paint"): ["1.8 s", "1.9 s"]},
        "/ok/": {("performance", "fcp", "First Contentful Paint"): ["1.7 s"]},
    }
    text = la.format_failures(medians, failures, runs=3)
    assert text.splitlines() == [
        "/",
        "  performance     fcp: First Contentful Paint [1.8 s, 1.9 s] (2/3 runs)",
    ]


# ---------------------------------------------------------------- table


def test_format_table_aligns_columns_and_reports_worst() -> None:
    table = la.format_table(
        [
            ("/", Figures(100, 92, 96, 100, 79)),
            ("/a-long-page/", Figures(87, 100, None, 90, 120)),
        ]
    )
    lines = table.splitlines()
    assert lines[0].split() == ["page", "perf", "a11y", "bp", "seo", "KiB"]
    assert lines[2].split() == ["/", "100", "92", "96", "100", "79"]
    assert lines[3].split() == ["/a-long-page/", "87", "100", "-", "90", "120"]
    assert lines[-1].split() == ["worst", "87", "92", "96", "90", "120"]
    assert set(lines[1]) == {"-"} and set(lines[-2]) == {"-"}
    assert len({len(line) for line in lines}) == 1
    # Numbers are right-aligned under their headers.
    assert lines[0].endswith("  KiB") and lines[2].endswith("   79")
    assert lines[0].index("perf") + len("perf") == lines[2].index("100") + len("100")


# ---------------------------------------------------------------- pages


def test_find_pages_uses_directory_urls_and_puts_404_last(tmp_path: Path) -> None:
    for rel in ["index.html", "404.html", "about/index.html", "zz/page.html"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "app.js").write_text("")
    assert la.find_pages(tmp_path) == ["/", "/about/", "/zz/page.html", "/404.html"]


def test_select_pages_accepts_urls_and_files_and_rejects_unknown() -> None:
    pages = ["/", "/about/", "/404.html"]
    assert la.select_pages(pages, ["about", "/", "404.html"]) == [
        "/about/",
        "/",
        "/404.html",
    ]
    assert la.select_pages(pages, ["about/index.html"]) == ["/about/"]
    with pytest.raises(ValueError, match="nope"):
        la.select_pages(pages, ["nope/"])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, GZIP;q=0.5", True),
        ("gzip;q=0", False),
        ("*", True),
        ("identity", False),
        ("", False),
        (None, False),
    ],
)
def test_accepts_gzip(header: str | None, expected: bool) -> None:
    assert la.accepts_gzip(header) is expected


# ---------------------------------------------------------------- server


def _get(url: str, accept_encoding: str | None) -> tuple[int, dict[str, str], bytes]:
    """GET url; return status, headers and the raw (undecoded) body."""
    request = urllib.request.Request(url)
    if accept_encoding is not None:
        request.add_header("Accept-Encoding", accept_encoding)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A tiny built site: a home page, a sub page, a stylesheet, an image, a 404."""
    (tmp_path / "index.html").write_text("<!doctype html><p>" + "home " * 200)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "index.html").write_text("<p>sub</p>")
    (tmp_path / "style.css").write_text("body { color: red; }\n" * 50)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "404.html").write_text("<p>not here</p>")
    return tmp_path


def test_server_gzips_html_when_accepted(site: Path) -> None:
    with la.serve(site) as base:
        status, headers, body = _get(base + "/", "gzip, deflate")
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"].startswith("text/html")
    assert "max-age" in headers["Cache-Control"]
    assert int(headers["Content-Length"]) == len(body)
    assert gzip.decompress(body) == (site / "index.html").read_bytes()


def test_server_sends_identity_without_accept_encoding(site: Path) -> None:
    with la.serve(site) as base:
        status, headers, body = _get(base + "/index.html", None)
    assert status == 200
    assert "Content-Encoding" not in headers
    assert body == (site / "index.html").read_bytes()


def test_server_gzips_css_but_not_images(site: Path) -> None:
    with la.serve(site) as base:
        _, css_headers, css = _get(base + "/style.css", "gzip")
        _, png_headers, png = _get(base + "/logo.png", "gzip")
    assert css_headers["Content-Type"].startswith("text/css")
    assert gzip.decompress(css) == (site / "style.css").read_bytes()
    assert png_headers["Content-Type"] == "image/png"
    assert "Content-Encoding" not in png_headers
    assert png == (site / "logo.png").read_bytes()


def test_server_serves_directory_index_and_404_page(site: Path) -> None:
    with la.serve(site) as base:
        sub_status, _, sub = _get(base + "/sub/", None)
        # urllib follows the redirect from /sub to /sub/.
        redirected_status, _, redirected = _get(base + "/sub", None)
        missing_status, _, missing = _get(base + "/missing/", None)
    assert (sub_status, sub) == (200, b"<p>sub</p>")
    assert (redirected_status, redirected) == (200, b"<p>sub</p>")
    assert (missing_status, missing) == (404, b"<p>not here</p>")
