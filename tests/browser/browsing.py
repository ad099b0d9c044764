"""What the browser tests share: the site's pages, Chromium's settings, and a watch on every request and error."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, Route, expect

from callcma.engines import DEFAULT_ENGINE
from callcma.settings import CHROMIUM_FLAGS
from callcma.site_config import read_site_config
from helpers import PROJECT

# The resolver rule is a second lock
# behind the route that blocks other hosts: no name but 127.0.0.1 resolves, so nothing can leave the machine.
CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Material follows the reader's system: `prefers-color-scheme` picks the palette at first visit.
SCHEMES = {"light": "default", "dark": "slate"}

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

# Reader tests (what a feature shows and does) run on the default engine's site only. The other engine's site passes
# every check of every page (test_every_page.py), shows the same facts, notes and JSON-LD (tests/test_engines.py), and
# its unzipped copy is read and searched offline (test_offline.py).
ON_DEFAULT_ENGINE = pytest.mark.parametrize("engine", [DEFAULT_ENGINE], indirect=True)

# What the `new_context` fixture gives: a function that opens a watched browser context.
ContextFactory = Callable[..., BrowserContext]


def read_nav() -> list[tuple[str, str]]:
    """The site's navigation from mkdocs.yml, in order: (title, html file)."""
    return [(page.title, page.html) for page in read_site_config(PROJECT.mkdocs_config).pages]


NAV = read_nav()
PAGES = [name for _, name in NAV]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


class QuietServer(ThreadingHTTPServer):
    """A server that says nothing when the browser drops a request it no longer needs (leaving a page mid-load)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(handler: Callable[..., SimpleHTTPRequestHandler], path: str = "/") -> Iterator[str]:
    """Serve with ``handler`` on a free port of 127.0.0.1 in a thread; yields the address of ``path``."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def open_in_scheme(new_context: ContextFactory, scheme: str, url: str) -> Page:
    """Open url with the system in light or dark mode, and check that the matching palette is on."""
    page = new_context(color_scheme=scheme).new_page()
    visit(page, url)
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
    return page


def switch_to_dark(page: Page) -> str | None:
    """Turn the page dark with the palette's button, as a reader whose system is dark would; the palette then on."""
    page.emulate_media(color_scheme="dark")
    page.get_by_title("Passer au thème sombre").click()
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching') && document.getAnimations().length === 0")
    return page.locator("body").get_attribute("data-md-color-scheme")


def is_local(url: str) -> bool:
    """True for the test server on 127.0.0.1 and for files; anything else is another host."""
    parts = urlsplit(url)
    return parts.scheme == "file" or (parts.scheme == "http" and parts.hostname == "127.0.0.1")


@dataclass
class Watch:
    """Records, for one browser context, every request to another host, failed request, HTTP error and page error."""

    problems: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Listen to the context, and block other hosts so that a test never sends traffic off the machine."""
        context.route(lambda url: not is_local(url), self._block)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_failed)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.problems.append(f"uncaught error: {error.error}"))

    def _block(self, route: Route) -> None:
        route.abort("blockedbyclient")

    def _on_request(self, request: Request) -> None:
        if not is_local(request.url):
            self.problems.append(f"request to another host: {request.url}")

    def _on_failed(self, request: Request) -> None:
        # A blocked request to another host is already reported; ERR_ABORTED is a request cut short by
        # leaving the page (the favicon, say, when a test clicks on at once), not a missing file.
        if is_local(request.url) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed request: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        # Chromium also logs each failed load: the request events above already report it, with its address.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text} ({message.location.get('url', '')})")


RUN_AXE = """async only => {
  const result = await axe.run(document, {runOnly: only, preload: false});
  return result.violations.map(rule => `${rule.id}: ${rule.nodes.map(node => node.target.join(" ")).join(" | ")}`);
}"""
# The rules of AXE_TAGS that read colours: the only ones whose result a palette can change.
AXE_COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def axe_violations(page: Page, axe_source: str, rules: list[str] | None = None) -> list[str]:
    """What axe-core reports on the page as it is now, one line per broken rule: every rule of AXE_TAGS, or ``rules``."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return list(page.evaluate(RUN_AXE, only))


# Marks every visible link, then records what each Tab press focuses.
MARK_LINKS = """search => {
  const links = [...document.querySelectorAll("a[href]")].filter(link => link.checkVisibility({visibilityProperty: true}));
  links.forEach((link, index) => { link.dataset.tabCheck = String(index); });
  window.tabReached = new Set();
  document.addEventListener("focusin", event => {
    const node = event.target;
    window.tabReached.add(node.matches(search) ? "search" : node.dataset.tabCheck ?? "other");
  });
  return links.length;
}"""

UNREACHED = """() => [...document.querySelectorAll("[data-tab-check]")]
  .filter(link => !window.tabReached.has(link.dataset.tabCheck))
  .map(link => `${link.getAttribute("href")} «${link.textContent.trim()}»`)"""


def reach_by_tab(page: Page, search_ui: SearchUI) -> list[str]:
    """Press Tab through the whole page; the visible links that never got the focus (``window.tabReached`` keeps
    what did, ``"search"`` for the search)."""
    count = page.evaluate(MARK_LINKS, search_ui.focus)
    for _ in range(count + 20):  # every link, plus the few buttons and fields between them
        page.keyboard.press("Tab")
    return list(page.evaluate(UNREACHED))


def visit(page: Page, url: str, *, settle: bool = False) -> None:
    """Open url; with settle, also wait until the network is quiet, i.e. the search index is loaded too."""
    page.goto(url)
    if settle:
        page.wait_for_load_state("networkidle")


@dataclass(frozen=True)
class SearchUI:
    """How a reader searches with one engine's theme: what opens it, where to type, where the answer shows."""

    opener: str | None  # what to click first, if the field is not on the page until then
    field: str  # the text field
    status: str  # the line that tells how many pages were found
    answered: re.Pattern[str]  # that line once the query has been answered
    nothing: str  # that line when nothing was found
    results: str  # the links of the results, best first
    marks: str  # the words found, highlighted in the results
    # French folding both ways (plurals, accents typed or not): Material with scripts/search_fold_fr.js. Zensical
    # matches the start of words (« artisans » misses pages that say « artisan ») and finds more without accents.
    folds_french: bool
    focus: str  # what the Tab key reaches to search
    # What axe reports in the results that the site cannot fix: the theme's own styles, out of reach of site.css.
    foreign_violations: re.Pattern[str] | None = None


SEARCH_UI = {
    # Material's search field sits in the header; its results list is French.
    "mkdocs": SearchUI(
        opener=None,
        field="input.md-search__input",
        status=".md-search-result__meta",
        answered=re.compile(r"^(Aucun document trouvé|1 document trouvé|\d+ documents trouvés)$"),
        nothing="Aucun document trouvé",
        results=".md-search-result__item > a",
        marks=".md-search-result mark",
        folds_french=True,
        focus="input.md-search__input",
    ),
    # Zensical's header button opens a dialog (in a shadow root, which Playwright's selectors enter); it speaks English.
    "zensical": SearchUI(
        opener=".md-search__button",
        field="dialog input[role=combobox]",
        status="dialog [role=status]",
        answered=re.compile(r"^(No results|1 result|\d+ results)$"),
        nothing="No results",
        results="dialog [role=listbox] a[role=option]",
        marks="dialog [role=listbox] mark",
        folds_french=False,
        focus=".md-search__button",
        # Zensical 0.0.73 greys each result's page path below 4.5:1, with colours fixed inside its shadow root.
        # and names each result's option differently from its visible text.
        foreign_violations=re.compile(
            r"^(color-contrast: \.focus-visible,#P0-0-results-\d+-path > li( \| \.focus-visible,#P0-0-results-\d+-path > li)*"
            r"|label-content-name-mismatch: \.focus-visible,#P0-0-results-\d+( \| \.focus-visible,#P0-0-results-\d+)*)$"
        ),
    ),
}


def _settled_results(page: Page, results: str) -> list[str]:
    """The results' addresses once the list has stopped changing: the status may give the count before every result
    is drawn (Zensical draws its list after its status, a busy machine shows it)."""
    hrefs = page.locator(results).evaluate_all("links => links.map(link => link.href)")
    for _ in range(20):
        page.wait_for_timeout(100)
        again = page.locator(results).evaluate_all("links => links.map(link => link.href)")
        if again == hrefs:
            break
        hrefs = again
    return hrefs


def search(page: Page, ui: SearchUI, words: str, *, anchors: bool = False) -> list[str]:
    """Search the site as a reader does, from a page or after another search; the pages of the results (relative to this
    one), best first, each once.

    With ``anchors``, each result keeps the place in its page it leads to (``communes.html#commune-62498``).
    """
    if ui.opener and not page.locator(ui.field).is_visible():
        page.locator(ui.opener).first.click()
        page.wait_for_load_state("networkidle")  # the dialog loads the index as it opens: search once it is there
    field = page.locator(ui.field)
    field.click()
    status = page.locator(ui.status)
    for _ in range(3):
        # An answer to the last search may still show: empty the field first, until the status no longer gives a count.
        field.fill("")
        field.press("End")
        expect(status).not_to_have_text(ui.answered)
        field.fill(words)
        field.press("End")  # Material searches on key up: one key, one query with every word
        expect(status).to_have_text(ui.answered)
        hrefs = _settled_results(page, ui.results)
        # Zensical's dialog answers « No results » until its index has loaded from file://: ask again, briefly.
        if hrefs or not ui.opener:
            break
        page.wait_for_timeout(500)
    folder = page.url.rpartition("/")[0] + "/"
    return list(dict.fromkeys((href if anchors else href.partition("#")[0]).removeprefix(folder) for href in hrefs))
