"""The package's own files parsed as they are now: once while unchanged, again as soon as they change."""

from __future__ import annotations

import os
from pathlib import Path

from callcma.files import read_parsed


def test_a_file_is_parsed_once_while_unchanged_and_again_once_changed(tmp_path: Path) -> None:
    path = tmp_path / "mots.yaml"
    path.write_bytes(b"un")
    parsed: list[bytes] = []

    def parse(content: bytes) -> str:
        parsed.append(content)
        return content.decode().upper()

    assert [read_parsed(path, parse) for _ in range(3)] == ["UN", "UN", "UN"]
    path.write_bytes(b"deux")
    assert read_parsed(path, parse) == "DEUX"
    os.utime(path, ns=(1, 1))  # same size, another modification time: read again
    path.write_bytes(b"tres")
    os.utime(path, ns=(2, 2))
    assert read_parsed(path, parse) == "TRES"
    assert parsed == [b"un", b"deux", b"tres"]
