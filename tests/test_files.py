"""The package's own files parsed as they are now: once while unchanged, again as soon as they change; and the cache of
what the build makes: made once per key, checked when read, never a reason for a build to fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callcma.files import cached, read_parsed


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


def test_a_cached_file_is_made_once_per_key_and_only_the_last_one_is_kept(tmp_path: Path) -> None:
    made: list[str] = []

    def make(text: str) -> bytes:
        made.append(text)
        return text.encode()

    cache = tmp_path / "cache"
    assert [cached(cache, "faits.xlsx", "k1", lambda: make("un")) for _ in range(2)] == [b"un", b"un"]
    assert cached(cache, "faits.xlsx", "k2", lambda: make("deux")) == b"deux"
    assert cached(cache, "autre.zip", "k1", lambda: make("autre")) == b"autre"
    assert made == ["un", "deux", "autre"]
    assert sorted(path.name.rsplit(".", 1)[0] for path in cache.iterdir()) == ["autre.zip.k1", "faits.xlsx.k2"]


def test_a_damaged_cached_file_is_made_again(tmp_path: Path) -> None:
    cached(tmp_path, "faits.xlsx", "k", lambda: b"vrai")
    [path] = tmp_path.iterdir()
    path.write_bytes(b"faux")
    assert cached(tmp_path, "faits.xlsx", "k", lambda: b"vrai") == b"vrai"
    assert [path.read_bytes() for path in tmp_path.iterdir()] == [b"vrai"]


def test_a_cache_not_kept_is_read_and_never_written(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert cached(cache, "faits.xlsx", "k", lambda: b"fait", keep=False) == b"fait"
    assert not cache.exists()
    cached(cache, "faits.xlsx", "k", lambda: b"fait")
    kept = sorted(cache.iterdir())
    assert cached(cache, "faits.xlsx", "k", lambda: pytest.fail("made again"), keep=False) == b"fait"
    assert cached(cache, "faits.xlsx", "k2", lambda: b"autre", keep=False) == b"autre"
    assert sorted(cache.iterdir()) == kept  # the other key's file neither added nor the first one removed


@pytest.mark.parametrize("cache", ["none", "no key", "a file in the way"])
def test_without_a_usable_cache_the_file_is_made_every_time(tmp_path: Path, cache: str) -> None:
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    folder = None if cache == "none" else tmp_path / "cache"
    key = None if cache == "no key" else "k"
    assert [cached(folder, "faits.xlsx", key, lambda: b"fait") for _ in range(2)] == [b"fait", b"fait"]
    assert [path.name for path in tmp_path.iterdir()] == ["cache"]
