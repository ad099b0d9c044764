"""French alphabetical order: the Unicode Collation Algorithm, which French uses untailored (É sorts with E)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, TypeVar

from pyuca import Collator

T = TypeVar("T")


@functools.cache
def _collator() -> Collator:
    return Collator()  # loading the collation table takes a moment: once per process


def sort_french(items: Iterable[T], attribute: str | None = None) -> list[T]:
    """The items in French alphabetical order, of themselves or of one of their attributes."""

    def key(item: Any) -> tuple[int, ...]:
        return tuple(_collator().sort_key(str(getattr(item, attribute) if attribute else item)))

    return sorted(items, key=key)
