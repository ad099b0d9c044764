"""Where a value of the data came from: each file read with the position of its values, and the file, line and column
of any value of the merged data, for problems a person can open."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Loc, Problem, format_loc


@dataclass
class Document:
    """One data file: its plain content and the position of every value and key in it."""

    path: Path
    name: str
    content: dict[str, Any]
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at ``loc``, or of its nearest ancestor that exists."""
        table = self.key_positions if key and loc in self.key_positions else self.positions
        while loc not in table and loc:
            loc = loc[:-1]
            table = self.positions
        return table.get(loc, (1, 1))


class Locator:
    """Finds, for a location in the merged data, the file, line and column it came from."""

    def __init__(self, documents: list[Document]) -> None:
        self.owner: dict[str, Document] = {}
        for document in documents:
            for key in document.content:
                self.owner.setdefault(key, document)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A Problem at ``loc``, pointing into the file that defines its top-level key."""
        document = self.owner.get(str(loc[0])) if loc else None
        if document is None:
            return Problem("data", 1, 1, format_loc(loc), message)
        line, column = document.locate(loc, key=key)
        return Problem(document.name, line, column, format_loc(loc), message)
