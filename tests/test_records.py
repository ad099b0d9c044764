"""Citations to a dataset's record: a wrong code or a value that differs from the record is one located line."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from callcma import cli, stages
from helpers import PROJECT, edit, problems

COMMUNES = "communes.yaml"
EXTRACT_SHA256 = hashlib.sha256((PROJECT.sources_dir / "decoupage-administratif-2026.json").read_bytes()).hexdigest()
EXTRACT_SHA256_2019 = hashlib.sha256((PROJECT.sources_dir / "decoupage-administratif-2019.json").read_bytes()).hexdigest()
TERRITORY = "territoire.yaml"


def test_the_real_communes_are_proved_by_both_vintages() -> None:
    dataset = stages.check_data(PROJECT.data_dir)
    assert len(dataset.communes) == 36
    assert {citation.source for commune in dataset.communes for citation in commune.citations} == {"decoupage-administratif-2019", "decoupage-administratif-2026"}


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            COMMUNES, "name: Acheville", "name: Achevile",
            ["data/communes.yaml:11:11: communes[1].name: differs from record 62003 of decoupage-administratif-2019 and decoupage-administratif-2026: expected 'Acheville' (got 'Achevile')"],
        ),
        (
            COMMUNES, 'insee: "62019"', 'insee: "62091"',
            ["data/communes.yaml:18:12: communes[2].insee: differs from record 62019 of decoupage-administratif-2019 and decoupage-administratif-2026: expected '62019' (got '62091')"],
        ),
        (
            COMMUNES, 'insee: "62001"\n    postal_codes: ["62153"]', 'insee: "62001"\n    postal_codes: ["62135"]',
            ["data/communes.yaml:7:19: communes[0].postal_codes: differs from record 62001 of decoupage-administratif-2019 and decoupage-administratif-2026: expected ['62153'] (got ['62135'])"],
        ),
        (
            COMMUNES, '{source: decoupage-administratif-2026, record: "62003"}', '{source: decoupage-administratif-2026, record: "62999"}',
            [
                "data/communes.yaml:4:1: communes: member commune 62003 of decoupage-administratif-2026 is not listed; expected an entry citing record '62003'",
                "data/communes.yaml:16:56: communes[1].citations[1].record: no record '62999' in data/sources/decoupage-administratif-2026.json (did you mean '62895'?); expected the INSEE code of a member commune or the EPCI's SIREN",
            ],
        ),
        (
            COMMUNES, '{source: decoupage-administratif-2019, record: "62001"}', '{source: decoupage-administratif-2019, quote: "Ablain"}',
            ["data/communes.yaml:4:1: communes: member commune 62001 of decoupage-administratif-2019 is not listed; expected an entry citing record '62001'",
             "data/communes.yaml:9:55: communes[0].citations[0].quote: 'decoupage-administratif-2019' is a dataset: cite one of its records (record: an INSEE code or a SIREN), not a quote"],
        ),
        (
            TERRITORY, '      - source: decoupage-administratif-2026\n        record: "246200364"', '      - source: decoupage-administratif-2026\n        record: "62001"',
            [
                "data/territoire.yaml:15:17: territory[0].citations[2].record: record 62001 of decoupage-administratif-2026 does not hold the value 36 communes;"
                " it holds name 'Ablain-Saint-Nazaire', INSEE code '62001', postal codes '62153', and proves only the number of an EPCI's member communes or a commune's name"
            ],
        ),
    ],
    ids=["commune-name", "insee-code", "postal-code", "unknown-record", "dataset-quoted", "fact-wrong-record"],
)
def test_a_value_that_differs_from_its_record_is_one_located_line(data_copy: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    edit(data_copy / file, old, new)
    assert problems(data_copy) == expected


def test_a_changed_count_differs_from_the_records_and_from_the_quote(data_copy: Path) -> None:
    edit(data_copy / TERRITORY, "value: 36", "value: 37")
    assert problems(data_copy) == [
        "data/territoire.yaml:6:12: territory[0].value: the value 37 communes is not in any of its quotes (« … 36 communes … »)",
        "data/territoire.yaml:13:17: territory[0].citations[1].record: record 246200364 of decoupage-administratif-2019 and decoupage-administratif-2026 does not hold"
        " the value 37 communes; it holds name 'CA de Lens - Liévin', SIREN '246200364', member communes 36, and proves only the number of an EPCI's member communes or a commune's name",
    ]


def test_a_record_proves_only_what_it_is_about(data_copy: Path) -> None:
    edit(data_copy / TERRITORY, "    unit: communes\n", "    unit: axes\n")
    assert problems(data_copy) == [
        "data/territoire.yaml:5:12: territory[0].label: the label names « communes », a word of the unit communes; a number's label names no unit but its own (axes)",
        "data/territoire.yaml:7:11: territory[0].unit: the value 36 axes is not in any of its quotes (« … 36 communes … »)",
        "data/territoire.yaml:13:17: territory[0].citations[1].record: record 246200364 of decoupage-administratif-2019 and decoupage-administratif-2026 does not hold"
        " the value 36 axes; it holds name 'CA de Lens - Liévin', SIREN '246200364', member communes 36, and proves only the number of an EPCI's member communes or a commune's name",
    ]


@pytest.mark.parametrize(
    ("edited", "expected"),
    [
        ("communes: []", ["data/communes.yaml:4:1: communes: no commune cites decoupage-administratif-2019; expected its 36 member communes, each citing its record",
                          "data/communes.yaml:4:1: communes: no commune cites decoupage-administratif-2026; expected its 36 member communes, each citing its record"]),
        ("twice", ["data/communes.yaml:222:12: communes[36].insee: this commune is already listed, at communes[0]; expected each member commune once (got '62001')"]),
    ],
)
def test_the_list_names_each_member_once(data_copy: Path, edited: str, expected: list[str]) -> None:
    path = data_copy / COMMUNES
    text = path.read_text(encoding="utf-8")
    first = text[text.index("  - name: Ablain-Saint-Nazaire") : text.index("  - name: Acheville")]
    path.write_text(text[: text.index("communes:")] + "communes: []\n" if edited == "communes: []" else text + first, encoding="utf-8")
    assert problems(data_copy) == expected


def test_a_dataset_is_described_as_its_extract(data_copy: Path) -> None:
    edit(data_copy / "sources.yaml", "    vintage: 2019\n", "    vintage: 2016\n")
    edit(data_copy / "sources.yaml", "title: Découpage administratif de la France, millésime 2026", "title: Découpage administratif de la France, millésime 2025")
    assert problems(data_copy) == [
        "data/sources.yaml:47:14: datasets[0].vintage: the extract data/sources/decoupage-administratif-2019.json is of the vintage 2019; expected 2019 (got 2016)",
        "data/sources.yaml:59:12: datasets[1].title: the title gives 2025, not the vintage of the extract; expected 2026",
    ]


def test_a_missing_extract_is_a_problem_at_its_dataset(data_copy: Path) -> None:
    (data_copy / "sources" / "decoupage-administratif-2019.json").unlink()
    assert problems(data_copy) == [
        "data/sources.yaml:42:9: datasets[0].id: archived extract data/sources/decoupage-administratif-2019.json is missing; regenerate it with scripts/extract_communes.py"
    ]


def test_a_malformed_extract_is_a_problem_not_a_traceback(data_copy: Path) -> None:
    (data_copy / "sources" / "decoupage-administratif-2026.json").write_text("{}", encoding="utf-8")
    edit(data_copy / "sources.yaml", f"extract_sha256: {EXTRACT_SHA256}\n    files:\n      - path: data/epci.json\n        sha256: 4075", f"extract_sha256: {hashlib.sha256(b'{}').hexdigest()}\n    files:\n      - path: data/epci.json\n        sha256: 4075")
    assert problems(data_copy) == [
        "data/sources.yaml:58:9: datasets[1].id: archived extract data/sources/decoupage-administratif-2026.json is unreadable; regenerate it with scripts/extract_communes.py (got Field required)"
    ]


# Issue 17: the extracts are checked against the SHA-256 that make communes recorded, at every check and build.
TAMPERED = "the archived extract data/sources/{id}.json has SHA-256 {digest}, not the recorded one: it was changed by hand; regenerate it with `make communes` (got {recorded})"


def test_an_extract_changed_by_one_byte_is_refused(data_copy: Path) -> None:
    extract = data_copy / "sources" / "decoupage-administratif-2026.json"
    edit(extract, '"code": "246200364",\n    "nom": "CA de Lens - Liévin"', '"code": "246200364",\n    "nom": "CB de Lens - Liévin"')
    digest = hashlib.sha256(extract.read_bytes()).hexdigest()
    assert problems(data_copy) == [f"data/sources.yaml:65:21: datasets[1].extract_sha256: " + TAMPERED.format(id="decoupage-administratif-2026", digest=digest, recorded=EXTRACT_SHA256)]


def test_a_postal_code_changed_in_both_extracts_is_refused_in_both(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for vintage in (2019, 2026):
        extract = data_copy / "sources" / f"decoupage-administratif-{vintage}.json"
        extract.write_text(extract.read_text(encoding="utf-8").replace('"62300"', '"62301"'), encoding="utf-8")
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[:2] for line in lines[:-1]] == [["data/sources.yaml:49:21", "datasets[0].extract_sha256"], ["data/sources.yaml:65:21", "datasets[1].extract_sha256"]]
    assert lines[-1] == "2 problem(s); the command stopped there."


def test_an_extract_without_a_recorded_digest_is_refused(data_copy: Path) -> None:
    edit(data_copy / "sources.yaml", f"    extract_sha256: {EXTRACT_SHA256_2019}\n    files:\n      - path: data/epci.json\n        sha256: 5ca6", "    files:\n      - path: data/epci.json\n        sha256: 5ca6")
    assert problems(data_copy) == [
        "data/sources.yaml:42:9: datasets[0].id: no SHA-256 recorded for the archived extract data/sources/decoupage-administratif-2019.json; run `make communes`, which records it as extract_sha256"
    ]


def test_the_command_line_exits_2_on_a_wrong_code(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data_copy / COMMUNES, 'insee: "62019"', 'insee: "62091"')
    assert cli.main(["check", "--data", str(data_copy)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "data/communes.yaml:18:12: communes[2].insee: differs from record 62019 of decoupage-administratif-2019 and decoupage-administratif-2026: expected '62019' (got '62091')",
        "1 problem(s); the command stopped there.",
    ]


LATEST = "decoupage-administratif-2026.json"


def record_digests(data: Path) -> None:
    """Record each extract's SHA-256 in sources.yaml, as `make communes` does: an extract that a package gave."""
    sources = data / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    for vintage in (2019, 2026):
        now = hashlib.sha256((data / "sources" / f"decoupage-administratif-{vintage}.json").read_bytes()).hexdigest()
        text = re.sub(rf"(id: decoupage-administratif-{vintage}\n(?:    .*\n)*?    extract_sha256: )\w+", rf"\g<1>{now}", text)
    sources.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Lens moved to another EPCI in the territory only: the territory no longer agrees with the EPCI's members.
        ('"code": "62498",\n        "nom": "Lens",\n        "codesPostaux": [\n          "62300"\n        ],\n        "epci": "246200364"',
         '"code": "62498",\n        "nom": "Lens",\n        "codesPostaux": [\n          "62300"\n        ],\n        "epci": "246200299"',
         "the territory's communes of the EPCI differ from its member communes"),
        # Rouvroy given an EPCI that the territory does not name.
        ('"nom": "Rouvroy",\n        "codesPostaux": [\n          "62320"\n        ],\n        "epci": "246200299"',
         '"nom": "Rouvroy",\n        "codesPostaux": [\n          "62320"\n        ],\n        "epci": "999999999"',
         "communes name EPCIs the territory does not list: 999999999"),
        # A member's postal code changed in the territory only.
        ('"nom": "Acheville",\n        "codesPostaux": [\n          "62320"\n        ],\n        "epci"',
         '"nom": "Acheville",\n        "codesPostaux": [\n          "62321"\n        ],\n        "epci"',
         "the territory's communes of the EPCI differ from its member communes"),
        # A former commune attached to a commune the territory does not hold.
        ('"nom": "Berguette",\n        "type": "commune-associee",\n        "chefLieu": "62473"', '"nom": "Berguette",\n        "type": "commune-associee",\n        "chefLieu": "59350"',
         "former communes whose chef-lieu is not a commune of the territory: 62110"),
    ],
    ids=["member-moved", "unknown-epci", "member-postal-code", "orphan-former-commune"],
)
def test_a_territory_that_contradicts_itself_is_refused(data_copy: Path, old: str, new: str, expected: str) -> None:
    edit(data_copy / "sources" / LATEST, old, new)
    record_digests(data_copy)  # as if the package said so: the territory's own checks refuse it
    assert problems(data_copy) == [
        f"data/sources.yaml:58:9: datasets[1].id: archived extract data/sources/{LATEST} is unreadable; regenerate it with scripts/extract_communes.py (got Value error, {expected})"
    ]


def test_only_the_latest_vintage_holds_the_territory(data_copy: Path) -> None:
    older = data_copy / "sources" / "decoupage-administratif-2019.json"
    latest = data_copy / "sources" / LATEST
    territory = latest.read_text(encoding="utf-8").partition('  "territoire"')[2]
    older.write_text(older.read_text(encoding="utf-8").rstrip().removesuffix("}").rstrip() + ',\n  "territoire"' + territory, encoding="utf-8")
    latest.write_text(latest.read_text(encoding="utf-8").partition(',\n  "territoire"')[0] + "\n}\n", encoding="utf-8")
    record_digests(data_copy)
    message = "only the latest vintage's extract holds the territory; regenerate the extracts with scripts/extract_communes.py"
    assert problems(data_copy) == [
        f"data/sources.yaml:42:9: datasets[0].id: archived extract data/sources/decoupage-administratif-2019.json: {message}",
        f"data/sources.yaml:58:9: datasets[1].id: archived extract data/sources/{LATEST}: {message}",
    ]
