"""Every page opens cleanly over HTTP and from file://, every link leads somewhere real, nothing overflows a phone."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from browsing import NAV, PAGES, PHONE, ContextFactory, QuietHandler, Watch, serve, visit
from playwright.sync_api import Page

from callcma.settings import OFFLINE_ZIP_NAME

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_in_french_with_no_error_and_no_other_host(root: str, name: str, page: Page, watch: Watch) -> None:
    visit(page, root + name, settle=True)
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("article h1").is_visible()
    assert page.locator("article abbr:not([title])").count() == 0
    assert footer_link(page) == root + "accessibilite.html"
    assert watch.problems == []


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


# Zensical runs no hook, so its 404 page keeps absolute links: styled only at the root of a host (README, engines).
@pytest.mark.parametrize("engine", ["mkdocs"], indirect=True)
def test_not_found_page_is_french_and_styled_under_a_sub_path(engine: str, sub_path_root: str, page: Page, watch: Watch) -> None:
    response = page.goto(sub_path_root + "page-absente.html")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert_not_found_page(page, sub_path_root)
    watch.problems.remove(f"HTTP 404: {sub_path_root}page-absente.html")
    assert watch.problems == []


@pytest.mark.parametrize("engine", ["mkdocs"], indirect=True)
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


def footer_link(page: Page) -> str:
    """Where the footer's « Accessibilité » link leads, as the browser resolves it."""
    return str(page.locator("footer .md-copyright").get_by_role("link", name="Accessibilité").evaluate("link => link.href"))


INJECTIONS = [
    ('<img src="https://cdn.example.com/pixel.png" alt="">', "request to another host: https://cdn.example.com/pixel.png"),
    ('<img src="missing.png" alt="">', "failed request: {root}missing.png (net::ERR_FILE_NOT_FOUND)"),
    ("<script>console.error('boom')</script>", "console error: boom ({root}index.html)"),
    ("<script>throw new Error('bang')</script>", "uncaught error: bang"),
]


@pytest.mark.parametrize(("html", "expected"), INJECTIONS, ids=["other-host", "missing-file", "console-error", "uncaught-error"])
def test_watch_reports_what_a_page_gains(html: str, expected: str, site_dir: Path, tmp_path: Path, page: Page, watch: Watch) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns(OFFLINE_ZIP_NAME))
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</article>", f"{html}</article>", 1), encoding="utf-8")
    visit(page, index.as_uri(), settle=True)
    assert watch.problems == [expected.format(root=copy.as_uri() + "/")]


def test_next_links_walk_the_whole_navigation(root: str, page: Page, watch: Watch) -> None:
    visit(page, root + "index.html")
    walked = [page.url.removeprefix(root)]
    while (following := page.locator("a.md-footer__link--next")).count():
        following.click()
        page.wait_for_load_state()
        walked.append(page.url.removeprefix(root))
    assert walked == PAGES
    assert watch.problems == []


def test_sidebar_reaches_every_page(root: str, page: Page, watch: Watch) -> None:
    # A page's own entry is not a link: start on the home page, end with it.
    visit(page, root + NAV[0][1])
    for title, name in NAV[1:] + NAV[:1]:
        page.locator("nav.md-nav--primary > ul > li > a.md-nav__link", has_text=title).click()
        page.wait_for_load_state()
        assert page.url == root + name
    assert watch.problems == []


@pytest.mark.parametrize("name", PAGES)
def test_menu_is_visible_on_every_page_at_1280_px(http_root: str, name: str, page: Page) -> None:
    visit(page, http_root + name)
    menu = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link")
    assert [entry.strip() for entry in menu.all_inner_texts()] == [title for title, _ in NAV]
    assert all(entry.is_visible() for entry in menu.all())


def test_phone_menu_reaches_every_page(root: str, new_context: ContextFactory, watch: Watch) -> None:
    page = new_context(viewport=PHONE).new_page()
    visit(page, root + NAV[0][1])
    for title, name in NAV[1:] + NAV[:1]:
        page.locator("header label[for='__drawer']").click()
        page.locator("nav.md-nav--primary > ul > li > a.md-nav__link", has_text=title).click()
        page.wait_for_load_state()
        assert page.url == root + name
    assert watch.problems == []


def test_footer_link_opens_the_accessibility_page(root: str, page: Page) -> None:
    visit(page, root + "declarations.html")
    page.locator("footer .md-copyright").get_by_role("link", name="Accessibilité").click()
    page.wait_for_load_state()
    assert page.url == root + "accessibilite.html"
    assert page.title().startswith("Accessibilité")


def test_every_internal_link_and_anchor_resolves(root: str, site_dir: Path, page: Page, watch: Watch) -> None:
    ids: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    queue = [root + "index.html"]
    while queue:
        url = queue.pop()
        if url in ids:
            continue
        visit(page, url)
        ids[url] = set(page.eval_on_selector_all("[id], a[name]", "nodes => nodes.map(node => node.id || node.name)"))
        for href in page.eval_on_selector_all("a[href]", "nodes => nodes.map(node => node.href)"):
            target = href.partition("#")[0]
            if not target.startswith(root):
                continue  # a link to another host is no request; it is not followed
            links.append((url, href))
            if target.endswith(".html") and target not in ids and (site_dir / unquote(target.removeprefix(root))).is_file():
                queue.append(target)
    broken = []
    for source, href in links:
        target, _, fragment = href.partition("#")
        if not (site_dir / unquote(target.removeprefix(root))).is_file():
            broken.append(f"{source} → {href}: no such file")
        elif fragment and target in ids and unquote(fragment) not in ids[target]:
            broken.append(f"{source} → {href}: no element has this id")
    assert broken == []
    assert sorted(url.removeprefix(root) for url in ids) == sorted(PAGES)
    assert watch.problems == []


def test_footnote_call_shows_its_quote_on_hover(root: str, page: Page) -> None:
    visit(page, root + "budget.html")
    call = page.locator("sup[id^='fnref'] a.footnote-ref").first
    note = page.locator(str(call.get_attribute("href")).replace(":", "\\:"))
    quote = note.locator("p").inner_text().split(" — ")[0]
    assert quote.startswith("«")
    call.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert quote in tooltip.inner_text()


@pytest.mark.parametrize("name", PAGES)
def test_nothing_overflows_a_360_px_screen(root: str, name: str, new_context: ContextFactory) -> None:
    page = new_context(viewport=PHONE).new_page()
    visit(page, root + name)
    width, visible = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width <= visible
