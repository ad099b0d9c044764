"""What a reader sees of the typography and the notes: numbers kept with their unit on a phone, notes readable by touch."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, PAGES, PHONE, ContextFactory, Watch, visit

pytestmark = pytest.mark.browser

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


@pytest.mark.parametrize("name", PAGES)
def test_numbers_never_leave_their_unit_on_a_phone(file_root: str, name: str, new_context: ContextFactory, watch: Watch) -> None:
    page = new_context(viewport=PHONE).new_page()
    visit(page, file_root + name)
    found = page.evaluate(NUMBERS_ON_ONE_LINE)
    assert [text for text, on_one_line in found if not on_one_line] == []
    if name in ("index.html", "budget.html", "territoire.html"):
        assert len(found) >= 3  # the figures are there, each measured
    assert watch.problems == []


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
