"""French typography of the site's text: callcma.typography on small Markdown texts, then on every built page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from callcma.stages.s4_render import escape_markdown

N = "\u202f"  # narrow no-break space
S = "\u00a0"  # no-break space


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=["abbr", "attr_list", "footnotes", "md_in_html", "toc", "callcma.typography"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ce sont des déclarations : elles ; vraiment ! non ?", f"<p>Ce sont des déclarations{N}: elles{N}; vraiment{N}! non{N}?</p>"),
        ("« courant novembre »", f"<p>«{N}courant novembre{N}»</p>"),
        ("«durable»", f"<p>«{N}durable{N}»</p>"),
        ("« «Aujourd'hui … fort», souligne Sylvain Robert »", f"<p>«{N}“Aujourd’hui … fort”, souligne Sylvain Robert{N}»</p>"),
        ("500 créations sur 3 ans, 140 000 € et 5 %", f"<p>500{S}créations sur 3{S}ans, 140{N}000{N}€ et 5{N}%</p>"),
        ("l'artisanat, aujourd'hui", "<p>l’artisanat, aujourd’hui</p>"),
        # A span of years is never cut after its hyphen; dates, codes and longer numbers keep theirs.
        ("le plan 2017-2020, le 2016-11-16, le 62-0123-4567", "<p>le plan 2017\u20112020, le 2016-11-16, le 62-0123-4567</p>"),
        # Across elements: the space before the sign is in one text node, the sign in the next.
        ("**Montant** : 3 *ans*", f"<p><strong>Montant</strong>{N}: 3{S}<em>ans</em></p>"),
        ("« [Non précisé](a.md) »", f'<p>«{N}<a href="a.md">Non précisé</a>{N}»</p>'),
    ],
)
def test_french_typography_of_text(text: str, expected: str) -> None:
    assert to_html(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Code, URLs and attributes keep every character.
        ("Ouvrez `index.html ; l'a` : oui", f"<p>Ouvrez <code>index.html ; l'a</code>{N}: oui</p>"),
        ("Voir https://exemple.fr/a ;b et http://x.fr/l'a", f"<p>Voir https://exemple.fr/a{N};b et http://x.fr/l'a</p>"),
        ('[l\'offre : 3 ans](https://exemple.fr/?a=1 "titre : l\'a")', f'<p><a href="https://exemple.fr/?a=1" title="titre : l\'a">l’offre{N}: 3{S}ans</a></p>'),
        # No space before the sign, none added: times, ratios and URLs stay whole.
        ("à 10:30, 1:2", "<p>à 10:30, 1:2</p>"),
        # A space next to code is not a space before the sign.
        ("ouvrez `x` ; puis", f"<p>ouvrez <code>x</code>{N}; puis</p>"),
        # Text that already holds the private-use marks of the module is left as written.
        ("a \ue000 : b", "<p>a \ue000 : b</p>"),
    ],
)
def test_what_typography_leaves_alone(text: str, expected: str) -> None:
    assert to_html(text) == expected


def test_data_escaped_by_the_render_stage_is_typeset_and_still_shows_as_typed() -> None:
    data = escape_markdown("Liévin : l'offre &amp; <b>3 ans</b>")
    assert to_html(str(data)) == f"<p>Liévin{N}: l’offre &#38;amp; &lt;b&gt;3{S}ans&lt;/b&gt;</p>"


def test_headings_and_their_table_of_contents_entry_are_typeset() -> None:
    md = markdown.Markdown(extensions=["toc", "callcma.typography"])
    html = md.convert("## Ce que l'on sait : tout")
    assert html == f'<h2 id="ce-que-lon-sait-tout">Ce que l’on sait{N}: tout</h2>'
    assert md.toc_tokens[0]["name"] == f"Ce que l’on sait{N}: tout"


class _VisibleText(HTMLParser):
    """The text a reader sees: everything but scripts and styles."""

    HIDDEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in self.HIDDEN

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def visible_text(page: Path) -> str:
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.text)


# An ordinary space (or line break) before ; : ! ? », or after «; a straight apostrophe between letters.
_BAD_SPACING = re.compile(r"[ \t\r\n][;:!?»]|«[ \t\r\n]|(?<=[^\W\d_])'(?=[^\W\d_])")


def test_no_ordinary_space_before_double_signs_or_inside_guillemets_on_any_page(built_site: Path) -> None:
    faults = {
        page.name: [match.string[max(0, match.start() - 20) : match.end() + 5] for match in _BAD_SPACING.finditer(visible_text(page))]
        for page in sorted(built_site.glob("*.html"))
    }
    assert {name: found for name, found in faults.items() if found} == {}
    assert len(faults) >= 13
