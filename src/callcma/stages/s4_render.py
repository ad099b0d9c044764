"""Render stage: fill the page templates with the Dataset, giving Markdown text for each page."""

from __future__ import annotations

import difflib
import functools
import html
import math
import re
import shutil
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import yaml
from markupsafe import Markup, escape

from ..anchors import ANCHORED_SECTIONS, anchor
from ..errors import DataError, Problem
from ..jsonld import PageView, Shown, page_jsonld, serialise_jsonld
from ..dates import format_partial_date, proven_datetime
from ..inputs import tools_digest
from ..formatting import format_amount, format_change_value, format_in_words, format_number, format_number_in_words, format_value
from ..history import Field as ChangeField, Kind as HistoryKind, Status as HistoryStatus
from ..model import Certainty, PartKind, Cited, Citation, Dataset
from ..settings import DATA_EXPORT_DIR, LICENCE_URL, MIN_SUPPORT_WORDS, OFFLINE_ZIP_NAME, OPEN_DATA_SEPARATOR, TEMPLATES_DIR
from ..site_config import NavPage, SiteConfig, html_name
from ..collation import sort_french
from ..open_data import DATA_PACKAGE_NAME, FILE_SCHEMA_NAME, HISTORY_JSON_NAME, HISTORY_TABLE, SCHEMA_NAME, SHEETS, SPREADSHEET_NAME, TABLES
from ..records import latest_dataset, lookup_table, membership_differences, vintages
from ..wording import read_wording

if TYPE_CHECKING:
    from ..pdf import Edition
    from .s2_check import Checked

# The territory for the communes lookup, a script the communes page loads when a reader uses the lookup; rendered
# from its template (<name>.j2) beside the pages.
LOOKUP_SCRIPT = f"{DATA_EXPORT_DIR}/communes-recherche.js"
# Material's search weighs the pages about the site (and long lists) by this much: « signature » finds the partners
# and the calendar before the method page that mentions it. A template asks for it with `{% set ranked_after = true %}`.
RANKED_AFTER_BOOST = 0.5
# The PDF edition's template (pdf.py lays out what it renders).
EDITION_TEMPLATE = "edition.md.j2"

# Characters that Markdown, its extensions or HTML would read as syntax. Written as numeric
# character references they show as themselves and can never open a tag, a link or a table cell.
_MARKUP_CHARACTERS = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~^=:&\"]")


def escape_markdown(value: Any) -> Markup:
    """Data is shown as text: every character with a meaning in Markdown or HTML is neutralised."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _MARKUP_CHARACTERS.sub(lambda match: f"&#{ord(match[0])};", text)
    # A line break in data must not start a new Markdown block (heading, list, table row).
    return Markup(re.sub(r"\s*\n\s*", " ", text))


def plain_text(value: Any) -> Markup:
    """Data for a place Markdown does not parse (an abbreviation's tooltip): one line, as is."""
    # Python-Markdown writes an entity such as &amp; into the attribute untouched, so the reader would see "&":
    # escaping every & keeps what the data says.
    return Markup(" ".join(str(value).split()).replace("&", "&amp;"))


def attribute_text(value: Any) -> Markup:
    """Data inside an HTML attribute or a link target: HTML-escaped, not turned into Markdown entities."""
    return escape(" ".join(str(value).split()))


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


def front_matter(fields: Mapping[str, Any]) -> str:
    """A page's YAML front matter, written by the YAML dumper: every text a double-quoted string on one line, which
    MkDocs and Zensical read back exactly whatever it holds (quotes, colons, « --- », line breaks); the other values
    (the page's scripts, its search weight: the code's, never the data's) in the dumper's own style, numbers as numbers."""
    texts = {name: value for name, value in fields.items() if isinstance(value, str)}
    others = {name: value for name, value in fields.items() if not isinstance(value, str)}
    dump = functools.partial(yaml.safe_dump, allow_unicode=True, sort_keys=False, width=math.inf)
    return "---\n" + dump(texts, default_style='"') + (dump(others) if others else "") + "---"


def attribute_escape(text: str) -> str:
    """A text for a theme template that prints it into an HTML attribute as it is (the page's description): one line,
    with « & < > " ' » as character references, which the browser reads back as the text itself."""
    # Only ASCII spaces and line breaks are folded: str.split() would also fold the narrow no-break space
    # that French typography puts before « ? ».
    return html.escape(_ASCII_SPACES.sub(" ", text).strip(" "), quote=True)


@dataclass
class Footnotes:
    """The notes of one page, numbered in order of first use: one note per item shown, holding all its citations.

    Items cited together (a sentence that states two facts) share one note; the same citations get the same note.
    """

    notes: dict[tuple[Citation, ...], int] = field(default_factory=dict)

    def cite(self, *items: Cited | Citation) -> Markup:
        """One footnote reference, e.g. ``[^1]``, to a note holding every citation of ``items``, each once."""
        citations = tuple(dict.fromkeys(citation for item in items for citation in (item.citations if isinstance(item, Cited) else [item])))
        return Markup(f"[^{self.notes.setdefault(citations, len(self.notes) + 1)}]")

    @property
    def citations(self) -> list[Citation]:
        """Every citation of the page's notes, each once, in order."""
        return list(dict.fromkeys(citation for note in self.notes for citation in note))


def by_source(citations: Iterable[Citation]) -> list[tuple[str, list[Citation]]]:
    """Citations grouped by their source, sources in order of first appearance: a note names each source once."""
    groups: dict[str, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.source, []).append(citation)
    return list(groups.items())


@functools.cache
def make_environment(templates_dir: Path, language: str, cache_dir: Path | None = None) -> jinja2.Environment:
    """A Jinja environment in which every value printed from the data is escaped for Markdown.

    One per process: `mkdocs serve` rebuilds reuse its compiled templates (Jinja reloads a template whose file changed);
    what the YAML files of the templates say is read at each render (render_pages), never kept here. With a cache
    folder, the next process loads the compiled templates instead of compiling them again (most of a render's time):
    Jinja checks each one against its template's text, and the folder is the tools' own (inputs.tools_digest), so
    that code or libraries that compile differently never read them.
    """
    tools = tools_digest() if cache_dir else None
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_bytecode_cache(cache_dir / "jinja", tools) if cache_dir and tools else None,
        autoescape=True,
        finalize=escape_markdown,
        undefined=_Undefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Numbers and dates as the site's language writes them; a unit as the data's units list writes it.
    environment.filters["number"] = functools.partial(format_number, language=language)
    environment.filters["value"] = jinja2.pass_context(lambda context, fact: format_value(fact, context["data"].units_by_id, language))
    environment.filters["in_words"] = jinja2.pass_context(lambda context, fact: format_in_words(fact, context["data"].units_by_id, language))
    environment.filters["amount"] = jinja2.pass_context(lambda context, number, unit: format_amount(number, context["data"].units_by_id.get(unit), language))
    environment.filters["date"] = functools.partial(format_partial_date, language=language)
    environment.filters["plain"] = plain_text
    environment.filters["attr"] = attribute_text
    environment.filters["sort_french"] = sort_french
    environment.globals["vintages"] = vintages
    environment.globals["proven_datetime"] = proven_datetime
    environment.filters["by_source"] = by_source
    environment.filters["unescape"] = html.unescape  # undoes escape_markdown, for a text that leaves Markdown (front matter)
    environment.filters["words"] = functools.partial(format_number_in_words, language=language)
    environment.globals["Certainty"] = Certainty
    environment.globals["PartKind"] = PartKind
    environment.globals["ChangeField"] = ChangeField
    environment.globals["HistoryKind"] = HistoryKind
    environment.globals["HistoryStatus"] = HistoryStatus
    environment.globals["licence_url"] = LICENCE_URL
    environment.globals["anchor"] = anchor
    environment.globals["latest_dataset"] = latest_dataset
    environment.globals["html_name"] = html_name
    environment.globals["record_citation"] = lambda source, record: Citation(source=source.id, record=record)
    environment.filters["json"] = lambda value: Markup(serialise_jsonld(value))  # compact, and safe in a script
    return environment


def _bytecode_cache(folder: Path, tools: str) -> jinja2.FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates in ``<folder>/<tools' digest>``, the other tools' folders removed; none when
    it cannot be made (a build never fails for its cache)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for other in folder.iterdir():
            if other.name != tools:
                shutil.rmtree(other, ignore_errors=True)
        (folder / tools).mkdir(exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / tools))


class Ids(dict[str, Any]):
    """What the templates look up by id (facts, people, sources, datasets): a missing id names its kind."""

    def __init__(self, kind: str, items: Mapping[str, Any]) -> None:
        super().__init__(items)
        self.kind = kind


class _Undefined(jinja2.StrictUndefined):
    """Any use of something the data does not hold stops the render; the message says which id is missing."""

    @property
    def _undefined_message(self) -> str:
        if isinstance(self._undefined_obj, Ids):
            known = difflib.get_close_matches(str(self._undefined_name), list(self._undefined_obj), n=1)
            hint = f" (did you mean {known[0]!r}?)" if known else ""
            return f"no {self._undefined_obj.kind} has the id {self._undefined_name!r}{hint}"
        return str(super()._undefined_message)


def render_pages(
    checked: Checked, site: SiteConfig, downloads: Mapping[str, int], edition: Edition, templates_dir: Path = TEMPLATES_DIR, cache_dir: Path | None = None
) -> dict[str, str]:
    """Markdown of every page of the navigation, by file name under docs/ (each page's template is ``<file>.j2``),
    then the communes lookup's script (LOOKUP_SCRIPT), from the latest dataset's territory.

    Everything shown comes from the check stage's result; ``downloads`` gives the size of each open data file, and
    ``edition`` the PDF edition's number of pages (the links to it say so). What a template names that the data, the
    navigation or the templates do not hold (a fact's id, a page, a section) is a problem at the template's line, never
    a traceback: each page is rendered, then every problem is reported at once. Compiled templates are kept in
    ``cache_dir`` for the next build, if given.
    """
    environment = make_environment(templates_dir, site.language, cache_dir)
    problems = check_page_links(site, templates_dir) + check_section_pages(checked, site)
    shared = _shared(checked, site, downloads, edition)
    pages: dict[str, str] = {}
    for page in site.pages:
        footnotes, shown, seen = Footnotes(), Shown(), set[str]()
        try:
            template = environment.get_template(f"{page.file}.j2")
            pages[page.file] = template.render(
                **shared,
                cite=footnotes.cite,
                footnotes=footnotes,
                show=shown.show,
                download=shown.download,
                first_on_page=functools.partial(_first, seen),
                page=page,
                front_matter=_front_matter_writer(checked, site, page, footnotes, shown),
            )
        except jinja2.TemplateNotFound as error:
            problems.append(Problem(site.path, page.line, page.column, page.field, f"no template {templates_dir.name}/{error.name} for this page; write it, or remove the page from the nav"))
        except (jinja2.TemplateSyntaxError, jinja2.UndefinedError, LookupError) as error:
            problems.append(_template_problem(error, templates_dir, page.file))
    if problems:
        raise DataError(problems)
    # The communes page rendered: the data has a dataset, whose latest extract holds the territory.
    lookup = lookup_table(checked.extracts[latest_dataset(checked.dataset.datasets).id])
    pages[LOOKUP_SCRIPT] = environment.get_template(f"{Path(LOOKUP_SCRIPT).name}.j2").render(lookup=lookup)
    return pages


def render_edition(checked: Checked, site: SiteConfig, templates_dir: Path = TEMPLATES_DIR, cache_dir: Path | None = None) -> str:
    """Markdown of the PDF edition (templates/edition.md.j2): one document, its notes numbered through it; pdf.py lays
    it out. Made before the pages, which link to it: it names no open data file's size, nor itself."""
    environment = make_environment(templates_dir, site.language, cache_dir)
    footnotes, shown, seen = Footnotes(), Shown(), set[str]()
    try:
        template = environment.get_template(EDITION_TEMPLATE)
        return template.render(
            **_shared(checked, site, {}, None),
            cite=footnotes.cite,
            footnotes=footnotes,
            show=shown.show,
            download=shown.download,
            first_on_page=functools.partial(_first, seen),
            site_name=site.name,
        )
    except (jinja2.TemplateSyntaxError, jinja2.UndefinedError, LookupError) as error:
        raise DataError([_template_problem(error, templates_dir, EDITION_TEMPLATE)]) from None


def _shared(checked: Checked, site: SiteConfig, downloads: Mapping[str, int], edition: Edition | None) -> dict[str, Any]:
    """What every page and the edition are given: the data and what its check read, the wording, the open data's files."""
    dataset, extracts = checked.dataset, checked.extracts
    wording = read_wording()
    shared: dict[str, Any] = {
        "data": dataset,
        "facts": Ids("fact", dataset.facts_by_id),
        "people": Ids("person", dataset.people_by_id),
        "sources": Ids("source", dataset.sources_by_id),
        "datasets": Ids("dataset", dataset.datasets_by_id),
        "fact_page": fact_page(dataset, checked.section_pages),
        "wording": wording,
        "generated_marker": Markup(wording.generated_marker),
        # The open data's files, which its page lists: the tables (a CSV and its Table Schema each) and the others.
        "tables": TABLES,
        "sheets": SHEETS,
        "spreadsheet": SPREADSHEET_NAME,
        "json_schema": SCHEMA_NAME,
        "file_schema": FILE_SCHEMA_NAME,
        "data_package": DATA_PACKAGE_NAME,
        "offline_zip": OFFLINE_ZIP_NAME,
        "separator": OPEN_DATA_SEPARATOR,  # between the values that share a cell of the open data
        "min_support_words": MIN_SUPPORT_WORDS,  # the method page states the rule the check stage applies
        "extracts": extracts,
        "membership_differences": membership_differences(dataset, extracts),
        "quote_places": checked.places,
        "downloads": downloads,
        "build_date": checked.build_date,  # None: undated
        "publication": checked.publication,  # the publisher, contact and addresses the environment sets (settings.Publication)
        "lookup_script": LOOKUP_SCRIPT,
        "history": checked.history,
        "history_table": HISTORY_TABLE,  # the history's changes as an open data table, and the whole of it as JSON
        "history_json": HISTORY_JSON_NAME,
        "change_value": functools.partial(format_change_value, names=_speaker_names(dataset), units=dataset.units_by_id, language=site.language),
        "edition": edition,  # the PDF edition, once laid out (None while its own Markdown is rendered)
        "data_file": lambda name: f"{DATA_EXPORT_DIR}/{name}",  # a file of the open data, linked without JSON-LD (download)
    }
    return shared


def _template_problem(error: BaseException, templates_dir: Path, rendering: str) -> Problem:
    """A template's fault as one problem at its line: a syntax error, or a name it uses that nothing holds."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(f"{templates_dir.name}/{error.name}", error.lineno, 1, "(template)", f"invalid template: {error.message}")
    return Problem(*_template_line(error, templates_dir), "(template)", f"{_message(error)} (rendering {rendering})")


# A page of the site, as a template links to it: « sources.md#methode », never a template's own name (_page.md.j2).
_PAGE_LINK = re.compile(r"(?<![\w./-])([a-z0-9][a-z0-9-]*\.md)(?!\.j2|\w)")


def check_page_links(site: SiteConfig, templates_dir: Path = TEMPLATES_DIR) -> list[Problem]:
    """Every page a template names (a link « budget.md#… ») is a page of the navigation: one problem at its line if not."""
    pages = {page.file for page in site.pages}
    return [
        Problem(f"{templates_dir.name}/{path.name}", number, match.start() + 1, "(template)", f"no page {match[1]} in the nav of {site.path} (pages: {', '.join(sorted(pages))})")
        for path in sorted(templates_dir.glob("*.j2"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in _PAGE_LINK.finditer(line)
        if match[1] not in pages
    ]


def check_section_pages(checked: Checked, site: SiteConfig) -> list[Problem]:
    """Every section whose entries a page shows (with an anchor that links and the JSON-LD point to) is told about on
    the page named like its data file: that page must be in the navigation."""
    pages = {page.file for page in site.pages}
    return [
        Problem(f"data/{checked.section_pages[section].removesuffix('.md')}.yaml", 1, 1, section, f"a section is shown on the page named like its data file, and {site.path} has no page {checked.section_pages[section]}; move the section to the file of its page")
        for section in ANCHORED_SECTIONS
        if section in checked.section_pages and checked.section_pages[section] not in pages
    ]


def _template_line(error: BaseException, templates_dir: Path) -> tuple[str, int, int]:
    """The template file and line where rendering failed: Jinja gives each template line a frame of its own."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(".j2")]
    if not frames:
        return f"{templates_dir.name}/", 1, 1
    return f"{templates_dir.name}/{Path(frames[-1].filename).name}", frames[-1].lineno or 1, 1


def _message(error: BaseException) -> str:
    return str(error.args[0]) if isinstance(error, LookupError) and error.args else str(error)


def _front_matter_writer(checked: Checked, site: SiteConfig, page: NavPage, footnotes: Footnotes, shown: Shown) -> Callable[[str, list[str], bool], Markup]:
    """For the layout, once the content is rendered: the page's front matter, with the JSON-LD of what it showed.

    What the engines' themes print as they are: the title (checked when mkdocs.yml is read), the description
    (escaped for the attribute it goes into) and the JSON-LD (serialise_jsonld: no data can end its script element).
    A template may also list its own scripts (overrides/main.html loads them after the theme's) and ask to rank
    after the other pages in Material's search (RANKED_AFTER_BOOST).
    """

    def write(description: str, scripts: list[str], ranked_after: bool) -> Markup:
        view = PageView(file=page.file, title=page.title, description=_ASCII_SPACES.sub(" ", description).strip(" "), shown=shown, citations=footnotes.citations)
        fields = {"title": page.title, "description": attribute_escape(description)}
        if checked.build_date is not None:
            # The edition's date, for the theme's « Citer cette page » with either engine (Zensical gives templates no date).
            edition = checked.build_date.isoformat()
            fields |= {"build_date": edition, "build_date_text": format_partial_date(edition, site.language)}
        fields["jsonld"] = serialise_jsonld(page_jsonld(checked.dataset, site, view, checked.section_pages, checked.extracts))
        others: dict[str, Any] = {"scripts": list(scripts)} if scripts else {}
        others |= {"search": {"boost": RANKED_AFTER_BOOST}} if ranked_after else {}
        return Markup(front_matter(fields | others))

    return write


def _speaker_names(dataset: Dataset) -> dict[str, str]:
    """How the site names whom a statement is attributed to, by id: a person's name, an organisation as it calls it."""
    return {person.id: person.name for person in dataset.people} | {organisation.id: organisation.called or organisation.abbreviation for organisation in dataset.organisations}


def _first(seen: set[str], key: str) -> bool:
    """Whether a page meets ``key`` for the first time (and from now on, it has)."""
    if key in seen:
        return False
    seen.add(key)
    return True


def fact_page(dataset: Dataset, section_pages: Mapping[str, str]) -> Callable[[str], str]:
    """Map a fact id to the page that shows it in full: its section's."""
    pages = {item.id: section_pages[section] for section, item in dataset.cited_by_section()}

    def page_of(fact_id: str) -> str:
        if fact_id not in pages:
            raise LookupError(f"no fact has the id {fact_id!r}")
        return pages[fact_id]

    return page_of
