"""After the engine: the 404 page works at any depth, the sitemap exists only with the site's address (finish.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from callcma.finish import CONFIG_SCRIPT, NOT_FOUND_PAGE, ROOT_SCRIPT, SITEMAPS, finish_for_hosts, not_found_page, offline_not_found_page
from helpers import PROJECT

ADDRESS = "https://exemple.org/convention/"


def engine_page(root: str) -> str:
    """A 404 page as the engines write it: every file named from ``root`` (the host's root, or the address's path)."""
    config = json.dumps({"base": root, "search": f"{root}assets/javascripts/workers/search.js", "features": []})
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="{root}assets/images/favicon.png">'
        f'<link rel="stylesheet" href="{root}assets/stylesheets/main.css"></head><body>'
        f'<a href="{root}index.html">l’accueil</a><a href="https://ailleurs.example/x">ailleurs</a><a href="//cdn.example/y">cdn</a>'
        f'<script id="__config" type="application/json">{config}</script><script src="{root}assets/javascripts/bundle.js"></script></body></html>'
    )


def links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def config(html: str) -> dict[str, object]:
    return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)[1])


def test_without_an_address_the_404_page_links_from_the_site_s_root_and_finds_it_over_http() -> None:
    page = not_found_page(engine_page("/"), None, PROJECT.root, ["assets", "donnees", "search"])
    assert links(page) == [
        "./assets/images/favicon.png", "./assets/stylesheets/main.css", "./index.html", "https://ailleurs.example/x", "//cdn.example/y", "./assets/javascripts/bundle.js"
    ]
    assert config(page) == {"base": ".", "search": "./assets/javascripts/workers/search.js", "features": []}
    # The root's script first in the head, before any file is named; the configuration's right after the configuration.
    head = page.split('<link rel="icon"')[0]
    root_script = (PROJECT.root / ROOT_SCRIPT).read_text(encoding="utf-8").strip()
    assert head == f'<!doctype html><html><head><meta charset="utf-8"><script data-dossiers="assets donnees search">{root_script}</script>'
    config_script = (PROJECT.root / CONFIG_SCRIPT).read_text(encoding="utf-8").strip()
    assert re.search(r'</script><script>(.*?)</script><script src=', page, re.DOTALL)[1] == config_script
    # Idempotent: `make serve` finishes the same file again.
    assert not_found_page(page, None, PROJECT.root, ["assets"]) == page


def test_with_an_address_the_404_page_links_there_from_anywhere() -> None:
    # Both engines write the 404 page's files from the address's path.
    page = not_found_page(engine_page("/convention/"), ADDRESS, PROJECT.root, ["assets"])
    assert links(page)[:3] == [f"{ADDRESS}assets/images/favicon.png", f"{ADDRESS}assets/stylesheets/main.css", f"{ADDRESS}index.html"]
    assert config(page)["base"] == ADDRESS and config(page)["search"] == f"{ADDRESS}assets/javascripts/workers/search.js"
    assert "data-dossiers" not in page and "<script>" not in page
    assert not_found_page(page, ADDRESS, PROJECT.root, ["assets"]) == page
    # The offline copy's: relative again, for file://.
    offline = offline_not_found_page(page, ADDRESS)
    assert links(offline)[:3] == ["./assets/images/favicon.png", "./assets/stylesheets/main.css", "./index.html"]
    assert config(offline)["base"] == "."


def test_the_sitemap_is_removed_without_an_address_and_kept_with_one(tmp_path: Path) -> None:
    for address, kept in ((None, False), (ADDRESS, True)):
        site = tmp_path / str(kept)
        (site / "assets").mkdir(parents=True)
        (site / NOT_FOUND_PAGE).write_text(engine_page(address and "/convention/" or "/"), encoding="utf-8")
        for name in SITEMAPS:
            (site / name).write_bytes(b"<urlset/>")
        finish_for_hosts(site, PROJECT.root, address)
        assert [(site / name).exists() for name in SITEMAPS] == [kept, kept]
        assert ('data-dossiers="assets"' in (site / NOT_FOUND_PAGE).read_text(encoding="utf-8")) is not kept
