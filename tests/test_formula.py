"""Formulas of calculated facts: parsed once, evaluated once, and their rounding checked."""

from __future__ import annotations

import pytest

from callcma.formula import Formula, calculate, decimals
from callcma.model import Fact


def _number(fact_id: str, value: int | float) -> Fact:
    return Fact.model_validate({"id": fact_id, "label": "L", "value": value, "unit": "EUR", "certainty": "attesté", "citations": [{"source": "s", "quote": "une citation"}]})


NUMBERS = {"montant": _number("montant", 140000)}


def test_a_formula_splits_into_two_terms_and_an_operation() -> None:
    assert Formula.parse("montant / 3") == Formula("montant", "/", "3")
    with pytest.raises(ValueError, match="not a formula: 'montant /3'"):
        Formula.parse("montant /3")


def test_a_formula_names_facts_or_writes_numbers_and_gives_the_exact_result() -> None:
    calculation = calculate("montant / 3", NUMBERS)
    assert (calculation.left, calculation.right, calculation.missing) == (NUMBERS["montant"], 3.0, ())
    assert calculation.result == pytest.approx(46666.6667)
    assert calculation.matches(46667) and calculation.matches(46666.67)
    assert not calculation.matches(46666) and not calculation.matches(46666.6)


def test_a_formula_with_unknown_terms_or_a_zero_divisor_has_no_result() -> None:
    unknown = calculate("montant * inconnu", NUMBERS)
    assert (unknown.missing, unknown.result, unknown.divides_by_zero) == (("inconnu",), None, False)
    by_zero = calculate("montant / 0", NUMBERS)
    assert (by_zero.missing, by_zero.result, by_zero.divides_by_zero) == ((), None, True)
    assert not by_zero.matches(0)


@pytest.mark.parametrize(("value", "expected"), [(46667, 0), (46666.67, 2), (0.5, 1), (1e20, 0)])
def test_decimals_counts_the_digits_written_after_the_point(value: float, expected: int) -> None:
    assert decimals(value) == expected
