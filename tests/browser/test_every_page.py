"""Every page of the navigation, opened once per engine and root, passes every check a page must pass.

One load of a page serves all its checks, in order (each says what it leaves changed: the palette, the media, the
window's size). A check returns what it finds wrong; the test runs them all, then fails once, naming each failing
check with what it found. The pages come from the navigation (mkdocs.yml), so a page added there is checked too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from browsing import AXE_COLOUR_RULES, DESKTOP, NAV, PAGES, PHONE, SCHEMES, ContextFactory, SearchUI, Watch, axe_violations, reach_by_tab, switch_to_dark, visit
from html_page import broken_link

from callcma.engines import DEFAULT_ENGINE, ENGINES
from playwright.sync_api import Error, Page

pytestmark = pytest.mark.browser

# Each page of each engine's site over HTTP, and of the default engine's from file:// (Zensical's offline reading is
# test_offline.py's, from its unzipped copy; its links as files, test_links.py's); the 404 page over HTTP, where a host
# serves it (test_pages.py opens it from files).
LOADS = [(engine, "http", name) for engine in ENGINES for name in [*PAGES, "404.html"]] + [(DEFAULT_ENGINE, "file", name) for name in PAGES]

# What printing hides: the header (with the search), the sidebars, the previous/next links, the back-to-top button.
SCREEN_ONLY = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer__inner", ".md-search", ".md-top"]

# Pages whose figures the phone check must find, so that it is seen measuring something.
PAGES_WITH_FIGURES = ("index.html", "budget.html", "territoire.html")


@dataclass(frozen=True)
class Opened:
    """One page as the test opened it, and what its checks need."""

    page: Page
    root: str
    name: str
    site: Path
    search_ui: SearchUI
    axe_source: str


# --- the checks, in the order they run ---------------------------------------------------------------------------------


def french_with_its_heading_and_footer(opened: Opened) -> list[str]:
    """The page is French, in the palette of a light system, shows its heading, explains its abbreviations, and its
    footer leads to the accessibility page."""
    page = opened.page
    found = {
        "lang": page.evaluate("document.documentElement.lang"),
        "palette": page.locator("body").get_attribute("data-md-color-scheme"),
        "heading shown": page.locator("article h1").is_visible(),
        "abbreviations without a title": page.locator("article abbr:not([title])").count(),
        "footer link": str(page.locator("footer .md-copyright").get_by_role("link", name="Accessibilité").evaluate("link => link.href")),
    }
    expected = {"lang": "fr", "palette": SCHEMES["light"], "heading shown": True, "abbreviations without a title": 0, "footer link": opened.root + "accessibilite.html"}
    return [f"{key}: {found[key]!r}, expected {expected[key]!r}" for key in expected if found[key] != expected[key]]


# Each entry of the menu and the footer's previous and next links, with where it leads, as the browser resolves it.
NAVIGATION = """() => ({
  menu: [...document.querySelectorAll("nav.md-nav--primary > ul > li > a.md-nav__link")]
    .map(link => [link.innerText.trim(), link.href, link.checkVisibility({visibilityProperty: true})]),
  previous: document.querySelector("a.md-footer__link--prev")?.href ?? null,
  next: document.querySelector("a.md-footer__link--next")?.href ?? null,
})"""


def menu_and_footer_lead_through_the_navigation(opened: Opened) -> list[str]:
    """At 1280 px the menu shows every page of the navigation, in order, each entry leading to its page; the footer
    leads to the previous and the next page (clicks on them: test_pages.py)."""
    found = opened.page.evaluate(NAVIGATION)
    expected = [[title, opened.root + name, True] for title, name in NAV]
    problems = [f"menu {found['menu']}, expected {expected}"] if found["menu"] != expected else []
    if opened.name in PAGES:
        position = PAGES.index(opened.name)
        for side, other in (("previous", position - 1), ("next", position + 1)):
            target = opened.root + PAGES[other] if 0 <= other < len(PAGES) else None
            if found[side] != target:
                problems.append(f"{side} link to {found[side]}, expected {target}")
    return problems


def links_lead_to_a_file_and_an_anchor(opened: Opened) -> list[str]:
    """Every link within the site, as the browser resolves it, leads to a file of the site and to an element of its page."""
    hrefs = opened.page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    return sorted({problem for href in hrefs if (problem := broken_link(href, opened.root, opened.site))})


# For every number followed by a word or a sign in the article's visible text: whether both end on the same line.
NUMBERS_ON_ONE_LINE = r"""() => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\d[\s\u00a0\u202f]+[\p{L}€%]/gu)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.bottom)));
      if (lines.size > 0) found.push([match[0], lines.size === 1]);
    }
  }
  return found;
}"""


def fits_a_360_px_phone(opened: Opened) -> list[str]:
    """On a 360 px screen nothing overflows sideways and no number leaves its unit."""
    page = opened.page
    page.set_viewport_size(PHONE)
    try:
        width, visible = page.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
        found = page.evaluate(NUMBERS_ON_ONE_LINE)
    finally:
        page.set_viewport_size(DESKTOP)
    problems = [f"the page is {width} px wide on a {visible} px screen"] if width > visible else []
    problems += [f"number split from its unit: {text!r}" for text, on_one_line in found if not on_one_line]
    if opened.name in PAGES_WITH_FIGURES and len(found) < 3:
        problems.append(f"only {len(found)} number(s) followed by a unit measured")
    return problems


def axe_light(opened: Opened) -> list[str]:
    """axe-core finds no violation in the light palette."""
    return axe_violations(opened.page, opened.axe_source)


def axe_dark(opened: Opened) -> list[str]:
    """The palette's button turns the page dark, where axe-core finds no violation of the rules that read colours (the
    palettes differ in colours only: every other rule gave its answer in the light one). Leaves the page dark."""
    scheme = switch_to_dark(opened.page)
    if scheme != SCHEMES["dark"]:
        return [f"the palette's button left the palette {scheme!r}"]
    return axe_violations(opened.page, opened.axe_source, AXE_COLOUR_RULES)


# What printing shows of the notes, and of the text's colour, in one script: the notes not shown or not starting with
# a quote or an official record's name (issue 12), and the first paragraph's colour.
PRINTED = r"""() => ({
  notes: [...document.querySelectorAll(".footnote li")]
    .filter(note => !note.checkVisibility({visibilityProperty: true}) || !/^(«|Fiche officielle )/.test(note.innerText))
    .map(note => `${note.id}: ${note.innerText.slice(0, 60)}`),
  colour: getComputedStyle(document.querySelector("article p") ?? document.body).color,
})"""


def print_shows_the_page_alone_in_dark_text(opened: Opened) -> list[str]:
    """Printed, even from the dark palette, the page shows its heading, footer line and notes, in dark text, without the
    navigation. Leaves the page in screen media."""
    page = opened.page
    page.emulate_media(media="print")
    try:
        problems = [f"printed: {selector}" for selector in SCREEN_ONLY if page.locator(selector).first.is_visible()]
        problems += [f"not printed: {selector}" for selector in ("article h1", ".md-copyright__highlight") if not page.locator(selector).first.is_visible()]
        printed = page.evaluate(PRINTED)
    finally:
        page.emulate_media(media="screen")
    red, green, blue = (int(value) for value in re.findall(r"\d+", printed["colour"])[:3])
    problems += [f"note printed wrong: {note}" for note in printed["notes"]]
    return problems + ([f"text printed in {printed['colour']}, not dark"] if max(red, green, blue) >= 100 else [])


def tab_reaches_the_search_and_every_link(opened: Opened) -> list[str]:
    """The Tab key reaches the search and every visible link."""
    unreached = [f"never focused: {link}" for link in reach_by_tab(opened.page, opened.search_ui)]
    return unreached + ([] if opened.page.evaluate("window.tabReached.has('search')") else ["never focused: the search"])


# Each check, with the roots where it runs. From files, what may differ there: the page opens, in French, with no
# error nor failed request, and its links resolve to files. The rest over HTTP: the page, its styles and its scripts
# are the same bytes from files.
CHECKS: list[tuple[Callable[[Opened], list[str]], tuple[str, ...]]] = [
    (french_with_its_heading_and_footer, ("http", "file")),
    (menu_and_footer_lead_through_the_navigation, ("http", "file")),
    (links_lead_to_a_file_and_an_anchor, ("http", "file")),
    (fits_a_360_px_phone, ("http",)),
    (axe_light, ("http",)),
    (axe_dark, ("http",)),
    (print_shows_the_page_alone_in_dark_text, ("http",)),
    (tab_reaches_the_search_and_every_link, ("http",)),
]


@pytest.mark.parametrize(("engine", "where", "name"), LOADS, indirect=["engine"])
def test_every_check_passes_on_the_page(
    where: str, name: str, request: pytest.FixtureRequest, site_dir: Path, search_ui: SearchUI, axe_source: str, new_context: ContextFactory, watch: Watch
) -> None:
    root = str(request.getfixturevalue(f"{where}_root"))
    page = new_context().new_page()
    visit(page, root + name)
    opened = Opened(page, root, name, site_dir, search_ui, axe_source)
    failures = {check.__name__: run(check, opened) for check, roots in CHECKS if where in roots}
    page.wait_for_load_state("networkidle")  # the search index too has loaded, meanwhile
    failures["no error, no failed request, no other host"] = watch.problems
    failures = {check: found for check, found in failures.items() if found}
    assert not failures, describe(failures)


def run(check: Callable[[Opened], list[str]], opened: Opened) -> list[str]:
    """What the check finds wrong; a browser error (a timeout, a script's exception) is one finding, and the next checks run."""
    try:
        return check(opened)
    except Error as error:
        return [f"{type(error).__name__}: {str(error).splitlines()[0]}"]


def describe(failures: dict[str, list[str]]) -> str:
    """The failing checks, one per paragraph, each finding on its own line."""
    return f"{len(failures)} check(s) failed:\n" + "\n".join(f"{check}:\n" + "\n".join(f"    {line}" for line in found) for check, found in failures.items())
