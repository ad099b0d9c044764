"""The history of the data: each change to a fact, a commune or a source, commit by commit, read from git.

Two git processes read it: `git log` lists the commits that changed the data folder, newest first, with the blobs
of the files each one changed (a merge: only what differs from every parent), and `git cat-file --batch` gives
those blobs. It depends only on the commit being built: dates are the commits', never the clock's.

Past versions are read with the project's own YAML loader (``load``, the load stage's), then compared by ids, field
by field, without the model: data written in an earlier format still compares, as long as it names its facts by
``id``, its communes by ``insee`` and its sources by ``id``. A version that does not load (invalid then, or refused
by today's loader) is listed as unread, and what changed with it is left out rather than guessed. A clone without
history (shallow), a copy without git, or no commit: the history is unavailable, and says why.
"""

from __future__ import annotations

import dataclasses
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import DataError, show_invisible
from .settings import DATA_FILE_SUFFIX, MAX_DATA_FILE_BYTES, SOURCE_EXTRACT_SUFFIX, SOURCE_TEXT_SUFFIX, SOURCES_FOLDER

# A data file's plain content (the load stage's parse_document(...).content), from its bytes and its name.
Loader = Callable[[bytes, str], dict[str, Any]]
Value = int | float | str | list[str] | None


class Status(StrEnum):
    """Whether the history could be read, and if not, why."""

    AVAILABLE = "available"
    SHALLOW = "shallow"  # a clone without (all of) its history: what it holds depends on its depth, so nothing is shown
    UNAVAILABLE = "unavailable"  # no git, not a repository, no commit yet


class Kind(StrEnum):
    """What a change is about."""

    FACT = "fact"
    COMMUNE = "commune"
    SOURCE = "source"


class Field(StrEnum):
    """What changed; wording.yaml says each in readers' words."""

    ADDED = "added"
    REMOVED = "removed"
    LABEL = "label"
    VALUE = "value"
    DATE = "date"
    UNIT = "unit"
    CERTAINTY = "certainty"
    SPEAKER = "speaker"
    QUOTE = "quote"
    RECORD = "record"
    NAME = "name"
    POSTAL_CODES = "postal_codes"
    TITLE = "title"
    OUTLET = "outlet"
    PUBLISHER = "publisher"
    URL = "url"
    PUBLISHED = "published"
    PHOTO_CREDIT = "photo_credit"
    VERSION = "version"
    VINTAGE = "vintage"
    LICENCE = "licence"
    ARCHIVE = "archive"


# One fact, commune or source of a version: the fields compared.
Item = dict[Field, Value]

# The fields compared, in the order a change lists them, each read from the data's field of the same name.
FACT_FIELDS = (Field.LABEL, Field.VALUE, Field.DATE, Field.UNIT, Field.CERTAINTY, Field.SPEAKER)
COMMUNE_FIELDS = (Field.NAME, Field.POSTAL_CODES)
SOURCE_FIELDS = (Field.TITLE, Field.OUTLET, Field.PUBLISHER, Field.URL, Field.PUBLISHED, Field.PHOTO_CREDIT, Field.VERSION, Field.VINTAGE, Field.LICENCE)
# The data's top-level sections that list communes and sources; facts are found in any section, at any depth.
COMMUNE_SECTIONS = ("communes",)
SOURCE_SECTIONS = ("sources", "datasets")

# A record cited is kept as « <dataset id> <record> ».
RECORD_SEPARATOR = " "
# Commit ids are shown this long: long enough to stay unique, and the same in any clone (git's own abbreviation
# grows with the repository).
SHORT_COMMIT = 12


@dataclass(frozen=True)
class Change:
    """One thing that changed: a field of a fact, a commune or a source, before and after (None: not there)."""

    kind: Kind
    key: str  # the fact's or source's id, the commune's INSEE code
    name: str  # what readers call it: a fact's label, a commune's name, a source's title (as it is after, else before)
    field: Field
    before: Value = None
    after: Value = None
    units: tuple[str | None, str | None] = (None, None)  # a value's unit before and after
    shown_as: Field | None = None  # what before and after are: the field itself, or an added or removed fact's value or date

    def __post_init__(self) -> None:
        if self.shown_as is None:
            object.__setattr__(self, "shown_as", self.field)


@dataclass(frozen=True)
class Unread:
    """A version of a data file that the loader refused: what changed with it is not listed."""

    commit: str
    path: str
    reason: str

    @property
    def short(self) -> str:
        return self.commit[:SHORT_COMMIT]


@dataclass(frozen=True)
class Revision:
    """A commit that changed the data, with what it changed."""

    commit: str
    date: str  # the commit's date, in the committer's own time zone (YYYY-MM-DD)
    message: str  # the first line of its message, with invisible characters shown
    first: bool  # the data's first version: every item is new
    changes: tuple[Change, ...]

    @property
    def short(self) -> str:
        return self.commit[:SHORT_COMMIT]

    def by_kind(self) -> list[tuple[Kind, list[Change]]]:
        """The changes of each kind (facts, then communes, then sources), kinds without changes left out."""
        groups = [(kind, [change for change in self.changes if change.kind == kind]) for kind in Kind]
        return [(kind, changes) for kind, changes in groups if changes]


@dataclass(frozen=True)
class History:
    """The data's corrections, newest first, or why there are none to show."""

    status: Status
    revisions: tuple[Revision, ...] = ()
    unread: tuple[Unread, ...] = ()

    def changes(self) -> Iterator[tuple[Revision, Change]]:
        """Every change with its revision, newest first."""
        for revision in self.revisions:
            for change in revision.changes:
                yield revision, change


# --- reading the repository ---------------------------------------------------------------------------------------

# git's output is the same whatever the user's configuration: no colours, signatures, renames or quoted paths.
_GIT = ("git", "-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "color.ui=false")
_RECORD = "\x1e"
_ZERO_BLOB = "0" * 40
_REGULAR_FILES = ("100644", "100755")


def identity(data_dir: Path) -> str:
    """What the history of ``data_dir`` depends on, in one line: the commit built and whether the clone is shallow."""
    result = _run(data_dir, "rev-parse", "--is-shallow-repository", "HEAD")
    return result.replace("\n", " ") if result is not None else Status.UNAVAILABLE.value


def read_history(data_dir: Path, load: Loader) -> History:
    """The history of the data folder ``data_dir`` in its repository, up to the commit checked out."""
    state = _run(data_dir, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD")
    if state is None:
        return History(Status.UNAVAILABLE)
    shallow, prefix = (state.split("\n") + ["", ""])[:2]
    if shallow == "true":
        return History(Status.SHALLOW)
    log = _run(
        data_dir,
        "log", "--date-order", "--root", "--diff-merges=combined", "--raw", "--no-abbrev", "--no-renames", "-z",
        f"--format={_RECORD}%H%x00%P%x00%cI%x00%s%x00", "HEAD", "--", ".",
    )  # fmt: skip
    if log is None:
        return History(Status.UNAVAILABLE)
    commits = [commit for record in log.split(_RECORD)[1:] if (commit := _parse_commit(record, prefix)) is not None]
    blobs = _read_blobs(data_dir, {blob for commit in commits for change in commit.files for blob in change.blobs})
    return compare_commits(commits, blobs, load)


def _run(folder: Path, *arguments: str) -> str | None:
    """git's output in ``folder``, or None when git is missing or fails (not a repository, no commit)."""
    try:
        result = subprocess.run([*_GIT, "-C", str(folder), *arguments], capture_output=True, check=False)
    except OSError:
        return None
    return result.stdout.decode("utf-8", errors="replace").strip("\n") if result.returncode == 0 else None


@dataclass(frozen=True)
class FileChange:
    """A file of the data folder that a commit changed: its blob in each parent (the zero id: absent), and after."""

    path: str  # relative to the data folder
    parents: tuple[str, ...]
    after: str

    @property
    def blobs(self) -> set[str]:
        return {blob for blob in (*self.parents, self.after) if blob != _ZERO_BLOB}


@dataclass(frozen=True)
class Commit:
    """A commit of the log: its id, parents, date, subject and the data files it changed."""

    id: str
    parents: tuple[str, ...]
    date: str
    message: str
    files: tuple[FileChange, ...]


def _parse_commit(record: str, prefix: str) -> Commit | None:
    """One record of `git log -z --raw`: the format's four fields, then each file as its status line and its path."""
    fields = record.split("\x00")
    if len(fields) < 4:
        return None
    identifier, parents, date, message = fields[:4]
    tokens = iter(token.strip("\n") for token in fields[4:])
    files = []
    for status in tokens:
        if not status.startswith(":"):
            continue  # the empty field between the format and the first file
        path = next(tokens, "")
        if not path.startswith(prefix):
            continue
        # ":100644 100644 <old> <new> M" for one parent, "::100644 100644 100644 <p1> <p2> <new> MM" for a merge:
        # a mode and a blob for each parent, then the result's. A link or a submodule is no data file: absent.
        count = len(status) - len(status.lstrip(":")) + 1
        words = status.lstrip(":").split()
        blobs = [blob if mode in _REGULAR_FILES else _ZERO_BLOB for mode, blob in zip(words[:count], words[count : 2 * count])]
        files.append(FileChange(path.removeprefix(prefix), tuple(blobs[:-1]), blobs[-1]))
    return Commit(identifier, tuple(parents.split()), date[:10], message, tuple(files))


def _read_blobs(folder: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """The content of each blob, by id, in one `git cat-file --batch`; a blob git cannot give is left out."""
    wanted = sorted(blobs)
    if not wanted:
        return {}
    try:
        result = subprocess.run([*_GIT, "-C", str(folder), "cat-file", "--batch"], input="".join(f"{blob}\n" for blob in wanted).encode(), capture_output=True, check=False)
    except OSError:
        return {}
    found: dict[str, bytes] = {}
    output, position = result.stdout, 0
    while (end := output.find(b"\n", position)) >= 0:
        header = output[position:end].decode("ascii", errors="replace").split()
        position = end + 1
        if len(header) != 3 or not header[2].isdigit():
            continue  # "<id> missing"
        size = int(header[2])
        found[header[0]] = output[position : position + size]
        position += size + 1
    return found


# --- comparing versions ---------------------------------------------------------------------------------------------


@dataclass
class _Side:
    """The items of one version of the files a commit changed, by kind and key; and the archived sources it holds."""

    items: dict[tuple[Kind, str], Item] = field(default_factory=dict)
    archives: dict[str, str] = field(default_factory=dict)  # source id → blob


def compare_commits(commits: list[Commit], blobs: dict[str, bytes], load: Loader) -> History:
    """Each commit's changes, compared with its parents' versions of the files it changed; commits changing nothing shown left out."""
    parsed: dict[str, dict[str, Any] | str] = {}  # blob → content, or why it did not load

    def content(blob: str, path: str) -> dict[str, Any] | str:
        if blob not in parsed:
            parsed[blob] = _load(blobs.get(blob), path, load)
        return parsed[blob]

    revisions = []
    unread: dict[tuple[str, str], Unread] = {}
    for commit in commits:
        readable = []
        for change in commit.files:
            if not _is_data_file(change.path):
                if _archive_of(change.path) is not None:
                    readable.append(change)
                continue
            reasons = [(blob, reason) for blob in (*change.parents, change.after) if blob != _ZERO_BLOB and isinstance(reason := content(blob, change.path), str)]
            for blob, reason in reasons:
                if blob == change.after:
                    unread.setdefault((commit.id, change.path), Unread(commit.id, change.path, reason))
            if not reasons:
                readable.append(change)
        after = _side(readable, lambda change: change.after, content)
        parents = [_side(readable, lambda change, index=index: change.parents[index], content) for index in range(len(commit.parents) or 1)]
        changes = compare(parents, after)
        if changes:
            revisions.append(Revision(commit.id, commit.date, _visible(commit.message), False, tuple(changes)))
    # The oldest revision that only adds is the data's first version: the page sums it up instead of listing it.
    if revisions and all(change.field == Field.ADDED for change in revisions[-1].changes):
        revisions[-1] = dataclasses.replace(revisions[-1], first=True)
    return History(Status.AVAILABLE, tuple(revisions), tuple(unread.values()))


def _load(raw: bytes | None, path: str, load: Loader) -> dict[str, Any] | str:
    if raw is None:
        return "not in the repository"
    if len(raw) > MAX_DATA_FILE_BYTES:
        return f"larger than {MAX_DATA_FILE_BYTES} bytes"
    try:
        return load(raw, f"data/{path}")
    except DataError as error:
        return str(error.problems[0]) if error.problems else "refused by the loader"


def _is_data_file(path: str) -> bool:
    return "/" not in path and path.endswith(DATA_FILE_SUFFIX)


def _archive_of(path: str) -> str | None:
    """The source id of an archived text or extract (sources/<id>.txt or .json), else None."""
    parts = PurePosixPath(path)
    if len(parts.parts) == 2 and parts.parts[0] == SOURCES_FOLDER and parts.suffix in (SOURCE_TEXT_SUFFIX, SOURCE_EXTRACT_SUFFIX):
        return parts.stem
    return None


def _side(files: list[FileChange], blob_of: Callable[[FileChange], str], content: Callable[[str, str], dict[str, Any] | str]) -> _Side:
    side = _Side()
    for change in files:
        blob = blob_of(change)
        if blob == _ZERO_BLOB:
            continue
        if (source := _archive_of(change.path)) is not None:
            side.archives[source] = blob
            continue
        loaded = content(blob, change.path)
        assert not isinstance(loaded, str)  # unreadable files were left out
        for key, values in items(loaded).items():
            side.items.setdefault(key, values)
    return side


def compare(parents: list[_Side], after: _Side) -> list[Change]:
    """What ``after`` changed from its parents: for a merge, only what differs from every parent (its own changes)."""
    first = parents[0]
    changes: list[Change] = []
    for key in sorted(first.items.keys() | after.items.keys(), key=_order):
        new = after.items.get(key)
        if any(parent.items.get(key) == new for parent in parents):
            continue
        changes.extend(_item_changes(*key, first.items.get(key), new))
    for source in sorted(first.archives.keys() & after.archives.keys()):
        if all(parent.archives.get(source) != after.archives[source] for parent in parents):
            changes.append(Change(Kind.SOURCE, source, source, Field.ARCHIVE))
    return changes


def _order(key: tuple[Kind, str]) -> tuple[int, str]:
    return list(Kind).index(key[0]), key[1]


_NAMED_BY = {Kind.FACT: Field.LABEL, Kind.COMMUNE: Field.NAME, Kind.SOURCE: Field.TITLE}
_COMPARED = {Kind.FACT: FACT_FIELDS, Kind.COMMUNE: COMMUNE_FIELDS, Kind.SOURCE: SOURCE_FIELDS}


def _item_changes(kind: Kind, key: str, before: Item | None, after: Item | None) -> list[Change]:
    """The changes of one item: added, removed, or each field that differs (quotes and records one by one)."""
    shown = after or before or {}
    name = str(shown.get(_NAMED_BY[kind]) or key)
    if before is None or after is None:
        # An added or removed fact shows its value (or date) beside its label; a commune or a source, its name.
        shown_as = Field.DATE if Field.DATE in shown else Field.VALUE
        summary = shown.get(shown_as) if kind == Kind.FACT else None
        units = (shown.get(Field.UNIT),) * 2
        if before is None:
            return [Change(kind, key, name, Field.ADDED, None, summary, units, shown_as)]  # type: ignore[arg-type]
        return [Change(kind, key, name, Field.REMOVED, summary, None, units, shown_as)]  # type: ignore[arg-type]
    units = (before.get(Field.UNIT), after.get(Field.UNIT))
    changes = [
        Change(kind, key, name, compared, before.get(compared), after.get(compared), units)  # type: ignore[arg-type]
        for compared in _COMPARED[kind]
        # A unit that changes with its value is shown with it, each side with its own.
        if before.get(compared) != after.get(compared) and not (compared == Field.UNIT and before.get(Field.VALUE) != after.get(Field.VALUE))
    ]
    for compared in (Field.QUOTE, Field.RECORD):
        old, new = _texts(before.get(compared)), _texts(after.get(compared))
        removed, added = [text for text in old if text not in new], [text for text in new if text not in old]
        # A quote replaced by another is one change, before → after; what remains was only removed or only added.
        for index in range(max(len(removed), len(added))):
            changes.append(Change(kind, key, name, compared, removed[index] if index < len(removed) else None, added[index] if index < len(added) else None))
    return changes


def _texts(value: Value) -> list[str]:
    return value if isinstance(value, list) else []


def items(content: dict[str, Any]) -> dict[tuple[Kind, str], Item]:
    """The facts, communes and sources of one data file's content, by kind and key, with the fields compared."""
    found: dict[tuple[Kind, str], Item] = {}
    for section, entries in content.items():
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict):
                continue
            if section in COMMUNE_SECTIONS and isinstance(entry.get("insee"), str):
                found.setdefault((Kind.COMMUNE, entry["insee"]), _fields(entry, COMMUNE_FIELDS))
            elif section in SOURCE_SECTIONS and isinstance(entry.get("id"), str):
                found.setdefault((Kind.SOURCE, entry["id"]), _fields(entry, SOURCE_FIELDS))
            else:
                for fact, owner in _facts(entry, None):
                    found.setdefault((Kind.FACT, fact["id"]), _fact_fields(fact, owner))
    return found


def _facts(value: Any, owner: str | None) -> Iterator[tuple[dict[str, Any], str | None]]:
    """Every mapping under ``value`` that is a fact or an event (an id, and a value or a date), with the name of
    what it is a fact of, if anything (a person, a partner, an axis: « Alain Griset », whose fact is « Fonction »)."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and ("value" in value or "date" in value):
            yield value, owner
        name = value.get("name", value.get("title"))
        for child in value.values():
            yield from _facts(child, name if isinstance(name, str) else owner)
    elif isinstance(value, list):
        for child in value:
            yield from _facts(child, owner)


def _fields(entry: dict[str, Any], names: tuple[Field, ...]) -> Item:
    return {name: _plain(entry[name.value]) for name in names if entry.get(name.value) is not None}


def _fact_fields(fact: dict[str, Any], owner: str | None) -> Item:
    values = _fields(fact, (Field.LABEL, Field.VALUE, Field.UNIT, Field.CERTAINTY, Field.SPEAKER))
    if owner is not None and isinstance(values.get(Field.LABEL), str):
        values[Field.LABEL] = f"{owner} — {values[Field.LABEL]}"
    if "date" in fact:
        values[Field.DATE] = "/".join(str(part) for part in (fact.get("date"), fact.get("end")) if part is not None)
    citations = [citation for citation in fact.get("citations") or [] if isinstance(citation, dict)] if isinstance(fact.get("citations"), list) else []
    quotes = [str(citation["quote"]) for citation in citations if citation.get("quote") is not None]
    records = [f"{citation.get('source')}{RECORD_SEPARATOR}{citation['record']}" for citation in citations if citation.get("record") is not None]
    return values | ({Field.QUOTE: quotes} if quotes else {}) | ({Field.RECORD: records} if records else {})


def _plain(value: Any) -> Value:
    """A value as the history keeps it: numbers and texts as they are, a list as texts, anything else as text."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float, str)):
        return value
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


def _visible(text: str) -> str:
    """A commit message as one line of text: controls and invisible format characters written as <U+XXXX>."""
    return show_invisible(" ".join(text.split()))
