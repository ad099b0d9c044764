"""Load stage: read data/*.yaml safely into plain values, remembering where each value stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Loc, Problem, display_path, format_loc
from .settings import MAX_DATA_FILE_BYTES

class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay text until the model checks them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}


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


def load_documents(data_dir: Path) -> list[Document]:
    """Read every ``*.yaml`` file of ``data_dir``; raise one DataError listing all file problems."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for path in sorted(data_dir.glob("*.yaml")):
        try:
            documents.append(load_document(path, display_path(path, data_dir)))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return documents


def load_document(path: Path, name: str) -> Document:
    """Read one YAML file into a Document, refusing anything but plain YAML data."""
    raw = path.read_bytes()
    if len(raw) > MAX_DATA_FILE_BYTES:
        size = f"{len(raw) / 1_000_000:.1f} MB"
        raise _error(name, 1, 1, "file", f"file is {size}; a data file may hold at most {MAX_DATA_FILE_BYTES // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(name, line, column, "file", f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(name, exc) from None
    finally:
        loader.dispose()
    if node is None:
        raise _error(name, 1, 1, "file", "file is empty; expected a mapping of top-level keys")
    document = Document(path=path, name=name, content={})
    content = _build(node, (), document, _Loader(""), set())
    if not isinstance(content, dict):
        line, column = _position(node)
        raise _error(name, line, column, "file", f"expected a mapping of top-level keys, got a {_kind(node)}")
    document.content = content
    return document


def _build(node: yaml.Node, loc: Loc, document: Document, loader: _Loader, seen: set[int]) -> Any:
    """Turn a YAML node into plain values, recording positions; refuse aliases, tags and duplicates."""
    if id(node) in seen:
        raise _error(document.name, *_position(node), format_loc(loc), "anchors and aliases (*name) are not allowed; write the value out")
    seen.add(id(node))
    document.positions[loc] = _position(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise _error(document.name, *_position(key_node), format_loc(loc), f"keys must be plain text, got {key_node.value!r}")
            key = key_node.value
            if key == "<<":
                raise _error(document.name, *_position(key_node), format_loc(loc), "merge keys (<<) are not allowed; write the fields out")
            if key in result:
                first = document.key_positions[loc + (key,)][0]
                raise _error(document.name, *_position(key_node), format_loc(loc + (key,)), f"duplicate key {key!r} (first defined on line {first})")
            document.key_positions[loc + (key,)] = _position(key_node)
            result[key] = _build(value_node, loc + (key,), document, loader, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, loc + (index,), document, loader, seen) for index, item in enumerate(node.value)]
    if node.tag not in _PLAIN_TAGS:
        raise _error(document.name, *_position(node), format_loc(loc), f"YAML tag {node.tag!r} is not allowed; only plain text, numbers, booleans and null")
    return loader.construct_object(node, deep=True)


def _syntax_error(name: str, exc: yaml.MarkedYAMLError) -> DataError:
    """Describe a YAML syntax error at its mark, with a hint for the usual tab mistake."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"invalid YAML: {exc.problem or exc.context}"
    if "'\\t'" in message:
        message += " (indent with spaces, never tabs)"
    return _error(name, line, column, "yaml", message)


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _kind(node: yaml.Node) -> str:
    return {yaml.SequenceNode: "list", yaml.ScalarNode: "single value"}.get(type(node), "mapping")


def _error(name: str, line: int, column: int, field_path: str, message: str) -> DataError:
    return DataError([Problem(name, line, column, field_path, message)])
