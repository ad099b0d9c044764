"""What the browser tests share: the site's pages, Chromium's settings, and a watch on every request and error."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response, Route

from callcma.settings import CHROMIUM_FLAGS, MKDOCS_CONFIG
from callcma.site_config import read_site_config

# The resolver rule is a second lock
# behind the route that blocks other hosts: no name but 127.0.0.1 resolves, so nothing can leave the machine.
CHROMIUM_ARGS = [*CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}

# What the `new_context` fixture gives: a function that opens a watched browser context.
ContextFactory = Callable[..., BrowserContext]


def read_nav() -> list[tuple[str, str]]:
    """The site's navigation from mkdocs.yml, in order: (title, html file)."""
    return [(page.title, page.html) for page in read_site_config(MKDOCS_CONFIG).pages]


NAV = read_nav()
PAGES = [name for _, name in NAV]


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


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


def visit(page: Page, url: str, *, settle: bool = False) -> None:
    """Open url; with settle, also wait until the network is quiet, i.e. the search index is loaded too."""
    page.goto(url)
    if settle:
        page.wait_for_load_state("networkidle")


# True once the search shows the outcome of a query: "Aucun document trouvé", "1 document trouvé", "N documents trouvés".
SEARCH_ANSWERED = """() => {
  const words = JSON.parse(document.getElementById("__config").textContent).translations;
  const text = document.querySelector(".md-search-result__meta").textContent.trim();
  const many = new RegExp("^" + words["search.result.other"].replace("#", "\\\\d+") + "$");
  return text === words["search.result.none"] || text === words["search.result.one"] || many.test(text);
}"""


def search(page: Page, words: str) -> list[str]:
    """Search the site from the header's field; the pages of the results (relative to this one), best first, each once."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(words)
    field.press("End")  # Material searches on key up: one key, one query with every word
    page.wait_for_function(SEARCH_ANSWERED)
    folder = page.url.rpartition("/")[0] + "/"
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(link => link.href)")
    return list(dict.fromkeys(href.partition("#")[0].removeprefix(folder) for href in hrefs))
