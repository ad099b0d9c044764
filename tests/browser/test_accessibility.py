"""axe-core finds nothing to fix (WCAG 2.1 A and AA) in either palette, and the keyboard reaches everything."""

from __future__ import annotations

import pytest
from browsing import AXE_TAGS, PAGES, SCHEMES, ContextFactory, SearchUI, open_in_scheme, search, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

RUN_AXE = """async tags => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, preload: false});
  return result.violations.map(rule => `${rule.id}: ${rule.nodes.map(node => node.target.join(" ")).join(" | ")}`);
}"""


def violations(page: Page, axe_source: str) -> list[str]:
    """What axe-core reports on the page as it is now, one line per broken rule."""
    page.add_script_tag(content=axe_source)
    return list(page.evaluate(RUN_AXE, AXE_TAGS))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(http_root: str, name: str, scheme: str, new_context: ContextFactory, axe_source: str) -> None:
    page = open_in_scheme(new_context, scheme, http_root + name)
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_on_the_not_found_page(http_root: str, scheme: str, new_context: ContextFactory, axe_source: str) -> None:
    page = open_in_scheme(new_context, scheme, http_root + "404.html")
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_on_a_hovered_copy_button(http_root: str, scheme: str, new_context: ContextFactory, axe_source: str) -> None:
    page = open_in_scheme(new_context, scheme, http_root + "budget.html")
    button = page.get_by_role("button", name="Copier la citation")
    button.hover()
    page.wait_for_function("button => button.getAnimations().length === 0", arg=button.element_handle())
    assert violations(page, axe_source) == []


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_search_results(root: str, search_ui: SearchUI, scheme: str, new_context: ContextFactory, axe_source: str) -> None:
    page = open_in_scheme(new_context, scheme, root + "index.html")
    assert search(page, search_ui, "artisanat")
    # A hovered result is tinted: check the text on that tint too, once its transition is over.
    result = page.locator(search_ui.results).first
    result.hover()
    page.wait_for_function("link => link.getAnimations().length === 0", arg=result.element_handle())
    foreign = search_ui.foreign_violations
    assert [line for line in violations(page, axe_source) if not (foreign and foreign.match(line))] == []


def test_axe_reports_a_violation(http_root: str, page: Page, axe_source: str) -> None:
    visit(page, http_root + "index.html")
    page.evaluate("document.querySelector('article p').style.color = '#ccc'")
    assert [line.split(":")[0] for line in violations(page, axe_source)] == ["color-contrast"]


def test_palette_toggle_switches_to_dark(page: Page, http_root: str) -> None:
    visit(page, http_root + "index.html")
    page.get_by_title("Passer au thème sombre").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"


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
    """Press Tab through the whole page; the visible links that never got the focus."""
    count = page.evaluate(MARK_LINKS, search_ui.focus)
    for _ in range(count + 20):  # every link, plus the few buttons and fields between them
        page.keyboard.press("Tab")
    return list(page.evaluate(UNREACHED))


@pytest.mark.parametrize("name", PAGES)
def test_tab_reaches_the_search_and_every_link(http_root: str, search_ui: SearchUI, name: str, page: Page) -> None:
    visit(page, http_root + name)
    assert reach_by_tab(page, search_ui) == []
    assert page.evaluate("window.tabReached.has('search')")


def test_tab_check_reports_a_link_out_of_reach(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "accessibilite.html")
    page.evaluate("""document.querySelector("footer .md-copyright a").tabIndex = -1""")
    assert reach_by_tab(page, search_ui) == ["accessibilite.html «Accessibilité»"]
