"""Where a value of the merged data came from: its file, line and column, for problems a person can open."""

from __future__ import annotations

from .errors import Loc, Problem, format_loc
from .stages.s1_load import Document


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
