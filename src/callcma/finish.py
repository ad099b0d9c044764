"""After the engine's build: the site made right for any host, whichever engine built it.

- **The 404 page at any depth.** A host serves 404.html for every missing address, at any depth of the site (GitHub
  Pages serves it for /sub/donnees/faits.cvs): the engines write its links from the host's root (``/…``, or the
  address's path), which works at the root of a host only. With the site's address (CALLCMA_SITE_URL), its links
  are made absolute, and work from anywhere; without it, they are made relative to the site's root (``./…``), which
  works from file:// and the offline copy, and two inline scripts (scripts/not_found_root.js, not_found_config.js)
  find the site's root over HTTP and make it the page's base. The offline copy always holds the relative page
  (s6_package: ``offline_not_found_page``).
- **No sitemap without an address.** A sitemap lists the site's pages by their absolute address: without one, the
  engines write an empty ``<urlset>``, which the sitemaps.org schema refuses. It is removed; with an address, it is
  kept as the engine wrote it (tests/test_validators.py checks it against the schema).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

NOT_FOUND_PAGE = "404.html"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
# In the project's folder: the scripts the relative 404 page runs, at the start of its head and after the theme's
# configuration.
ROOT_SCRIPT = Path("scripts/not_found_root.js")
CONFIG_SCRIPT = Path("scripts/not_found_config.js")

_CHARSET = '<meta charset="utf-8">'
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)


def finish_for_hosts(site_dir: Path, root: Path, site_url: str | None) -> None:
    """The 404 page made to work at any depth, and no sitemap without the site's address."""
    page = site_dir / NOT_FOUND_PAGE
    folders = sorted(path.name for path in site_dir.iterdir() if path.is_dir() and not path.name.startswith("."))
    page.write_text(not_found_page(page.read_text(encoding="utf-8"), site_url, root, folders), encoding="utf-8")
    if site_url is None:
        for name in SITEMAPS:
            (site_dir / name).unlink(missing_ok=True)


def not_found_page(html: str, site_url: str | None, root: Path, folders: list[str]) -> str:
    """The engine's 404 page with its links absolute (the site's address known), or relative to the site's root and
    the scripts that find that root over HTTP. Idempotent: `make serve` and a second run leave it as it is."""
    if 'data-dossiers="' in html:
        return html  # already made relative, with its scripts
    engine_root = urlsplit(site_url).path if site_url else "/"
    html = _rebase(html, engine_root, site_url or "./")
    if site_url:
        return html
    scripts = " ".join(folders)
    head = f'{_CHARSET}<script data-dossiers="{scripts}">{_script(root / ROOT_SCRIPT)}</script>'
    html = html.replace(_CHARSET, head, 1)
    return _CONFIG.sub(lambda match: f"{match[0]}<script>{_script(root / CONFIG_SCRIPT)}</script>", html, count=1)


def offline_not_found_page(html: str, site_url: str | None) -> str:
    """The 404 page for the offline copy: links relative to the site's root, whatever the site's address."""
    return _rebase(html, site_url, "./") if site_url else html


def _rebase(html: str, engine_root: str, target: str) -> str:
    """Links that start at ``engine_root`` (``/``, the address's path, or the address) start at ``target`` instead: in
    the attributes that name files, and in the theme's configuration (its base and search worker)."""
    # Not « //host/… », which names another host.
    html = re.sub(rf'(\s(?:href|src)="){re.escape(engine_root)}(?!/)', lambda match: match[1] + target, html)

    def configure(match: re.Match[str]) -> str:
        config = json.loads(match[2])
        config["base"] = target if target != "./" else "."
        if isinstance(config.get("search"), str) and config["search"].startswith(engine_root):
            config["search"] = target + config["search"].removeprefix(engine_root)
        # As the theme writes it: JSON that no value can end the script element with.
        return match[1] + json.dumps(config, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/") + match[3]

    return _CONFIG.sub(configure, html, count=1)


def _script(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()
