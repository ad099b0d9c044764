"""axe-core finds nothing to fix (WCAG 2.1 A and AA) where a page changes under the reader's hand, in either palette;
its check and the keyboard's see what they must. Every page's own checks: test_every_page.py."""

from __future__ import annotations

import pytest
from browsing import SCHEMES, ContextFactory, SearchUI, axe_violations, open_in_scheme, reach_by_tab, search, switch_to_dark, visit
from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_axe_finds_no_violation_on_a_hovered_copy_button(http_root: str, page: Page, axe_source: str) -> None:
    visit(page, http_root + "budget.html")
    button = page.get_by_role("button", name="Copier la citation")
    found = {}
    for scheme in SCHEMES:
        if scheme == "dark":
            assert switch_to_dark(page) == SCHEMES["dark"]
        button.hover()
        page.wait_for_function("button => button.getAnimations().length === 0", arg=button.element_handle())
        found[scheme] = axe_violations(page, axe_source)
    assert found == {scheme: [] for scheme in SCHEMES}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation_in_search_results(http_root: str, search_ui: SearchUI, scheme: str, new_context: ContextFactory, axe_source: str) -> None:
    page = open_in_scheme(new_context, scheme, http_root + "index.html")
    assert search(page, search_ui, "artisanat")
    # A hovered result is tinted: check the text on that tint too, once its transition is over.
    result = page.locator(search_ui.results).first
    result.hover()
    page.wait_for_function("link => link.getAnimations().length === 0", arg=result.element_handle())
    foreign = search_ui.foreign_violations
    assert [line for line in axe_violations(page, axe_source) if not (foreign and foreign.match(line))] == []


def test_axe_reports_a_violation(http_root: str, page: Page, axe_source: str) -> None:
    visit(page, http_root + "index.html")
    page.evaluate("document.querySelector('article p').style.color = '#ccc'")
    assert [line.split(":")[0] for line in axe_violations(page, axe_source)] == ["color-contrast"]


def test_a_dark_system_gets_the_dark_palette_at_first_visit(http_root: str, new_context: ContextFactory) -> None:
    page = new_context(color_scheme="dark").new_page()
    visit(page, http_root + "index.html")
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES["dark"]


def test_tab_check_reports_a_link_out_of_reach(http_root: str, search_ui: SearchUI, page: Page) -> None:
    visit(page, http_root + "accessibilite.html")
    page.evaluate("""document.querySelector("footer .md-copyright a").tabIndex = -1""")
    assert reach_by_tab(page, search_ui) == ["accessibilite.html «Accessibilité»"]
