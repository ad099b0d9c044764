"""The one exception of the project: data problems, each located in its file."""

from __future__ import annotations

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
        # One line whatever the data holds: a value quoted in a message may contain line breaks.
        return " ".join(f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}".splitlines())


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
