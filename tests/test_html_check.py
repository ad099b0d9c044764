"""The Nu Html Checker (npm vnu-jar, pinned in tests/browser/package.json) on every built page, run on the installed Java.

Our templates and overrides must give no error. The theme's own known errors are listed below by message and by the
markup they come from, and excluded one by one: any other error, or one of them appearing elsewhere, fails.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import PROJECT

VNU_JAR = PROJECT.root / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# mkdocs-material 9.8.2's base.html: the drawer and search toggles are checkboxes with autocomplete="off"
# (so that browsers do not restore them), which HTML allows on text-like inputs only.
THEME_ERRORS = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, “email”, “hidden”, "
    "“month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, or “week”.": 'class="md-toggle" data-md-toggle=',
}


def check_pages(pages: list[Path]) -> list[dict[str, object]]:
    """The checker's messages for the pages (errors, warnings, and failures to read a page)."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci --prefix tests/browser` (make test does)"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stderr)["messages"]


def is_theme_error(message: dict[str, object]) -> bool:
    markup = THEME_ERRORS.get(str(message["message"]))
    return markup is not None and markup in str(message.get("extract", ""))


# A page with an error of our own, checked in the same run as the site (one start of Java for both).
BROKEN_PAGE = '<!doctype html><html lang="fr"><title>t</title><time datetime="2017/2020">2017 – 2020</time></html>'


@pytest.fixture(scope="module")
def checked(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path, list[dict[str, object]]]:
    """The site's pages, the broken page, and what the checker says of them all."""
    pages = sorted(built_site.glob("*.html"))
    broken = tmp_path_factory.mktemp("html") / "broken.html"
    broken.write_text(BROKEN_PAGE, encoding="utf-8")
    return pages, broken, check_pages([*pages, broken])


def test_every_page_has_no_html_error_but_the_themes_known_ones(checked: tuple[list[Path], Path, list[dict[str, object]]]) -> None:
    pages, broken, messages = checked
    errors = [message for message in messages if message["type"] != "info" and Path(str(message["url"])).name != broken.name]
    assert [(Path(str(error["url"])).name, error.get("lastLine"), error["message"]) for error in errors if not is_theme_error(error)] == []
    # Each exclusion is still needed, on every page: when the theme fixes one, it leaves this list.
    assert {str(error["message"]) for error in errors} == set(THEME_ERRORS)
    assert {Path(str(error["url"])).name for error in errors} == {page.name for page in pages}


def test_the_checker_reports_an_error_of_our_own(checked: tuple[list[Path], Path, list[dict[str, object]]]) -> None:
    _, broken, messages = checked
    [error] = [message for message in messages if Path(str(message["url"])).name == broken.name]
    assert str(error["message"]).startswith("Bad value “2017/2020” for attribute “datetime” on element “time”")
