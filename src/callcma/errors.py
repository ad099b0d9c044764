"""The one exception of the project: problems with the data or the settings, each located in its file or variable."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the data, at a place a person can open in an editor."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}: {self.field}" if self.line else self.path
        # One line whatever the data holds: a value quoted in a message may contain line breaks.
        return " ".join(f"{where}: {self.message}".splitlines())

    @classmethod
    def setting(cls, name: str, message: str) -> Problem:
        """A problem with an environment variable: no file, line or field, the variable's name instead."""
        return cls(name, 0, 0, "", message)


class DataError(Exception):
    """Raised by a stage when the data is wrong; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))


def display_path(path: Path, data_dir: Path) -> str:
    """Name a data file as the maintainers see it, e.g. ``data/budget.yaml``."""
    return path.relative_to(data_dir.parent).as_posix()


def format_loc(loc: Loc) -> str:
    """Write a location the way a reader of the YAML would: ``budget[0].citations[1].quote``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(file)"


def show_invisible(text: str) -> str:
    """The text with every character that prints nothing (controls, zero-width and direction marks, odd spaces)
    written visibly as ``<U+200B>``, so that a message shows the difference between two texts that look alike."""
    return "".join(
        character if character == " " or unicodedata.category(character)[0] not in "CZ" else f"<U+{ord(character):04X}>"
        for character in text
    )


def os_error_problem(error: OSError) -> DataError:
    """An operating-system fault that no stage named, as one problem on the file it concerns."""
    return DataError([Problem(str(error.filename or "(system)"), 1, 1, "(system)", f"{error.strerror or error}")])
