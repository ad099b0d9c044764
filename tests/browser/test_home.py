"""The home page answers in ten seconds: one summary sentence (who, what, how much, when) and its sources, the key
figures with their certainty and speaker, then « L'essentiel » with one note per answer; on a phone, the budget is
read before any scrolling."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, PHONE, ContextFactory, visit
from playwright.sync_api import Page

from callcma import build
from callcma.formatting import format_value
from callcma.model import Dataset
from helpers import PROJECT, fold_typography

pytestmark = pytest.mark.browser

QUESTIONS = ["Qui a signé", "Quand, pour quoi", "Combien, sur quelle durée", "Les axes du plan", "Où en est le plan"]


@pytest.fixture(scope="module")
def data() -> Dataset:
    return build.check_data(PROJECT.data_dir)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "360"])
def test_one_sentence_says_who_what_how_much_when_and_the_budget_is_read_without_scrolling(root: str, new_context: ContextFactory, size: dict[str, int], data: Dataset) -> None:
    page = new_context(viewport=size).new_page()
    visit(page, root + "index.html")
    summary = page.locator("article p.resume")
    text = fold_typography(summary.inner_text())
    # Who, spelled out at first use, with the abbreviation the site uses everywhere else.
    for organisation in data.organisations:
        assert fold_typography(f"{organisation.abbreviation} ({organisation.name})") in text
    budget, signing = data.facts_by_id["budget-montant"], data.facts_by_id["date-signature"]
    assert fold_typography(format_value(budget, "fr")) in text
    assert fold_typography(str(data.facts_by_id["plan-periode"].value)) in text
    assert "(année probable, déduite)" in text
    # The budget, in bold, stands above the fold, on a phone too.
    amount = summary.locator("strong").first
    assert fold_typography(amount.inner_text()) == fold_typography(format_value(budget, "fr"))
    box = amount.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"]
    # On what sources: the article (undated, the site says so) and the official datasets, up front.
    sources = page.locator("article p.resume-sources")
    assert "non daté" in sources.inner_text() and sources.get_by_role("link", name=data.sources[0].title).count() == 1
    assert signing.date[:4] in text


def test_key_figures_show_their_certainty_and_who_says_them_with_one_note_each(root: str, page: Page, data: Dataset) -> None:
    visit(page, root + "index.html")
    cards = page.locator("article .chiffres > ul > li")
    assert cards.count() == len(data.key_figures)
    for card, figure in zip(cards.all(), data.key_figures, strict=True):
        item = data.facts_by_id[figure.fact]
        assert card.locator("a.certitude").inner_text() == item.certainty.value
        assert card.locator("a.footnote-ref").count() == 1
        if item.speaker:
            speaker = data.people_by_id[item.speaker].name if item.speaker in data.people_by_id else data.organisations_by_id[item.speaker].called
            assert f"selon {speaker}" in fold_typography(card.inner_text())
    assert fold_typography(format_value(data.facts_by_id[data.key_figures[0].fact], "fr")) in fold_typography(cards.first.inner_text())


def test_essentials_answer_each_question_with_one_note(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    essentials = page.locator("article .essentiel dl")
    assert [term.strip() for term in essentials.locator("dt").all_inner_texts()] == QUESTIONS
    for answer in essentials.locator("dd").all():
        assert answer.locator("sup a.footnote-ref").count() == 1


def test_essentials_name_both_signatories_with_their_roles(root: str, page: Page, data: Dataset) -> None:
    visit(page, root + "index.html")
    signed = page.locator("article .essentiel dd").first.inner_text()
    for person in data.people:
        assert fold_typography(f"{person.name}, {person.role}") in fold_typography(signed)


def test_essentials_mark_the_year_as_deduced(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    when = page.locator("article .essentiel dd").nth(1)
    assert "(année probable, déduite)" in when.inner_text()
    when.get_by_role("link", name="voir le raisonnement").click()
    page.wait_for_load_state()
    assert page.url == root + "calendrier.html#fait-date-signature"
