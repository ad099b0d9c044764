"""After the engine's build: the pages and the project's own stylesheets and scripts as readers download them, without
what only their authors read: the templates' indentation and the maintainers' comments.

Nothing a browser shows or runs changes. In a page, a run of indentation after a line break becomes the line break
alone (ASCII spaces and tabs only: French typography's no-break spaces stay), except inside <pre>, <textarea> and
<code>, whose spaces show. In the project's own stylesheets and scripts (docs/assets/stylesheets and
docs/assets/javascripts, not the vendored ones), a comment that fills its lines goes; a licence comment (/*! … */)
and a comment after code stay.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

# The project's own stylesheets and scripts, under docs/ and, as the engine copies them, under the site.
OWN_ASSETS = ("assets/stylesheets", "assets/javascripts")

_SPACES_SHOW = re.compile(r"(<pre\b.*?</pre\s*>|<textarea\b.*?</textarea\s*>|<code\b.*?</code\s*>)", re.DOTALL | re.IGNORECASE)
_INDENTATION = re.compile(r"\n[ \t\r\n]+")
_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*(?!!).*?\*/[ \t]*\n", re.DOTALL | re.MULTILINE)
_LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.MULTILINE)


def compact_site(site_dir: Path, docs_dir: Path) -> None:
    """Compact every page of the built site, and the project's own stylesheets and scripts in it; again is harmless."""
    for page in site_dir.rglob("*.html"):
        _rewrite(page, compact_html)
    for folder in OWN_ASSETS:
        for source in sorted((docs_dir / folder).glob("*.css")):
            _rewrite(site_dir / folder / source.name, strip_comments)
        for source in sorted((docs_dir / folder).glob("*.js")):
            _rewrite(site_dir / folder / source.name, lambda text: _LINE_COMMENT.sub("", strip_comments(text)))


def compact_html(html: str) -> str:
    """A page without the indentation of its lines, but where spaces show."""
    parts = _SPACES_SHOW.split(html)  # text, then each element whose spaces show followed by the text after it
    return "".join(part if index % 2 else _INDENTATION.sub("\n", part) for index, part in enumerate(parts))


def strip_comments(text: str) -> str:
    """A stylesheet or script without the /* … */ comments that fill their lines (licence comments kept)."""
    return _BLOCK_COMMENT.sub("", text)


def _rewrite(path: Path, change: Callable[[str], str]) -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    if changed != text:
        path.write_text(changed, encoding="utf-8")
