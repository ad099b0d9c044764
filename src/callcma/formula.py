"""Calculated facts: a formula of two operands, parsed once and evaluated once; validate checks it, render shows it."""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model imports this module to check a formula's syntax
    from .model import Fact

_TERM = r"[a-z0-9-]+|\d+(?:\.\d+)?"
SYNTAX = re.compile(rf"^(?P<left>{_TERM}) (?P<symbol>[-+*/]) (?P<right>{_TERM})$")
SYNTAX_HINT = "'<fact id or number> <+|-|*|/> <fact id or number>', e.g. 'budget-montant / budget-duree'"
OPERATIONS: dict[str, Callable[[float, float], float]] = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Formula:
    """A checked formula: two terms, each a fact id or a number written in the formula, and an operation."""

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



@dataclass(frozen=True)
class Calculation:
    """A formula evaluated: each operand is the fact it names or the number it writes; the exact result, if any.

    ``missing`` lists the terms that name no fact with a number; the result is then unknown (None), as it is
    for a division by zero.
    """

    formula: Formula
    left: Fact | float | None
    right: Fact | float | None
    missing: tuple[str, ...]
    result: float | None

    @property
    def divides_by_zero(self) -> bool:
        return self.formula.symbol == "/" and self.right is not None and _number(self.right) == 0

    def matches(self, value: int | float) -> bool:
        """Whether ``value`` is the result rounded to as many decimals as ``value`` is written with."""
        return self.result is not None and abs(self.result - _as_float(value)) <= 0.5 * 10 ** -decimals(value)


def calculate(text: str, numbers: Mapping[str, Fact]) -> Calculation:
    """Evaluate a formula over the facts with a number, by id."""
    formula = Formula.parse(text)
    operands = [_operand(term, numbers) for term in (formula.left, formula.right)]
    missing = tuple(term for term, operand in zip((formula.left, formula.right), operands) if operand is None)
    result = None
    if not missing:
        left, right = (_number(operand) for operand in operands if operand is not None)
        if not (formula.symbol == "/" and right == 0):
            result = OPERATIONS[formula.symbol](left, right)
    return Calculation(formula, operands[0], operands[1], missing, result)


def decimals(value: int | float) -> int:
    """How many decimals a number is written with: 46667 has none, 46666.67 two."""
    written = str(value)
    return len(written.split(".")[1]) if "." in written and "e" not in written.lower() else 0


def _operand(term: str, numbers: Mapping[str, Fact]) -> Fact | float | None:
    if _NUMBER.fullmatch(term):
        return float(term)
    return numbers.get(term)


def _number(operand: Fact | float) -> float:
    return operand if isinstance(operand, float) else _as_float(operand.value)


def _as_float(value: int | float | str) -> float:
    """A number as a float; one too large for a float is infinite, never an exception."""
    try:
        return float(value)
    except OverflowError:
        return math.inf
