"""The model: what a fact, an event or a source may hold, and what each certainty requires."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from callcma.model import URL_EXPECTED, Citation, DatasetFile, Event, Fact, Quotation, Source, Term, Unit

CITATION = {"source": "article", "quote": "une citation"}
FACT = {"id": "budget-montant", "label": "Montant", "certainty": "attesté", "citations": [CITATION], "value": 140000, "unit": "EUR"}


def _errors(model: type[BaseModel], data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(".".join(str(part) for part in error["loc"]), error["msg"]) for error in caught.value.errors()]


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"value": "2017-2020", "unit": None},
        {"value": 46667, "certainty": "calculé", "formula": "budget-montant / budget-duree"},
        {"value": "2016", "unit": None, "certainty": "déduit", "reasoning": "Parce que."},
        {"certainty": "déclaration", "speaker": "alain-griset"},
        {"value": 46666.67},
    ],
)
def test_valid_facts(changes: dict[str, Any]) -> None:
    fact = Fact.model_validate({**FACT, **changes})
    assert fact.model_dump(exclude_none=True) == {k: v for k, v in ({**FACT, **changes}).items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"value": "140 000"}, [("value", "a value with a unit must be a number written without quotes or spaces, e.g. 140000")]),
        ({"value": 0}, [("value", "a value with a unit must be greater than 0")]),
        ({"value": -5}, [("value", "a value with a unit must be greater than 0")]),
        ({"value": True}, [("value", "expected a number (e.g. 140000) or a text")]),
        ({"value": None}, [("value", "expected a number (e.g. 140000) or a text")]),
        ({"certainty": "déduit"}, [("reasoning", "required when certainty is déduit")]),
        ({"certainty": "calculé"}, [("formula", "required when certainty is calculé")]),
        ({"certainty": "déclaration"}, [("speaker", "required when certainty is déclaration")]),
        ({"reasoning": "Parce que."}, [("reasoning", "only allowed when certainty is déduit")]),
        ({"speaker": "alain-griset"}, [("speaker", "only allowed when certainty is déclaration")]),
        (
            {"certainty": "calculé", "formula": "140000 divisé par 3"},
            [("formula", "expected '<fact id> <+|-|*|/> <fact id>', e.g. 'budget-montant / budget-duree'")],
        ),
    ],
)
def test_invalid_facts(changes: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    assert _errors(Fact, {**FACT, **changes}) == expected


def test_a_quote_never_holds_the_open_data_separator() -> None:
    quoted = {**FACT, "citations": [{"source": "article", "quote": "avant | après"}]}
    assert _errors(Fact, quoted) == [("citations.0.quote", "a quote may not hold « | », which separates a fact's citations in the open data; quote the words around it")]


def test_a_quotation_is_always_a_statement() -> None:
    assert _errors(Quotation, {**FACT, "value": "Mot pour mot", "unit": None}) == [("certainty", "a quotation's certainty must be déclaration")]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("2016-02-30", "2016-02-30 is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2016-13", "2016-13 is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_event_dates_must_be_real(date: Any, expected: str) -> None:
    event = {"id": "e", "label": "L", "certainty": "attesté", "citations": [CITATION], "date": date}
    assert _errors(Event, event) == [("date", expected)]


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a", "http://example.org", "HTTPS://Example.org/a?b=1#c", "https://127.0.0.1:8000/", "https://géo.example/é", "mailto:contact@example.org"],
)
def test_sources_accept_web_and_mail_addresses(url: str) -> None:
    assert Source(id="s", title="T", outlet="O", url=url).url == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "javascript://example.org/%0aalert(1)",
        "data:text/html,x",
        "ftp://example.org",
        "//example.org",
        "https://exa mple.org",
        # issue 8, attack 1: no "://", so Markdown wrote it as a raw tag with an event handler
        "https:x/contenteditable/autofocus/onfocus=alert(document.domain)",
        "https:example.org",
        "https://",
        "https:///chemin",
        "https://user:secret@example.org/",
        "https://[::1/",
        "https://example.org:port/",
        "https://-example.org/",
        'https://example.org/" onmouseover="alert(1)',
        "https://example.org/<script>",
        "https://example.org/`x`",
        "mailto:",
        "mailto:personne",
        "mailto:a@example.org?subject=x",
    ],
)
def test_sources_refuse_other_addresses(url: str) -> None:
    expected = [("url", URL_EXPECTED)]
    assert _errors(Source, {"id": "s", "title": "T", "outlet": "O", "url": url}) == expected


@pytest.mark.parametrize("term", ["CALL", "contrat de ville", "porteur de projet", "l'EPCI"])
def test_glossary_terms_are_plain_words(term: str) -> None:
    assert Term(id="t", term=term, definition="D", citations=[CITATION]).term == term


@pytest.mark.parametrize(
    ("term", "rule"),
    [
        ("<b>CALL</b>", "string_pattern_mismatch"),
        ("CALL]: x", "string_pattern_mismatch"),
        ("*CMA*", "string_pattern_mismatch"),
        # issue 8, case 9: a one-character term, or one without a letter, would mark every such word or sign of the site
        ("a", "string_too_short"),
        ("-", "string_too_short"),
        ("--", "string_pattern_mismatch"),
        ("12", "string_pattern_mismatch"),
    ],
)
def test_glossary_terms_refuse_markup_and_terms_without_a_word(term: str, rule: str) -> None:
    # The message readers see is the validate stage's (test_messages, test_validate); here, only which rule refuses the term.
    with pytest.raises(ValidationError) as caught:
        Term.model_validate({"id": "t", "term": term, "definition": "D", "citations": [CITATION]})
    assert [(error["loc"], error["type"]) for error in caught.value.errors()] == [(("term",), rule)]


def test_a_period_ends_after_it_starts() -> None:
    period = {"id": "e", "label": "L", "certainty": "attesté", "citations": [CITATION], "date": "2020", "end": "2017"}
    assert _errors(Event, period) == [("end", "a period ends after it starts; expected an end not before 2020")]
    assert Event.model_validate(period | {"date": "2017-03", "end": "2017"}).end == "2017"  # within the same year


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"symbol": "€", "singular": "euro", "plural": "euros"}, "expected either a symbol, or a singular and a plural"),
        ({"singular": "an"}, "expected either a symbol, or a singular and a plural"),
        ({}, "expected either a symbol, or a singular and a plural"),
    ],
)
def test_a_unit_is_written_with_a_symbol_or_a_singular_and_a_plural(fields: dict[str, Any], expected: str) -> None:
    assert _errors(Unit, {"id": "u", "words": ["u"], **fields}) == [("", expected)]


def test_a_unit_writes_its_singular_below_two() -> None:
    years = Unit(id="ans", singular="an", plural="ans", words=["ans"])
    assert [years.written(number) for number in (1, 1.5, 2, 3)] == [" an", " an", " ans", " ans"]
    assert Unit(id="EUR", symbol="€", words=["euros"]).written(2) == "\u202f€"


def test_an_attribution_goes_with_a_quote() -> None:
    assert _errors(Citation, {"source": "jeu", "record": "62001", "attribution": "dit-il"}) == [("", "an attribution goes with a quote: a record speaks for no one")]


@pytest.mark.parametrize("path", ["../../../etc/passwd", "/etc/passwd", "data/../../x.json", ".hidden/x", "data\\communes.json", "data/ communes.json"])
def test_a_dataset_file_outside_its_package_is_refused(path: str) -> None:
    assert [field for field, _ in _errors(DatasetFile, {"path": path, "sha256": "0" * 64})] == ["path"]
    assert DatasetFile.model_validate({"path": "data/communes.json", "sha256": "0" * 64}).path == "data/communes.json"
