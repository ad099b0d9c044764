"""The home page opens on « L'essentiel »: who signed, when, how much, the axes and where the plan stands, each with its notes."""

from __future__ import annotations

import pytest
from browsing import ON_DEFAULT_ENGINE, visit
from playwright.sync_api import Page

from callcma import build
from helpers import PROJECT, fold_typography

pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]

QUESTIONS = ["Qui a signé", "Quand", "Combien, sur quelle durée", "Les axes du plan", "Où en est le plan"]


def test_essentials_come_first_and_answer_each_question_with_notes(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    assert page.locator("article h2").first.get_attribute("id") == "essentiel"
    essentials = page.locator("article .essentiel dl")
    assert [term.strip() for term in essentials.locator("dt").all_inner_texts()] == QUESTIONS
    for answer in essentials.locator("dd").all():
        assert answer.locator("sup a.footnote-ref").count() >= 1


def test_essentials_name_both_signatories_with_their_roles(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    signed = page.locator("article .essentiel dd").first.inner_text()
    for person in build.check_data(PROJECT.data_dir).people:
        assert fold_typography(f"{person.name}, {person.role}") in fold_typography(signed)


def test_essentials_mark_the_year_as_deduced(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    when = page.locator("article .essentiel dd").nth(1)
    when.get_by_role("link", name="année déduite de l’article").click()
    page.wait_for_load_state()
    assert page.url == root + "calendrier.html#fait-date-signature"
