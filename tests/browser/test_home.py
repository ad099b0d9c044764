"""The home page answers in ten seconds: one summary sentence (who, what, how much, when) and its sources, the key
figures with their certainty and speaker, then « L'essentiel » with one note per answer; on a phone, the budget is
read before any scrolling. One load of the page serves every check."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, ON_DEFAULT_ENGINE, PHONE, visit
from playwright.sync_api import Page

from callcma import stages
from callcma.formatting import format_value
from callcma.model import Dataset
from helpers import PROJECT, fold_typography

pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]

QUESTIONS = ["Qui a signé", "Quand, pour quoi", "Combien, sur quelle durée", "Les axes du plan", "Où en est le plan"]


def check_summary(page: Page, data: Dataset) -> None:
    """Who (spelled out at first use), what, how much, when; then the sources, up front."""
    text = fold_typography(page.locator("article p.resume").inner_text())
    for organisation in data.organisations:
        assert fold_typography(f"{organisation.abbreviation} ({organisation.name})") in text
    assert fold_typography(format_value(data.facts_by_id["budget-montant"], data.units_by_id, "fr")) in text
    assert fold_typography(str(data.facts_by_id["plan-periode"].value)) in text
    assert f"{data.facts_by_id['date-signature'].date[:4]} (année probable, déduite)" in text
    sources = page.locator("article p.resume-sources")
    assert "non daté" in sources.inner_text() and sources.get_by_role("link", name=data.sources[0].title).count() == 1


def check_budget_above_the_fold(page: Page, data: Dataset, size: dict[str, int]) -> None:
    """The budget, in bold in the summary, is on the first screen at this size."""
    page.set_viewport_size(size)
    page.evaluate("window.scrollTo(0, 0)")
    amount = page.locator("article p.resume strong").first
    assert fold_typography(amount.inner_text()) == fold_typography(format_value(data.facts_by_id["budget-montant"], data.units_by_id, "fr"))
    box = amount.bounding_box()
    assert box is not None and box["y"] + box["height"] <= size["height"], (size, box)


def check_key_figures(page: Page, data: Dataset) -> None:
    """Each card: its figure, its certainty badge, who says it for a statement, one note."""
    cards = page.locator("article .chiffres > ul > li")
    assert cards.count() == len(data.key_figures)
    for card, figure in zip(cards.all(), data.key_figures, strict=True):
        item = data.facts_by_id[figure.fact]
        text = fold_typography(card.inner_text())
        assert fold_typography(format_value(item, data.units_by_id, "fr")) in text
        assert card.locator("a.certitude").inner_text() == item.certainty.value
        assert card.locator("a.footnote-ref").count() == 1
        if item.speaker:
            speaker = data.people_by_id[item.speaker].name if item.speaker in data.people_by_id else data.organisations_by_id[item.speaker].called
            assert f"selon {speaker}" in text


def check_essentials(page: Page, data: Dataset) -> None:
    """Each question answered with one note; both signatories named with their roles."""
    essentials = page.locator("article .essentiel dl")
    assert [term.strip() for term in essentials.locator("dt").all_inner_texts()] == QUESTIONS
    for answer in essentials.locator("dd").all():
        assert answer.locator("sup a.footnote-ref").count() == 1
    signed = fold_typography(essentials.locator("dd").first.inner_text())
    for person in data.people:
        assert fold_typography(f"{person.name}, {person.role}") in signed


def test_the_home_page_answers_in_ten_seconds(root: str, page: Page) -> None:
    data = stages.check_data(PROJECT.data_dir)
    visit(page, root + "index.html")
    check_summary(page, data)
    check_key_figures(page, data)
    check_essentials(page, data)
    for size in (DESKTOP, PHONE):
        check_budget_above_the_fold(page, data, size)
    # Last, as it leaves the page: the deduced year says so, and leads to its reasoning.
    page.set_viewport_size(DESKTOP)
    when = page.locator("article .essentiel dd").nth(1)
    assert "(année probable, déduite)" in when.inner_text()
    when.get_by_role("link", name="voir le raisonnement").click()
    page.wait_for_load_state()
    assert page.url == root + "calendrier.html#fait-date-signature"
