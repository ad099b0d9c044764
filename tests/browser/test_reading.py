"""Notes readable by touch: a tap on a note's number shows the quote that the mouse shows (numbers kept with their unit
on a phone: test_every_page.py)."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, ON_DEFAULT_ENGINE, PHONE, ContextFactory, Watch, visit

pytestmark = [pytest.mark.browser, ON_DEFAULT_ENGINE]


def test_a_tap_on_a_note_number_shows_the_quote_the_mouse_shows(file_root: str, new_context: ContextFactory, watch: Watch) -> None:
    desktop = new_context(viewport=DESKTOP).new_page()
    visit(desktop, file_root + "budget.html")
    desktop.locator("article sup[id^='fnref'] a").first.hover()
    tooltip = desktop.locator(".md-tooltip2--active .md-typeset")
    tooltip.wait_for()
    hovered = " ".join(tooltip.inner_text().split())
    assert hovered.startswith("«") and "140" in hovered

    phone = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    visit(phone, file_root + "budget.html")
    phone.locator("article sup[id^='fnref'] a").first.tap()
    note = phone.locator("article .footnote li").first
    phone.wait_for_function("() => location.hash === '#fn:1'")
    assert note.is_visible() and note.evaluate("note => { const box = note.getBoundingClientRect(); return box.top >= 0 && box.bottom <= innerHeight }")
    # The note holds the same quote, followed by its source and a link back to the text.
    assert " ".join(note.inner_text().split()).startswith(hovered.split(" — ")[0])
    assert watch.problems == []
