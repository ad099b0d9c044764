"""The one reader of mkdocs.yml: the site's name, language and pages in navigation order."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcma.errors import DataError
from callcma.settings import TEMPLATES_DIR
from callcma.stages.s4_render import EDITION_TEMPLATE
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
    # The navigation is the one list of pages: a template left out of it would never be rendered. The PDF edition's
    # template is no page: the build renders it on its own (render_edition).
    nav = {page.file for page in read_site_config(PROJECT.mkdocs_config).pages}
    templates = {path.name for path in TEMPLATES_DIR.glob("*.md.j2") if not path.name.startswith("_")} - {EDITION_TEMPLATE}
    assert {name.removesuffix(".j2") for name in templates} == nav


def test_titles_that_the_themes_would_print_as_markup_and_odd_pages_are_refused_at_their_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: 'Mon site\"><script>alert(1)</script>'\nnav:\n  - Accueil: index.md\n  - 'Le <b>budget</b>': budget.md\n"
        "  - Sources & méthode: sources.md\n  - Ailleurs: ../secret.md\n  - Section:\n      - Sous-page: a.md\n"
        "theme:\n  language: fr\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        read_site_config(config)
    title = "expected a title on one line without < > \" or & (the themes print it into the page's markup as it is)"
    assert [str(problem) for problem in caught.value.problems] == [
        f"mkdocs.yml:1:12: site_name: {title} (got 'Mon site\"><script>alert(1)</script>')",
        f"mkdocs.yml:4:5: nav[1]: {title} (got 'Le <b>budget</b>')",
        f"mkdocs.yml:5:5: nav[2]: {title} (got 'Sources & méthode')",
        "mkdocs.yml:6:15: nav[3]: expected a page file such as budget.md, lowercase, in docs/ itself (got '../secret.md')",
        "mkdocs.yml:7:5: nav[4]: expected one « Title: page.md » entry (the pipeline's pages are not nested)",
    ]


def test_a_config_that_is_not_yaml_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: [\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_site_config(config)
    assert [str(problem) for problem in caught.value.problems] == ["mkdocs.yml:2:1: (yaml): invalid YAML: expected the node content, but found '<stream end>'"]
