"""Which page of the site tells about each section of the data, and the section's French name derived from it."""

from __future__ import annotations

# The home page's cards and the open data's « rubrique » column follow this.
SECTION_PAGES = {
    "convention": "convention.md",
    "organisations": "partenaires.md",
    "people": "partenaires.md",
    "axes": "axes.md",
    "budget": "budget.md",
    "timeline": "calendrier.md",
    "territory": "territoire.md",
    "declarations": "declarations.md",
    "sources": "sources.md",
    "communes": "communes.md",
    "glossary": "glossaire.md",
}


def section_name(section: str) -> str:
    """A section's name for readers, in French: its page's name (``territory`` → ``territoire``)."""
    return SECTION_PAGES[section].removesuffix(".md")
