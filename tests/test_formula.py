"""Formulas of calculated facts: parsed once, evaluated once, their units combined and their rounding checked."""

from __future__ import annotations

import re

import pytest

from callcma.formula import OPERATORS, Formula, calculate, decimals, result_unit
from callcma.model import Fact, Unit


def _number(fact_id: str, value: int | float, unit: str | None = "EUR") -> Fact:
    return Fact.model_validate({"id": fact_id, "label": "L", "value": value, "unit": unit, "certainty": "attesté", "citations": [{"source": "s", "quote": "une citation"}]})


NUMBERS = {"montant": _number("montant", 140000), "duree": _number("duree", 3, "ans"), "axes": _number("axes", 3, "axes"), "zero": _number("zero", 0, None)}
UNITS = {
    unit.id: unit
    for unit in (
        Unit(id="EUR", symbol="€", words=["euros"]),
        Unit(id="ans", singular="an", plural="ans", words=["ans"]),
        Unit(id="axes", singular="axe", plural="axes", words=["axes"]),
        Unit(id="EUR-par-an", symbol="€ par an", per=["EUR", "ans"], words=["euros par an"]),
    )
}


def test_a_formula_splits_into_two_terms_and_an_operation_of_the_one_table() -> None:
    formula = Formula.parse("montant / duree")
    assert formula == Formula("montant", "/", "duree")
    assert (formula.operator.shown, formula.terms) == ("÷", ("montant", "duree"))
    assert [OPERATORS[symbol].apply(6, 3) for symbol in "+-*/"] == [9, 3, 18, 2]
    with pytest.raises(ValueError, match="not a formula: 'montant /3'"):
        Formula.parse("montant /3")


def test_a_formula_names_facts_and_gives_the_exact_result_rounded_to_the_nearest() -> None:
    calculation = calculate("montant / duree", NUMBERS)
    assert (calculation.left, calculation.right, calculation.missing, calculation.numbers) == (NUMBERS["montant"], NUMBERS["duree"], (), ())
    assert calculation.result == pytest.approx(46666.6667)
    assert calculation.matches(46667) and calculation.matches(46666.67)
    assert not calculation.matches(46666) and not calculation.matches(46666.6)


def test_a_number_written_in_a_formula_is_no_operand() -> None:
    calculation = calculate("montant / 4", NUMBERS)
    assert (calculation.right, calculation.missing, calculation.numbers, calculation.result) == (None, (), ("4",), None)


def test_a_formula_with_unknown_terms_or_a_zero_divisor_has_no_result() -> None:
    unknown = calculate("montant * inconnu", NUMBERS)
    assert (unknown.missing, unknown.result, unknown.divides_by_zero) == (("inconnu",), None, False)
    by_zero = calculate("montant / zero", NUMBERS)
    assert (by_zero.missing, by_zero.result, by_zero.divides_by_zero) == ((), None, True)
    assert not by_zero.matches(0)


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("montant / duree", "EUR-par-an"),
        ("montant + montant", "EUR"),
        ("montant / montant", None),
        ("montant / zero", "EUR"),
        ("zero * duree", "ans"),
        ("moyenne * duree", "EUR"),
        ("duree * moyenne", "EUR"),
    ],
)
def test_the_result_unit_follows_from_the_operands(formula: str, expected: str | None) -> None:
    numbers = NUMBERS | {"moyenne": _number("moyenne", 46667, "EUR-par-an")}
    assert result_unit(calculate(formula, numbers), UNITS) == expected


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("montant / axes", "EUR ÷ axes gives no unit of the units list"),
        ("montant * duree", "EUR × ans gives no unit of the units list"),
        ("montant + duree", "EUR + ans gives no unit of the units list"),
        ("zero / duree", "a number ÷ ans gives no unit of the units list"),
    ],
)
def test_units_that_do_not_combine_are_refused(formula: str, expected: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        result_unit(calculate(formula, NUMBERS), UNITS)


@pytest.mark.parametrize(("value", "expected"), [(46667, 0), (46666.67, 2), (0.5, 1), (1e20, 0)])
def test_decimals_counts_the_digits_written_after_the_point(value: float, expected: int) -> None:
    assert decimals(value) == expected
