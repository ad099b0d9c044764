"""Load stage: read data/*.yaml safely into plain values, remembering where each value stands."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure Python loader alone
    CParser = None

from ..errors import DataError, Loc, Problem, display_path, format_loc, show_invisible
from ..files import read_inside
from ..locator import Document
from ..settings import DATA_FILE_SUFFIX, MAX_DATA_FILE_BYTES, SOURCE_TEXT_SUFFIX, SOURCES_FOLDER


_ALIAS_TAG = "tag:callcma,2024:alias"
_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _AliasAsNode(Composer):
    """An alias becomes a node of its own, where it is written, for the builder to refuse: never a shared value."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return yaml.ScalarNode(_ALIAS_TAG, f"*{event.anchor}", event.start_mark, event.end_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]


class _Loader(_AliasAsNode, yaml.SafeLoader):
    """Safe YAML without implicit timestamps (dates stay text until the model checks them), all in Python.

    Its error messages are the ones reported: they name the offending character, libyaml's do not.
    """

    yaml_implicit_resolvers = _NO_TIMESTAMPS


if CParser is not None:

    class _FastLoader(_AliasAsNode, CParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """The same loader with libyaml's scanner and parser, ten times faster; nodes are still composed in Python,
        where nesting too deep is a RecursionError instead of a crash of the C stack."""

        yaml_implicit_resolvers = _NO_TIMESTAMPS
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)


_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {yaml.MappingNode: f"{_TAG}map", yaml.SequenceNode: f"{_TAG}seq"}
# Invisible controls and lone surrogates, which a double-quoted escape ("\x02", "\ud800") can still put in a text:
# they would print nothing, break UTF-8 output, or collide with the placeholders Python-Markdown uses internally.
_FORBIDDEN_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Invisible format characters (Unicode category Cf): zero-width spaces and joiners, soft hyphens, and the
# bidirectional controls that show a text in another order than it is written (U+202E, U+2066…).
_FORMAT_CATEGORY = "Cf"
# Numbers as YAML 1.2 and a reader both read them: plain decimal digits. YAML 1.1, which PyYAML follows, also reads
# 036 as octal 30, 12:30 as 750 (base 60), 0x24, 1_000, 1e3 and +5; the booleans yes, no, on and off.
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_BOOLEANS = ("true", "false", "True", "False", "TRUE", "FALSE")


def load_documents(data_dir: Path) -> list[Document]:
    """Read every ``*.yaml`` file of ``data_dir``; raise one DataError listing all file problems.

    Any other entry of the folder (but the sources folder) is a problem too: nothing there is silently ignored.
    """
    try:
        entries = sorted(data_dir.iterdir())
    except OSError as error:
        reason = "data folder not found" if isinstance(error, FileNotFoundError) else f"cannot read the data folder: {error.strerror or error}"
        raise DataError([Problem(data_dir.as_posix(), 1, 1, "(folder)", f"{reason}; expected a folder of *{DATA_FILE_SUFFIX} files")]) from None
    documents: list[Document] = []
    problems: list[Problem] = []
    for path in entries:
        name = display_path(path, data_dir)
        if path.name == SOURCES_FOLDER:
            continue  # the check stage reads the archived texts, and refuses any file there that no source names
        if not path.name.endswith(DATA_FILE_SUFFIX):
            problems.append(Problem(name, 1, 1, "(file)", f"not read by the build; a data file is named <section>{DATA_FILE_SUFFIX} directly in data/, and sources are archived as data/{SOURCES_FOLDER}/<id>{SOURCE_TEXT_SUFFIX}"))
            continue
        try:
            documents.append(load_document(path, name, data_dir))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return documents


def load_document(path: Path, name: str, folder: Path | None = None) -> Document:
    """Read one YAML file, a regular file inside ``folder`` (its own folder by default), refusing anything but plain YAML data."""
    return parse_document(read_inside(path, name, folder or path.parent, MAX_DATA_FILE_BYTES), name, path)


def parse_document(raw: bytes, name: str, path: Path | None = None) -> Document:
    """The plain content of a data file's bytes (read from disk, or a past version from the history), as load_document."""
    text = _decode(raw, name)
    node = _compose(text, name)
    if node is None:
        raise _error(name, 1, 1, "(file)", "file is empty; expected top-level sections such as 'budget:'")
    document = Document(path=path or Path(name), name=name, content={})
    builder = _Builder(document)
    content = builder.build(node, ())
    if builder.problems:
        raise DataError(builder.problems)
    if not isinstance(content, dict):
        raise _error(name, *_position(node), "(file)", f"expected top-level sections such as 'budget:' (got a {_kind(node)})")
    document.content = content
    return document


def _decode(raw: bytes, name: str) -> str:
    """The file's text in NFC, refusing a file not saved as UTF-8.

    NFC: an « é » typed as e + combining accent (NFD, as some systems save it) is then the same text as « é ».
    """
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", errors="replace")) + 1  # in characters, as editors count
        raise _error(name, line, column, "(file)", f"file is not UTF-8; save it as UTF-8 (got byte 0x{raw[exc.start]:02x})") from None


def _compose(text: str, name: str) -> yaml.Node | None:
    """Parse the text into YAML nodes, without building any value yet."""
    if CParser is not None:
        fast = _FastLoader(text)
        try:
            return fast.get_single_node()  # type: ignore[no-any-return]
        except (yaml.YAMLError, RecursionError):
            pass  # parsed again below, for the message
        finally:
            fast.dispose()
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the reader refuses control characters here already
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(name, exc) from None
    except yaml.reader.ReaderError as exc:
        line, column = _text_position(text, exc.position)
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise _error(name, line, column, "(yaml)", f"invalid YAML: control character {character} is not allowed; remove it") from None
    except RecursionError:
        raise _error(name, 1, 1, "(yaml)", "invalid YAML: lists or mappings nested too deeply; a data file needs a few levels") from None
    finally:
        if loader is not None:
            loader.dispose()


class _Builder:
    """Turns YAML nodes into plain values, recording positions and every refused construct."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.constructor = _Loader("")

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        """The plain value of ``node``; a refused construct becomes a problem and the value None."""
        self.document.positions[loc] = _position(node)
        if node.tag == _ALIAS_TAG:
            return self._refuse(node, loc, f"aliases are not allowed; write the value out (got {node.value})")
        expected = _COLLECTION_TAGS.get(type(node))
        if node.tag != expected and (expected or node.tag not in _PLAIN_TAGS):
            return self._refuse(node, loc, f"YAML tags are not allowed; write plain text, numbers, lists and mappings (got {_show_tag(node.tag)})")
        if isinstance(node, yaml.MappingNode):
            return self._build_mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (index,)) for index, item in enumerate(node.value)]
        return self._build_scalar(node, loc)

    def _build_mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and self._has_forbidden_character(key_node, loc):
                continue
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<":
                self._refuse(key_node, loc, "merge keys (<<) are not allowed; write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_TAG}str":
                shown = repr(key_node.value) if isinstance(key_node, yaml.ScalarNode) else f"a {_kind(key_node)}"
                self._refuse(key_node, loc, f"keys must be field names written as plain text (got {shown})")
                continue
            key = unicodedata.normalize("NFC", key_node.value)
            if key in result:
                first = self.document.key_positions[loc + (key,)][0]
                self._refuse(key_node, loc + (key,), f"duplicate key; each field may appear once (first defined on line {first})")
                continue
            self.document.key_positions[loc + (key,)] = _position(key_node)
            result[key] = self.build(value_node, loc + (key,))
        return result

    def _build_scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        if self._has_forbidden_character(node, loc):
            return None
        if node.tag in (f"{_TAG}int", f"{_TAG}float") and not _DECIMAL.fullmatch(node.value):
            return self._refuse(node, loc, f"number written in a form YAML 1.1 reads differently; write plain decimal digits such as 36 or 2.5, or quote it to make it a text (got {node.value})")
        if node.tag == f"{_TAG}bool" and node.value not in _BOOLEANS:
            return self._refuse(node, loc, f"YAML 1.1 reads this as true or false; write true or false, or quote it to make it a text (got {node.value})")
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError:  # Python refuses to read integers of more than 4300 digits
            return self._refuse(node, loc, f"number too long; expected at most 4300 digits (got {len(node.value)} characters)")
        if isinstance(value, float) and not math.isfinite(value):
            return self._refuse(node, loc, f"expected a finite number (got {node.value})")
        # Spaces and line breaks at the edges of a text (a quoted " x ", the last newline of a | block) mean
        # nothing on a page, and in Markdown they would undo the bold or start a code block around the text.
        # NFC again: a double-quoted escape ("e\u0301") can still write a decomposed letter.
        return unicodedata.normalize("NFC", value.strip()) if isinstance(value, str) else value

    def _has_forbidden_character(self, node: yaml.ScalarNode, loc: Loc) -> bool:
        match = _FORBIDDEN_CHARACTER.search(node.value)
        found = match[0] if match else next((character for character in node.value if unicodedata.category(character) == _FORMAT_CATEGORY), None)
        if found is not None:
            kind = "an invisible control or broken Unicode" if match else "an invisible format or text-direction character"
            self._refuse(node, loc, f"character U+{ord(found):04X} is not allowed in text ({kind}); remove it (got '{show_invisible(node.value[:40])}')")
        return found is not None

    def _refuse(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.document.name, *_position(node), format_loc(loc), message))


def _syntax_error(name: str, exc: yaml.MarkedYAMLError) -> DataError:
    """Describe a YAML syntax error at its mark, with a hint for the usual tab mistake."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"invalid YAML: {exc.problem or exc.context}"
    if "'\\t'" in message:
        message += "; indent with spaces, never tabs"
    elif "another document" in message:
        message = "invalid YAML: a second document starts here; a data file holds one, remove the '---'"
    return _error(name, line, column, "(yaml)", message)


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _text_position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _kind(node: yaml.Node) -> str:
    return {yaml.SequenceNode: "list", yaml.ScalarNode: "single value"}.get(type(node), "mapping")


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _error(name: str, line: int, column: int, field_path: str, message: str) -> DataError:
    return DataError([Problem(name, line, column, field_path, message)])
