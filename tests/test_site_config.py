"""The one reader of mkdocs.yml: the site's name, language and pages in navigation order."""

from __future__ import annotations

from pathlib import Path

from callcma.settings import TEMPLATES_DIR
from callcma.site_config import NavPage, SiteConfig, read_site_config
from helpers import PROJECT


def test_the_config_gives_the_name_language_and_pages_and_ignores_tags_only_mkdocs_resolves(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: Mon site\nnav:\n  - Accueil: index.md\n  - Le budget: budget.md\ntheme:\n  name: material\n  language: fr\n"
        "markdown_extensions:\n  - x: !!python/name:a.b\nsecret: !ENV X\n",
        encoding="utf-8",
    )
    assert read_site_config(config) == SiteConfig(name="Mon site", language="fr", pages=(NavPage("Accueil", "index.md"), NavPage("Le budget", "budget.md")))
    assert NavPage("Le budget", "budget.md").html == "budget.html"


def test_every_template_of_a_page_is_in_the_navigation() -> None:
    # The navigation is the one list of pages: a template left out of it would never be rendered.
    nav = {page.file for page in read_site_config(PROJECT.mkdocs_config).pages}
    templates = {path.name.removesuffix(".j2") for path in TEMPLATES_DIR.glob("*.md.j2") if not path.name.startswith("_")}
    assert templates == nav
