"""After the engine's build: Material's French search as readers type it (scripts/search_fold_fr.js).

Accents and plurals forgiven, numbers typed without their spaces, one typo forgiven, short titles that are the word
searched first. The script is appended to the theme's French lunr file, which Material's search worker loads for
the index and the query alike. Zensical's own search has no lunr folder and is left as it is (README, Two engines).
"""

from __future__ import annotations

from pathlib import Path

from .settings import LUNR_DIR

FRENCH_SEARCH = Path(LUNR_DIR, "min/lunr.fr.min.js")
SEARCH_FOLD_SCRIPT = Path("scripts/search_fold_fr.js")  # in the project's folder


def add_search_fold(site_dir: Path, root: Path) -> None:
    """Append the project's search script to the built site's French search file, once; nothing for a site without lunr."""
    french = site_dir / FRENCH_SEARCH
    if not french.parent.parent.is_dir():
        return
    if not french.is_file():
        raise FileNotFoundError(f"the theme no longer ships {FRENCH_SEARCH}: update FRENCH_SEARCH in {__name__}")
    fold = (root / SEARCH_FOLD_SCRIPT).read_bytes()
    content = french.read_bytes()
    if not content.endswith(fold):
        french.write_bytes(content + b"\n" + fold)
