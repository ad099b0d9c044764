"""Moving around the site: the navigation walked by clicks, the 404 page, and the watch that
every browser test keeps on errors and requests (every page's own checks: test_every_page.py)."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import DESKTOP, NAV, ON_DEFAULT_ENGINE, PHONE, QuietHandler, Watch, serve, visit
from playwright.sync_api import Page

from callcma.settings import OFFLINE_ZIP_NAME

pytestmark = pytest.mark.browser


class NotFoundHandler(QuietHandler):
    """Serves the folder above the site, so that the site sits under a sub-path; unknown addresses get the
    site's 404 page, as GitHub project pages do."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "site" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def sub_path_root(site_dir: Path) -> Iterator[str]:
    """The site served under a sub-path, http://127.0.0.1:<port>/site/, with its 404 page for unknown addresses."""
    assert site_dir.name == "site"
    with serve(functools.partial(NotFoundHandler, directory=str(site_dir.parent)), "/site/") as root:
        yield root


# Both engines (finish.py makes their 404 pages alike), built without the site's address: links from the site's root,
# which a script finds over HTTP.
def test_not_found_page_is_french_and_styled_under_a_sub_path(engine: str, sub_path_root: str, page: Page, watch: Watch) -> None:
    response = page.goto(sub_path_root + "page-absente.html")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert_not_found_page(page, sub_path_root)
    watch.problems.remove(f"HTTP 404: {sub_path_root}page-absente.html")
    assert watch.problems == []


def test_not_found_page_is_styled_and_leads_home_one_folder_down(engine: str, sub_path_root: str, page: Page, watch: Watch) -> None:
    missing = sub_path_root + "donnees/faits.cvs"  # a typo in a link to the open data, one folder below the root
    response = page.goto(missing)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert_not_found_page(page, sub_path_root)
    # Without the site's address, the browser's preload scanner may ask for the page's files in the wrong folder before
    # the script sets the root (README, Publish): only those, and the missing address itself.
    assert [problem for problem in watch.problems if missing not in problem and f"{sub_path_root}donnees/assets/" not in problem] == []


@pytest.mark.parametrize("where", ["file", "unzipped"])
def test_not_found_page_is_french_and_styled_from_files(engine: str, where: str, request: pytest.FixtureRequest, page: Page, watch: Watch) -> None:
    root = str(request.getfixturevalue(f"{where}_root"))
    visit(page, root + "404.html", settle=True)
    assert_not_found_page(page, root)
    assert watch.problems == []


def assert_not_found_page(page: Page, root: str) -> None:
    """The 404 page speaks French, wears the site's styles and leads back into the site."""
    assert page.title().startswith("Page introuvable")
    assert page.locator("article h1").inner_text() == "Page introuvable"
    # Styled: the theme's header is fixed at the top, and the logo keeps its icon size.
    assert page.locator("header.md-header").evaluate("header => getComputedStyle(header).position") == "sticky"
    assert page.locator("header .md-logo").bounding_box()["height"] < 60
    page.locator("article").get_by_role("link", name="l’accueil").click()
    page.wait_for_load_state()
    assert page.url == root + "index.html"


INJECTIONS = [
    ('<img src="https://cdn.example.com/pixel.png" alt="">', "request to another host: https://cdn.example.com/pixel.png"),
    ('<img src="missing.png" alt="">', "failed request: {root}missing.png (net::ERR_FILE_NOT_FOUND)"),
    ("<script>console.error('boom')</script>", "console error: boom ({root}index.html)"),
    ("<script>throw new Error('bang')</script>", "uncaught error: bang"),
]


@ON_DEFAULT_ENGINE  # the watch is the same for either engine's pages
@pytest.mark.parametrize(("html", "expected"), INJECTIONS, ids=["other-host", "missing-file", "console-error", "uncaught-error"])
def test_watch_reports_what_a_page_gains(html: str, expected: str, site_dir: Path, tmp_path: Path, page: Page, watch: Watch) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns(OFFLINE_ZIP_NAME))
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</article>", f"{html}</article>", 1), encoding="utf-8")
    visit(page, index.as_uri(), settle=True)
    assert watch.problems == [expected.format(root=copy.as_uri() + "/")]


def next_link(page: Page, title: str) -> None:
    page.locator("a.md-footer__link--next").click()


def sidebar(page: Page, title: str) -> None:
    page.locator("nav.md-nav--primary > ul > li > a.md-nav__link", has_text=title).click()


def phone_menu(page: Page, title: str) -> None:
    page.set_viewport_size(PHONE)
    page.locator("header label[for='__drawer']").click()
    sidebar(page, title)


WAYS = [next_link, sidebar, phone_menu]


def test_a_click_leads_to_each_page_of_the_navigation_in_turn(http_root: str, page: Page, watch: Watch) -> None:
    """From the home page to each page in turn, then back home: by the footer's next link, the menu, the phone's menu,
    in turn (every page's links lead where they must: test_every_page.py)."""
    visit(page, http_root + NAV[0][1])
    wrong = []
    for number, (title, name) in enumerate(NAV[1:] + NAV[:1]):
        way = sidebar if name == NAV[0][1] else WAYS[number % len(WAYS)]  # the last page has no next link
        page.set_viewport_size(DESKTOP)
        way(page, title)
        page.wait_for_load_state()
        if page.url != http_root + name:
            wrong.append(f"{way.__name__} to {title}: {page.url}")
    assert wrong == []
    assert watch.problems == []


def test_footer_link_opens_the_accessibility_page(http_root: str, page: Page) -> None:
    visit(page, http_root + "declarations.html")
    page.locator("footer .md-copyright").get_by_role("link", name="Accessibilité").click()
    page.wait_for_load_state()
    assert page.url == http_root + "accessibilite.html"
    assert page.title().startswith("Accessibilité")
