"""French typography of the site's text, applied once: a Python-Markdown extension that edits text nodes only.

Registered in mkdocs.yml's ``markdown_extensions``, so every page of any engine that renders with
Python-Markdown gets it, whatever template or data file the text came from. It never touches an
attribute, a URL, code, or the words of a quote; it only sets the spaces, apostrophes and nested
guillemets that French typography asks for:

- a narrow no-break space before ``; : ! ?`` (where the text had a space) and inside « »;
- “ ” for guillemets inside guillemets (« “Aujourd’hui…”, souligne… »);
- a no-break space between a number and the word or sign that follows it (500 créations, 140 000 €);
- a non-breaking hyphen between the years of a span (2017‑2020), which a phone would otherwise cut after « 2017- »;
- ’ for the apostrophe.

PyPI's ``typographeur`` (last release 2020) and ``french-typo`` work on whole HTML strings with regular
expressions, put full no-break spaces (``&nbsp;``) where French wants narrow ones and do not nest
guillemets; ``typographeur`` also rewrites words (oe → œ) and straight quotes. Neither fits a tree of
text nodes, so the few rules live here.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
NON_BREAKING_HYPHEN = "\u2011"

# Elements whose text is not prose: left exactly as written.
SKIPPED_TAGS = frozenset({"code", "kbd", "math", "pre", "samp", "script", "style", "svg"})
# Elements inside a line of text: their words are typeset with the text around them.
INLINE_TAGS = frozenset({"a", "abbr", "b", "br", "cite", "data", "del", "dfn", "em", "i", "img", "ins", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u"})

# While one block is typeset its text nodes are joined with BOUNDARY between them, and OPAQUE stands for
# a skipped element (code…) or a nested block, so that no rule joins words across it. Both are private-use
# characters that no page contains; the rules keep them in place.
BOUNDARY = "\ue000"
OPAQUE = "\ue001"
_SPACES = f"[ {NBSP}{NARROW_NBSP}{BOUNDARY}]*"
_URL = re.compile(rf"\b[a-z][a-z0-9+.-]*://[^\s{BOUNDARY}{OPAQUE}]+")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'|'(?=[^\W\d_])")
_AFTER_OPENING = re.compile(f"«({_SPACES})")
_BEFORE_CLOSING = re.compile(f"(?<=[^{BOUNDARY}{OPAQUE}])({_SPACES})»")
_BEFORE_DOUBLE_SIGN = re.compile(f"({_SPACES})(?=[;:!?])")
_NUMBER_AND_SIGN = re.compile(f"(?<=\\d)({_SPACES})(?=[€%])")
_NUMBER_AND_WORD = re.compile(f"(?<=\\d)({_SPACES})(?=[^\\W\\d_])")
_THOUSANDS = re.compile(f"(?<=\\d)({_SPACES})(?=\\d{{3}}(?!\\d))")
_YEAR_SPAN = re.compile(r"(?<![\d-])(\d{4})-(?=\d{4}(?![\d-]))")
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


def typeset(text: str) -> str:
    """French typography of one block's text (with BOUNDARY and OPAQUE marks kept where they are)."""
    parts = _URL.split(text)
    urls = _URL.findall(text)
    typeset_parts = _nest_guillemets(parts)
    return "".join(part + url for part, url in zip(typeset_parts, [*urls, ""], strict=True))


def _nest_guillemets(parts: list[str]) -> list[str]:
    """Each part typeset; a « opened in one part may close in a later one."""
    depth = 0
    typeset_parts = []
    for part in parts:
        characters = []
        for character in part:
            if character == "«":
                characters.append("“" if depth else "«")
                depth += 1
            elif character == "»" and depth:
                depth -= 1
                characters.append("”" if depth else "»")
            else:
                characters.append(character)
        typeset_parts.append(_space("".join(characters)))
    return typeset_parts


def _space(text: str) -> str:
    """Spaces and apostrophes of text without URLs."""
    text = _APOSTROPHE.sub("’", text)
    text = _AFTER_OPENING.sub(lambda match: "«" + NARROW_NBSP + _boundaries(match[1]), text)
    text = _BEFORE_CLOSING.sub(lambda match: _replace_spaces(match[1], NARROW_NBSP) + "»" if match[1].strip(BOUNDARY) else NARROW_NBSP + match[1] + "»", text)
    text = _BEFORE_DOUBLE_SIGN.sub(lambda match: _replace_spaces(match[1], NARROW_NBSP), text)
    text = _NUMBER_AND_SIGN.sub(lambda match: _replace_spaces(match[1], NARROW_NBSP), text)
    text = _THOUSANDS.sub(lambda match: _replace_spaces(match[1], NARROW_NBSP), text)
    text = _YEAR_SPAN.sub(lambda match: match[1] + NON_BREAKING_HYPHEN, text)
    return _NUMBER_AND_WORD.sub(lambda match: _replace_spaces(match[1], NBSP), text)


def _boundaries(spaces: str) -> str:
    return BOUNDARY * spaces.count(BOUNDARY)


def _replace_spaces(spaces: str, space: str) -> str:
    """A run of spaces and node boundaries as one `space`, in the text node of the run's last space.

    A run of mere node boundaries, with no space, is left alone.
    """
    last = max(spaces.rfind(" "), spaces.rfind(NBSP), spaces.rfind(NARROW_NBSP))
    if last < 0:
        return spaces
    return _boundaries(spaces[:last]) + space + _boundaries(spaces[last:])


class TypographyProcessor(Treeprocessor):
    """Typeset every block of the page, after inline parsing and abbreviations, before the table of contents."""

    def run(self, root: etree.Element) -> None:
        self._typeset_block(root)

    def _typeset_block(self, block: etree.Element) -> None:
        slots: list[tuple[etree.Element, str]] = []
        pieces: list[str] = []
        nested: list[etree.Element] = []
        self._collect(block, slots, pieces, nested)
        text = "".join(pieces)
        # Marks already in the text (private-use characters, which no French text needs) would be misread: left as written.
        if text.count(BOUNDARY) == len(slots) and text.count(OPAQUE) == pieces.count(OPAQUE):
            for (element, attribute), typeset_text in zip(slots, typeset(text).split(BOUNDARY), strict=False):
                setattr(element, attribute, typeset_text.replace(OPAQUE, "") or None)
        for child in nested:
            self._typeset_block(child)

    def _collect(self, element: etree.Element, slots: list[tuple[etree.Element, str]], pieces: list[str], nested: list[etree.Element]) -> None:
        """Append element's text and its inline children's text, in reading order; blocks inside go to nested."""
        self._add_slot(element, "text", slots, pieces)
        for child in element:
            if child.tag in INLINE_TAGS:
                self._collect(child, slots, pieces, nested)
            else:
                pieces.append(OPAQUE)
                if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
                    nested.append(child)
            self._add_slot(child, "tail", slots, pieces)

    def _add_slot(self, element: etree.Element, attribute: str, slots: list[tuple[etree.Element, str]], pieces: list[str]) -> None:
        slots.append((element, attribute))
        pieces.append(self._decode_references(getattr(element, attribute) or "") + BOUNDARY)

    def _decode_references(self, text: str) -> str:
        """Character references the render stage wrote to neutralise Markdown (``&#58;``), as the characters they are.

        Python-Markdown keeps each one aside behind a placeholder; its serializer escapes < and > again, but
        leaves an & that starts something like a reference (``&amp;``) as it is, so & stays a placeholder.
        """

        def decode(match: re.Match[str]) -> str:
            stashed = self.md.htmlStash.rawHtmlBlocks[int(match[1])]
            if isinstance(stashed, str) and _CHARACTER_REFERENCE.fullmatch(stashed) and html.unescape(stashed) != "&":
                return html.unescape(stashed)
            return match[0]

        return HTML_PLACEHOLDER_RE.sub(decode, text)


class TableOfContentsProcessor(Treeprocessor):
    """Typeset the entries of the table of contents again: the toc extension folds every space of a title into " "."""

    def run(self, root: etree.Element) -> None:
        self._typeset_entries(getattr(self.md, "toc_tokens", []))

    def _typeset_entries(self, entries: list[dict[str, object]]) -> None:
        for entry in entries:
            entry["name"] = typeset(str(entry["name"]))
            self._typeset_entries(entry["children"])  # type: ignore[arg-type]


class TypographyExtension(Extension):
    """French typography of the text of every page (see the module's docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After abbr (7), which matches terms as written, and before toc (5), so that the table of contents shows the result.
        md.treeprocessors.register(TypographyProcessor(md), "french_typography", 6)
        md.treeprocessors.register(TableOfContentsProcessor(md), "french_typography_toc", 4)


def makeExtension(**kwargs: object) -> TypographyExtension:  # noqa: N802 (Python-Markdown's entry point)
    """Python-Markdown's entry point: ``markdown_extensions: [callcma.typography]``."""
    return TypographyExtension(**kwargs)
