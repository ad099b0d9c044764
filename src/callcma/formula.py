"""Calculated facts: a formula over two facts, parsed once and evaluated once, with the unit its operands give.

A formula names facts, never numbers: a number written in a formula would be proven by no source. Its result's
unit follows from its operands' (euros ÷ years = euros per year); the references check compares both with the fact.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports this module to check a formula's syntax
    from .model import Fact, Unit


@dataclass(frozen=True)
class Operator:
    """One operation a formula may use: as the data writes it, as a page shows it, what it computes."""

    symbol: str
    shown: str
    apply: Callable[[float, float], float]


# The one table of operations: the syntax, its hint, the evaluation and the pages' signs all come from it.
OPERATORS = {op.symbol: op for op in (Operator("+", "+", operator.add), Operator("-", "−", operator.sub), Operator("*", "×", operator.mul), Operator("/", "÷", operator.truediv))}
_TERM = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SYNTAX = re.compile(rf"^(?P<left>{_TERM}) (?P<symbol>{'|'.join(map(re.escape, OPERATORS))}) (?P<right>{_TERM})$")
SYNTAX_HINT = f"'<fact id> <{'|'.join(OPERATORS)}> <fact id>', e.g. 'budget-montant / budget-duree'"
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class Formula:
    """A checked formula: two terms, each a fact id, and an operation."""

    left: str
    symbol: str
    right: str

    @classmethod
    def parse(cls, text: str) -> Formula:
        """Split a formula that the model has checked; anything else is a programming error."""
        match = SYNTAX.match(text)
        if match is None:
            raise ValueError(f"not a formula: {text!r}")
        return cls(match["left"], match["symbol"], match["right"])

    @property
    def operator(self) -> Operator:
        return OPERATORS[self.symbol]

    @property
    def terms(self) -> tuple[str, str]:
        return self.left, self.right


@dataclass(frozen=True)
class Calculation:
    """A formula evaluated over the facts it names; the exact result, if any.

    ``missing`` lists the terms that name no fact with a number, ``numbers`` those that write a number instead of
    naming a fact; the result is then unknown (None), as it is for a division by zero.
    """

    formula: Formula
    left: Fact | None
    right: Fact | None
    missing: tuple[str, ...]
    numbers: tuple[str, ...]
    result: float | None

    @property
    def divides_by_zero(self) -> bool:
        return self.formula.symbol == "/" and self.right is not None and _as_float(self.right.value) == 0

    def matches(self, value: int | float) -> bool:
        """Whether ``value`` is the result rounded to the nearest, to as many decimals as ``value`` is written with."""
        return self.result is not None and abs(self.result - _as_float(value)) <= 0.5 * 10 ** -decimals(value)


def calculate(text: str, numbers: Mapping[str, Fact]) -> Calculation:
    """Evaluate a formula over the facts with a number, by id."""
    formula = Formula.parse(text)
    operands = [numbers.get(term) for term in formula.terms]
    written = tuple(term for term in formula.terms if _NUMBER.fullmatch(term) and term not in numbers)
    missing = tuple(term for term, operand in zip(formula.terms, operands) if operand is None and term not in written)
    result = None
    if operands[0] is not None and operands[1] is not None:
        left, right = (_as_float(operand.value) for operand in operands if operand is not None)
        if not (formula.symbol == "/" and right == 0):
            result = formula.operator.apply(left, right)
    return Calculation(formula, operands[0], operands[1], missing, written, result)


def result_unit(calculation: Calculation, units: Mapping[str, Unit]) -> str | None:
    """The unit of the formula's result, from its operands' units; ValueError when the units list has none.

    A sum or a difference keeps the unit both operands share; a quotient of two numbers of one unit has none
    (a ratio), and one of two units is the unit whose ``per`` names them (EUR ÷ ans = EUR-par-an); a product
    of a quotient by its divisor gives back the unit divided (EUR-par-an × ans = EUR); a number without unit
    keeps the other's.
    """
    assert calculation.left is not None and calculation.right is not None
    left, right, symbol = calculation.left.unit, calculation.right.unit, calculation.formula.symbol
    quotients = {tuple(unit.per): unit.id for unit in units.values() if unit.per}
    if symbol in "+-" and left == right:
        return left
    if symbol == "/" and left == right:
        return None
    if symbol == "/" and (left, right) in quotients:
        return quotients[(left, right)]
    if right is None and symbol in "*/" or left is None and symbol == "*":
        return left or right
    if symbol == "*":
        for (divided, divisor), quotient in quotients.items():
            if {left, right} == {quotient, divisor}:
                return divided
    shown = OPERATORS[symbol].shown
    raise ValueError(f"{left or 'a number'} {shown} {right or 'a number'} gives no unit of the units list")


def decimals(value: int | float) -> int:
    """How many decimals a number is written with: 46667 has none, 46666.67 two."""
    written = str(value)
    return len(written.split(".")[1]) if "." in written and "e" not in written.lower() else 0


def _as_float(value: int | float | str) -> float:
    """A number as a float; one too large for a float is infinite, never an exception."""
    try:
        return float(value)
    except OverflowError:
        return math.inf
