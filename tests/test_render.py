"""Render stage: data shown as text, French number formats, one footnote per quote, every fact on a page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from callcma import cli, stages
from callcma.errors import DataError
from callcma.model import CITED_SECTIONS, OWNER_SECTIONS, Citation, Dataset, Fact
from callcma.anchors import ANCHORED_SECTIONS
from callcma.stages.s2_check import Checked
from callcma.stages.s4_render import Footnotes, check_page_links, check_section_pages, escape_markdown, render_pages
from callcma.inputs import tools_digest
from callcma.stages.s4_render import LOOKUP_SCRIPT, make_environment
from callcma.settings import TEMPLATES_DIR, Publication
from callcma.dates import format_partial_date
from callcma.site_config import NavPage, SiteConfig, read_site_config
from callcma.wording import read_wording
from helpers import DOWNLOADS, EDITION, PROJECT, edit

NNBSP = "\u202f"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    """Every file the render stage writes: the pages of the navigation, and the communes lookup's script."""
    return render_pages(stages.check(replace(PROJECT, build_epoch=None)), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)


@pytest.fixture(scope="module")
def pages(rendered: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in rendered.items() if name != LOOKUP_SCRIPT}


def test_the_lookup_script_is_rendered_beside_the_pages(rendered: dict[str, str]) -> None:
    assert list(rendered)[-1] == LOOKUP_SCRIPT == "donnees/communes-recherche.js"
    assert rendered[LOOKUP_SCRIPT].splitlines()[1].startswith('self.callcmaCommunes = {"epcis":[["246200364","CA de Lens - Liévin"],')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sylvain Robert", "Sylvain Robert"),
        ("l'artisanat", "l'artisanat"),
        ("<script>", "&#60;script&#62;"),
        ("*gras* _it_", "&#42;gras&#42; &#95;it&#95;"),
        ("[x](y)", "&#91;x&#93;&#40;y&#41;"),
        ("a | b", "a &#124; b"),
        ("# titre", "&#35; titre"),
        ("{{ x }}", "&#123;&#123; x &#125;&#125;"),
        ("2017-2020", "2017&#45;2020"),
        ("ligne 1\n\n- ligne 2", "ligne 1 &#45; ligne 2"),
        ("A & B", "A &#38; B"),
    ],
)
def test_escape_markdown_neutralises_markup(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def _fact(**fields: object) -> Fact:
    citation = {"source": "s", "quote": "une citation"}
    return Fact.model_validate({"id": "f", "label": "L", "certainty": "attesté", "citations": [citation], **fields})


def test_footnotes_give_one_note_per_item_numbered_in_order_and_reuse_a_note_for_the_same_citations() -> None:
    notes = Footnotes()
    first, second = Citation(source="s", quote="premier"), Citation(source="s", quote="second")
    both = _fact(value="v", citations=[{"source": "s", "quote": "second"}, {"source": "s", "quote": "premier"}])
    assert notes.cite(first) == "[^1]"
    assert notes.cite(both) == "[^2]"
    assert notes.cite(second) == "[^3]"
    # Items cited together share one note, each citation once; the same citations again get the same note.
    assert notes.cite(first, both) == "[^4]"
    assert notes.cite(both) == "[^2]"
    assert notes.notes == {(first,): 1, (second, first): 2, (second,): 3, (first, second): 4}
    assert notes.citations == [first, second]


def test_every_page_of_the_navigation_is_rendered_with_its_title(pages: dict[str, str]) -> None:
    nav = read_site_config(PROJECT.mkdocs_config).pages
    assert list(pages) == [page.file for page in nav]
    assert [yaml.safe_load(pages[page.file].split("---\n")[1])["title"] for page in nav] == [page.title for page in nav]


def test_every_page_says_it_is_generated(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        assert text.startswith("---\n"), name
        assert f"<!-- {read_wording().generated_marker} -->" in text.splitlines()[:12], name


def _footnote_definitions(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\[\^(\d+)\]: (.*)$", text, flags=re.MULTILINE))


def test_every_fact_appears_with_one_note_holding_its_quotes_and_records(pages: dict[str, str]) -> None:
    dataset = stages.check_data(PROJECT.data_dir)
    shown: set[str] = set()
    for name, text in pages.items():
        definitions = _footnote_definitions(text)
        for match in re.finditer(r'id="fait-([a-z0-9-]+)"(.*?)</(?:div|li|figure)>', text, flags=re.DOTALL):
            item = dataset.facts_by_id[match[1]]
            labels = re.findall(r"\[\^(\d+)\]", match[2])
            assert len(labels) == 1, (name, item.id)
            note = definitions[labels[0]]
            assert re.findall(r"« (.*?) »(?: \([^)]*\))?(?: ; | — )", note) == [escape_markdown(citation.quote) for citation in item.citations if citation.quote], (name, item.id)
            assert re.findall(r"(?:SIREN|code INSEE) (\d+)", note) == [citation.record for citation in item.citations if citation.record], (name, item.id)
            assert f"[{item.certainty.value}](sources.md#niveaux-de-certitude)" in match[2], (name, item.id)
            shown.add(item.id)
    assert shown == set(dataset.facts_by_id)


def test_statements_are_attributed_never_asserted(pages: dict[str, str]) -> None:
    block = re.search(r'id="fait-territoire-salaries"(.*?)</div>', pages["territoire.md"], flags=re.DOTALL)
    assert block is not None
    assert "selon Alain Griset, président de la chambre des métiers du Nord&#45;Pas&#45;de&#45;Calais : 5" in block[1]


def test_inferred_and_calculated_facts_show_their_reasoning(pages: dict[str, str]) -> None:
    assert "*Raisonnement :* L'article date la signature de deux façons, « Courant novembre » et « Le 16 novembre dernier »," in pages["calendrier.md"]
    assert f"*Calcul :* 140{NNBSP}000{NNBSP}€ ÷ 3 ans = 46{NNBSP}666,67{NNBSP}€ par an, arrondi à 46{NNBSP}667{NNBSP}€ par an." in pages["budget.md"]


def test_the_timeline_uses_time_elements_and_says_which_part_of_a_date_is_deduced(pages: dict[str, str]) -> None:
    # The signature's year is deduced: the machine-readable date gives its day and month only, the reader is told.
    assert re.findall(r'<time datetime="([^"]+)">([^<]+)</time>([^<]*)', pages["calendrier.md"]) == [
        ("2015", "2015", ""),
        ("11-16", "16 novembre 2016", " (année probable, déduite)"),
        ("2017", "2017", " – "),
        ("2020", "2020", ""),
    ]


def test_a_deduced_date_says_so_wherever_it_is_written(pages: dict[str, str]) -> None:
    """On every page, the front matter included: the date written out, then the deduced part named (or, at the end of
    a reasoning, « date retenue : <date>, année probable, déduite »)."""
    for event in stages.check_data(PROJECT.data_dir).timeline:
        if event.deduced:
            written, said = format_partial_date(event.date, "fr"), " ; ".join(read_wording().deduced_date_parts[part] for part in event.deduced)
            found = [(name, text[match.end() : match.end() + 40]) for name, text in pages.items() for match in re.finditer(re.escape(written), text)]
            assert found and all(after.startswith((f" ({said})", f"</time> ({said})", f", {said}")) for _, after in found), found


def test_abbreviations_become_tooltips_on_every_page(pages: dict[str, str]) -> None:
    for text in pages.values():
        assert "*[CALL]: Communauté d'agglomération de Lens-Liévin" in text
        assert "*[EPCI]: établissement public de coopération intercommunale" in text


def test_unknowns_are_listed_on_the_sources_page(pages: dict[str, str]) -> None:
    for unknown in stages.check_data(PROJECT.data_dir).unknowns:
        assert f"- **{escape_markdown(unknown.label)}** : {escape_markdown(unknown.detail)}" in pages["sources.md"]


@pytest.mark.parametrize("template", sorted(TEMPLATES_DIR.glob("*.j2")), ids=lambda path: path.name)
def test_templates_never_print_data_inside_code_spans(template: Path) -> None:
    # Inside `code`, Markdown shows the escaping entities themselves instead of the characters.
    assert not re.search(r"`[^`\n]*\{\{", template.read_text(encoding="utf-8"))


def test_what_the_source_leaves_unsaid_stands_next_to_the_first_fact_it_concerns_once_per_page(pages: dict[str, str]) -> None:
    signing = re.search(r'id="fait-date-signature"(.*?)</li>', pages["calendrier.md"], flags=re.DOTALL)
    amount = re.search(r'id="fait-budget-montant"(.*?)</div>', pages["budget.md"], flags=re.DOTALL)
    average = re.search(r'id="fait-budget-moyenne-annuelle"(.*?)</div>', pages["budget.md"], flags=re.DOTALL)
    assert signing is not None and amount is not None and average is not None
    unsaid = "[Non précisé par la source](sources.md#ce-que-les-sources-ne-disent-pas) :"
    assert f"{unsaid} le lieu de la signature." in signing[1]
    assert (
        f"{unsaid} la part du budget apportée par chacun des deux partenaires ; la répartition du budget entre les axes ;"
        " la répartition du budget par année."
    ) in amount[1]
    # The yearly average's unknowns (by year, the plan's start and end) were said at the facts above it.
    assert "Non précisé" not in average[1]
    for text in pages.values():
        for unknown in stages.check_data(PROJECT.data_dir).unknowns:
            label = unknown.label[:1].lower() + unknown.label[1:]
            assert text.count(f" {escape_markdown(label)}") <= 1, label


def test_what_may_have_changed_since_the_article_is_framed_in_time(pages: dict[str, str]) -> None:
    assert "**Président** : Sylvain Robert, à la date de l'article[^" in pages["partenaires.md"]
    assert "**Montant consacré au plan** : 140\u202f000\u202f€, annoncé par l'article[^" in pages["budget.md"]


def test_a_footnote_says_when_its_quote_comes_from_the_photo_caption(pages: dict[str, str]) -> None:
    assert "« Sylvain Robert, président de la communaupole de Lens&#45;Liévin » (légende de la photo) ; « Sylvain Robert, président de la CALL » ; « les" in pages["partenaires.md"]
    assert "(corps)" not in pages["partenaires.md"]  # the body is where quotes come from unless said otherwise


def test_every_section_with_facts_has_a_page_of_the_navigation(checked: Checked) -> None:
    nav = {page.file for page in read_site_config(PROJECT.mkdocs_config).pages}
    assert set(CITED_SECTIONS + OWNER_SECTIONS) <= set(ANCHORED_SECTIONS)
    assert {checked.section_pages[section] for section in ANCHORED_SECTIONS} <= nav
    assert check_section_pages(checked, read_site_config(PROJECT.mkdocs_config)) == []


def test_a_section_moved_to_a_file_without_its_page_is_one_line(data_copy: Path) -> None:
    (data_copy / "budget.yaml").rename(data_copy / "argent.yaml")
    checked = stages.check(replace(PROJECT, data_dir=data_copy))
    with pytest.raises(DataError) as caught:
        render_pages(checked, read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)
    assert [str(problem) for problem in caught.value.problems] == [
        "data/argent.yaml:1:1: budget: a section is shown on the page named like its data file, and mkdocs.yml has no page argent.md; move the section to the file of its page"
    ]


def test_running_text_writes_counts_in_words_and_does_not_assume_a_mouse(pages: dict[str, str]) -> None:
    assert "140 000 € sur trois ans, annoncés par" in pages["index.md"].replace("\u202f", " ")
    assert " repose sur trois axes[^" in pages["axes.md"]
    assert "touchez ou survolez un numéro de note" in pages["index.md"]
    assert "passez sur" not in pages["index.md"]


@pytest.mark.parametrize(("anchor", "term"), [("terme-maillage", "maillage"), ("terme-filieres-d-excellence", "filières d'excellence")])
def test_the_glossary_explains_the_articles_words(pages: dict[str, str], anchor: str, term: str) -> None:
    # The definition is a paragraph of its own, after the term and its note calls.
    assert re.search(rf'<div class="terme" id="{anchor}" markdown>\n\*\*{re.escape(term)}\*\*(\[\^\d+\])+\n\n\w', pages["glossaire.md"])


def test_a_reasoning_on_the_timeline_is_a_paragraph_of_its_own(pages: dict[str, str]) -> None:
    assert re.search(r"\[¶\]\(#fait-date-signature\)\{ \.permalien [^}]*\}\n\n\*Raisonnement :\*", pages["calendrier.md"])


def test_a_known_publication_date_is_written_out(checked: Checked) -> None:
    dataset = checked.dataset
    dated = dataset.model_copy(update={"sources": [source.model_copy(update={"published": "2016-11-17"}) for source in dataset.sources]})
    page = render_pages(replace(checked, dataset=dated), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)["sources.md"]
    assert "| Date de publication | 17 novembre 2016 |" in page


# --- issue 17: what a template names is checked before anything is written -----------------------------------------


def test_a_fact_id_renamed_under_a_template_is_a_located_line_for_check_and_generate(data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_copy / "convention.yaml", "  - id: plan-priorites\n", "  - id: plan-priorite\n")
    for command in (["check"], ["generate", "--docs", str(tmp_path / "docs")]):
        assert cli.main([*command, "--data", str(data_copy)]) == cli.EXIT_BAD_DATA
        assert capsys.readouterr().err.splitlines() == [
            "templates/index.md.j2:49:1: (template): no fact has the id 'plan-priorites' (did you mean 'plan-priorite'?) (rendering index.md)",
            "1 problem(s); the command stopped there.",
        ]
    assert not (tmp_path / "docs").exists()


def test_what_a_template_names_that_nothing_holds_is_one_line_each(checked: Checked, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "a.md.j2").write_text("# A\n\n{{ facts['budget-montant'].label }}\n{{ people['sylvain-robret'].name }}\n", encoding="utf-8")
    (templates / "b.md.j2").write_text("# B\n\n[Voir]({{ fact_page('budget-inconnu') }})\n", encoding="utf-8")
    (templates / "c.md.j2").write_text("# C\n\n{% for axis in data.axess %}{% endfor %}\n", encoding="utf-8")
    (templates / "d.md.j2").write_text("# D\n\n{{ sources['article'] }}\n\nVoir [la méthode](methode.md#niveaux) ou [l'accueil](a.md).\n", encoding="utf-8")
    site = SiteConfig("Site", "fr", tuple(NavPage(name.upper(), f"{name}.md", line=10 + index, column=5, index=index) for index, name in enumerate("abcde")))
    with pytest.raises(DataError) as caught:
        # Every section on page a: only the templates' names are wrong.
        render_pages(replace(checked, section_pages={section: "a.md" for section in checked.section_pages}), site, DOWNLOADS, EDITION, templates)
    assert [str(problem) for problem in caught.value.problems] == [
        "mkdocs.yml:14:5: nav[4]: no template templates/e.md.j2 for this page; write it, or remove the page from the nav",
        "templates/a.md.j2:4:1: (template): no person has the id 'sylvain-robret' (did you mean 'sylvain-robert'?) (rendering a.md)",
        "templates/b.md.j2:3:1: (template): no fact has the id 'budget-inconnu' (rendering b.md)",
        "templates/c.md.j2:3:1: (template): 'callcma.model.Dataset object' has no attribute 'axess' (rendering c.md)",
        "templates/d.md.j2:3:1: (template): no source has the id 'article' (rendering d.md)",
        "templates/d.md.j2:5:19: (template): no page methode.md in the nav of mkdocs.yml (pages: a.md, b.md, c.md, d.md, e.md)",
    ]


def test_every_page_the_real_templates_link_to_is_in_the_nav() -> None:
    assert check_page_links(read_site_config(PROJECT.mkdocs_config)) == []


def test_the_about_page_says_what_this_edition_does_not_set_and_invents_nothing(pages: dict[str, str]) -> None:
    about, accessibility = pages["apropos.md"], pages["accessibilite.md"]
    assert "Cette édition ne nomme pas son éditeur" in about
    assert "Cette édition n'indique pas d'espace public où signaler une erreur." in about
    assert "Cette édition n'indique pas de contact." in about
    assert "<a href=" not in about.split("## Signaler une erreur")[1].split("## Licence")[0]
    assert "n'indique ni espace public ni contact pour le faire : voir [À propos](apropos.md#signaler)" in accessibility


def test_the_about_page_shows_the_settings_as_typed(checked: Checked) -> None:
    publication = Publication(publisher='Collectif « Artisans » & <b>Cie</b>', repository_url="https://forge.exemple.org/convention?a=1&b=2", contact="contact@exemple.org")
    pages = render_pages(replace(checked, publication=publication), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)
    about = pages["apropos.md"]
    assert "Ce site est publié par Collectif « Artisans » &#38; &#60;b&#62;Cie&#60;/b&#62;." in about
    assert '<a href="https://forge.exemple.org/convention?a=1&amp;b=2">l\'espace public du projet</a>' in about
    assert '<a href="mailto:contact@exemple.org">contact@exemple&#46;org</a>' in about
    assert '<a href="mailto:contact@exemple.org">' in pages["accessibilite.md"] and "https://forge.exemple.org/convention" in pages["contribuer.md"]
