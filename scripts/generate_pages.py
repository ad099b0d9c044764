"""Render the site's Markdown pages and open data under docs/ from the facts in data/."""

from __future__ import annotations

from callcma.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
