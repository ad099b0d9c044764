"""What a reader sees of how sure a fact is and where its quote comes from: the appréciation badge, the caption label."""

from __future__ import annotations

import pytest
from browsing import ON_DEFAULT_ENGINE, SCHEMES, ContextFactory, open_in_scheme, visit
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]

# The badge's border colour in each palette (docs/assets/stylesheets/site.css, --site-judgement).
JUDGEMENT_COLOURS = {"light": "rgb(0, 105, 92)", "dark": "rgb(77, 182, 172)"}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_a_judgement_of_the_article_shows_its_own_badge_and_says_selon_l_article(http_root: str, scheme: str, new_context: ContextFactory) -> None:
    page = open_in_scheme(new_context, scheme, http_root + "territoire.html")
    fact = page.locator("#fait-territoire-savoir-faire")
    badge = fact.locator("a.certitude")
    assert badge.inner_text() == "appréciation"
    assert badge.is_visible()
    assert badge.evaluate("element => getComputedStyle(element).borderTopColor") == JUDGEMENT_COLOURS[scheme]
    assert badge.get_attribute("href") == "sources.html#niveaux-de-certitude"
    assert "selon l’article" in fact.inner_text()  # the site's typography writes ’


def test_the_method_page_explains_the_judgement_level(root: str, page: Page) -> None:
    visit(page, root + "sources.html")
    levels = page.locator("#niveaux-de-certitude ~ dl").first
    assert "appréciation" in levels.locator("dt").all_inner_texts()


def test_a_figure_counted_by_an_organisation_says_whose_count_it_is(root: str, page: Page) -> None:
    visit(page, root + "index.html")
    card = page.locator(".chiffres li", has=page.locator("a[href$='#fait-territoire-creations']"))
    assert "selon la CALL" in card.inner_text()
    assert card.locator("a.certitude").inner_text() == "déclaration"


def test_a_quote_from_the_photo_caption_says_so_in_its_tooltip(root: str, page: Page) -> None:
    visit(page, root + "partenaires.html")
    note = page.locator(".footnote li", has_text="légende de la photo").first
    call = page.locator(f"a.footnote-ref[href='#{note.get_attribute('id')}']").first
    call.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert "(légende de la photo)" in tooltip.inner_text() and "— La CALL et la CMA renouvellent leur partenariat" in tooltip.inner_text()
