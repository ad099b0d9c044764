"""Settings are data too: each environment variable is validated once, a bad one is one line and nothing runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callcma import cli
from callcma.errors import DataError
from callcma.settings import (
    BUILD_DATE_EXPECTED,
    CONTACT_EXPECTED,
    PUBLISHER_EXPECTED,
    REPOSITORY_URL_EXPECTED,
    SITE_URL_EXPECTED,
    Publication,
    Settings,
    last_commit_epoch,
)
from helpers import PROJECT

UNSET = {"SOURCE_DATE_EPOCH": "1700000000"}


def settings(**environment: str) -> Settings:
    return Settings.from_environment(PROJECT.root, UNSET | environment)


def refusals(**environment: str) -> list[str]:
    with pytest.raises(DataError) as caught:
        settings(**environment)
    return [str(problem) for problem in caught.value.problems]


def test_unset_means_unset_and_the_build_is_dated_from_the_last_commit() -> None:
    assert settings().publication == Publication()
    assert Settings.from_environment(PROJECT.root, {}).build_epoch == last_commit_epoch(PROJECT.root) is not None
    assert Settings.from_environment(Path("/"), {}).build_epoch is None  # outside a checkout: undated, never the clock


def test_good_values_are_kept_and_the_site_address_ends_with_a_slash() -> None:
    read = settings(
        CALLCMA_SITE_URL="https://exemple.org/convention",
        SOURCE_DATE_EPOCH="1796291377",
        CALLCMA_PUBLISHER="  Association « Les amis de l’artisanat » & co  ",
        CALLCMA_REPOSITORY_URL="https://forge.exemple.org/convention?tab=issues",
        CALLCMA_CONTACT="contact@exemple.org",
    )
    assert read.build_epoch == 1796291377 and read.build_date.isoformat() == "2026-12-03"
    assert read.publication == Publication(
        site_url="https://exemple.org/convention/",
        publisher="Association « Les amis de l’artisanat » & co",  # shown escaped, like any data
        repository_url="https://forge.exemple.org/convention?tab=issues",
        contact="contact@exemple.org",
    )
    assert read.publication.contact_url == "mailto:contact@exemple.org"
    assert settings(CALLCMA_CONTACT="https://exemple.org/contact").publication.contact_url == "https://exemple.org/contact"
    assert settings(CALLCMA_CONTACT="mailto:contact@exemple.org").publication.contact_url == "mailto:contact@exemple.org"
    for address in ("http://localhost:8000/", "https://exemple.org", "https://exemple.org/a%22b/~c_d.e-f/", "https://192.0.2.1/site/"):
        assert settings(CALLCMA_SITE_URL=address).publication.site_url == address.rstrip("/") + "/"


@pytest.mark.parametrize(
    "value",
    [
        'https://exemple.org/"><script>alert(1)</script>/',  # issue 17: a live script on every page and in sitemap.xml
        "https://exemple.org/\n<script>alert(1)</script>",
        "https://exemple.org/convention/\n",
        "https://exemple.org/ convention/",
        "https://exemple.org/?q=1",
        "https://exemple.org/#haut",
        "https://moi:secret@exemple.org/",
        "https://exemple.org/l'artisanat/",
        "https://exemple.org/a<b/",
        "https://exemple.org/é/",
        "https://exémple.org/",
        "javascript:alert(1)",
        "//exemple.org/",
        "/convention/",
        "ftp://exemple.org/",
        "https:///convention/",
        "https://exemple.org:99999/",
        "",
    ],
)
def test_a_site_address_with_anything_but_a_host_and_a_plain_path_is_refused(value: str) -> None:
    assert refusals(CALLCMA_SITE_URL=value) == [f"CALLCMA_SITE_URL: {SITE_URL_EXPECTED} (got '{value}')".replace("\n", "<U+000A>")]


@pytest.mark.parametrize("value", ["-1", "99999999999", "abc", "", " 1700000000", "+1700000000", "1_700_000_000", "1700000000.5", "315532799", "4133980800", "١٧٠٠٠٠٠٠٠٠"])
def test_a_build_date_that_is_not_whole_seconds_from_1980_to_2100_is_refused(value: str) -> None:
    assert refusals(SOURCE_DATE_EPOCH=value) == [f"SOURCE_DATE_EPOCH: {BUILD_DATE_EXPECTED} (got '{value}')"]


@pytest.mark.parametrize("value", ["", "   ", "Deux\nlignes", "Retour\rchariot", "Inversé \u202eeté", "Sans\u200bchasse", "x" * 201])
def test_a_publisher_that_is_not_a_name_on_one_line_is_refused(value: str) -> None:
    [line] = refusals(CALLCMA_PUBLISHER=value)
    assert line.startswith(f"CALLCMA_PUBLISHER: {PUBLISHER_EXPECTED} (got '")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("CALLCMA_REPOSITORY_URL", "javascript:alert(1)", REPOSITORY_URL_EXPECTED),
        ("CALLCMA_REPOSITORY_URL", "mailto:a@exemple.org", REPOSITORY_URL_EXPECTED),
        ("CALLCMA_REPOSITORY_URL", 'https://forge.exemple.org/"onmouseover="x', REPOSITORY_URL_EXPECTED),
        ("CALLCMA_CONTACT", "contact", CONTACT_EXPECTED),
        ("CALLCMA_CONTACT", "contact@exemple", CONTACT_EXPECTED),
        ("CALLCMA_CONTACT", "a@exemple.org?subject=x", CONTACT_EXPECTED),
        ("CALLCMA_CONTACT", "data:text/html,<script>alert(1)</script>", CONTACT_EXPECTED),
    ],
)
def test_a_repository_or_contact_that_is_not_an_address_is_refused(name: str, value: str, expected: str) -> None:
    assert refusals(**{name: value}) == [f"{name}: {expected} (got '{value}')"]


def test_every_bad_setting_is_reported_at_once_and_a_long_value_is_cut() -> None:
    lines = refusals(CALLCMA_SITE_URL="x", SOURCE_DATE_EPOCH="x", CALLCMA_PUBLISHER="", CALLCMA_REPOSITORY_URL="x", CALLCMA_CONTACT="y" * 500)
    assert [line.split(":")[0] for line in lines] == ["CALLCMA_CONTACT", "CALLCMA_PUBLISHER", "CALLCMA_REPOSITORY_URL", "CALLCMA_SITE_URL", "SOURCE_DATE_EPOCH"]
    assert lines[0].endswith(f"(got '{'y' * 80}…')")


@pytest.mark.parametrize("command", ["check", "generate", "package", "site"])
@pytest.mark.parametrize(
    ("name", "value"),
    [("CALLCMA_SITE_URL", 'https://exemple.org/"><script>alert(1)</script>/'), ("SOURCE_DATE_EPOCH", "-1"), ("SOURCE_DATE_EPOCH", ""), ("CALLCMA_CONTACT", "x")],
)
def test_a_bad_setting_stops_every_command_before_anything_is_read_or_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str, name: str, value: str
) -> None:
    for folder in ("docs", "site"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text("ancien", encoding="utf-8")
    before = sorted(tmp_path.rglob("*"))
    monkeypatch.chdir(tmp_path)  # no data there: a command that ran would report it
    monkeypatch.setenv(name, value)
    assert cli.main([command]) == cli.EXIT_BAD_DATA
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [f"{name}: {SITE_URL_EXPECTED if name == 'CALLCMA_SITE_URL' else BUILD_DATE_EXPECTED if name == 'SOURCE_DATE_EPOCH' else CONTACT_EXPECTED} (got '{value}')", "1 problem(s); the command stopped there."]
    assert sorted(tmp_path.rglob("*")) == before
    assert all(os.path.getsize(tmp_path / folder / "index.html") == len("ancien") for folder in ("docs", "site"))
