"""Each page ends with a ready citation that a button copies, and each fact has a visible permalink."""

from __future__ import annotations

import re

import pytest
from browsing import ON_DEFAULT_ENGINE, ContextFactory, visit
from helpers import PROJECT
from playwright.sync_api import Page

from callcma.site_config import read_site_config

pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]


def test_open_data_page_cites_itself_without_placeholder(any_root: str, page: Page) -> None:
    visit(page, any_root + "donnees.html")
    citation = page.locator("aside.citation")
    assert citation.get_by_role("heading", name="Citer cette page").is_visible()
    assert re.fullmatch(r"«\u202fDonnées ouvertes\u202f», [^,]+, version du \d{1,2}(?:er)?\u00a0\w+\u00a0\d{4}\.", citation.locator(".citation__texte").inner_text())
    assert "[" not in page.locator("article").inner_text()
    assert citation.get_by_role("button", name="Copier la citation").is_visible()


def test_button_copies_the_citation(http_root: str, new_context: ContextFactory) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_root.rstrip("/"))
    page = context.new_page()
    visit(page, http_root + "budget.html")
    page.get_by_role("button", name="Copier la citation").click()
    assert page.locator("aside.citation [role=status]").inner_text() == "Citation copiée."
    assert page.evaluate("navigator.clipboard.readText()") == page.locator(".citation__texte").inner_text()


def test_fact_permalink_is_visible_and_leads_to_the_fact(root: str, page: Page) -> None:
    visit(page, root + "budget.html")
    link = page.locator("#fait-budget-montant").get_by_role("link", name="Lien permanent")
    assert link.is_visible()
    link.focus()
    page.keyboard.press("Enter")
    assert page.url == root + "budget.html#fait-budget-montant"


def test_the_home_page_is_cited_by_the_site_s_name_alone(http_root: str, page: Page) -> None:
    visit(page, http_root + "index.html")
    name = read_site_config(PROJECT.mkdocs_config).name
    assert re.fullmatch(rf"{re.escape(name)}, version du \d{{1,2}}(?:er)?\u00a0\w+\u00a0\d{{4}}\.", page.locator(".citation__texte").inner_text())
