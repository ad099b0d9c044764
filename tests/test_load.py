"""Load stage: safe YAML, positions, and one located message per thing the loader refuses."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from callcma.errors import DataError
from callcma.stages.s1_load import load_document, load_documents
from callcma.settings import MAX_DATA_FILE_BYTES
from helpers import PROJECT

BAD = Path(__file__).parent / "fixtures" / "bad"
TAGS_REFUSED = "YAML tags are not allowed; write plain text, numbers, lists and mappings"
NOT_A_MAPPING = "expected top-level sections such as 'budget:'"
NOT_TEXT = "an invisible control or broken Unicode"
NOT_SHOWN = "an invisible format or text-direction character"
NOT_DECIMAL = "number written in a form YAML 1.1 reads differently; write plain decimal digits such as 36 or 2.5, or quote it to make it a text"
NOT_BOOLEAN = "YAML 1.1 reads this as true or false; write true or false, or quote it to make it a text"


def messages(path: Path) -> list[str]:
    """The problems that loading ``path`` reports, as printed."""
    with pytest.raises(DataError) as caught:
        load_document(path, f"data/{path.name}")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("syntax-error.yaml", ["data/syntax-error.yaml:4:10: (yaml): invalid YAML: expected ',' or ']', but got ':'"]),
        (
            "tab-indentation.yaml",
            ["data/tab-indentation.yaml:3:1: (yaml): invalid YAML: found character '\\t' that cannot start any token; indent with spaces, never tabs"],
        ),
        (
            "duplicate-key.yaml",
            [
                "data/duplicate-key.yaml:4:5: budget[0].label: duplicate key; each field may appear once (first defined on line 3)",
                "data/duplicate-key.yaml:6:5: budget[0].value: duplicate key; each field may appear once (first defined on line 5)",
            ],
        ),
        ("python-tag.yaml", [f"data/python-tag.yaml:3:12: budget[0].label: {TAGS_REFUSED} (got !!python/object/apply:os.system)"]),
        (
            "other-tags.yaml",
            [
                f"data/other-tags.yaml:2:9: budget[0].id: {TAGS_REFUSED} (got !!python/name:os.system)",
                f"data/other-tags.yaml:3:12: budget[0].label: {TAGS_REFUSED} (got !!binary)",
                f"data/other-tags.yaml:4:11: budget[0].unit: {TAGS_REFUSED} (got !euro)",
            ],
        ),
        ("empty.yaml", ["data/empty.yaml:1:1: (file): file is empty; expected top-level sections such as 'budget:'"]),
        ("comment-only.yaml", ["data/comment-only.yaml:1:1: (file): file is empty; expected top-level sections such as 'budget:'"]),
        ("single-value.yaml", [f"data/single-value.yaml:1:1: (file): {NOT_A_MAPPING} (got a single value)"]),
        ("top-level-list.yaml", [f"data/top-level-list.yaml:1:1: (file): {NOT_A_MAPPING} (got a list)"]),
        (
            "anchors.yaml",
            [
                "data/anchors.yaml:3:12: budget[0].label: aliases are not allowed; write the value out (got *id)",
                "data/anchors.yaml:4:5: budget[1]: merge keys (<<) are not allowed; write the fields out",
            ],
        ),
        (
            "odd-keys.yaml",
            [
                "data/odd-keys.yaml:3:5: budget[0]: keys must be field names written as plain text (got '1')",
                "data/odd-keys.yaml:4:5: budget[0]: keys must be field names written as plain text (got a list)",
            ],
        ),
        (
            "infinite-number.yaml",
            [
                f"data/infinite-number.yaml:2:12: budget[0].value: {NOT_DECIMAL} (got .inf)",
                f"data/infinite-number.yaml:3:12: budget[0].other: {NOT_DECIMAL} (got .nan)",
            ],
        ),
        ("two-documents.yaml", ["data/two-documents.yaml:2:1: (yaml): invalid YAML: a second document starts here; a data file holds one, remove the '---'"]),
    ],
)
def test_bad_file_is_refused_with_located_messages(fixture: str, expected: list[str]) -> None:
    assert messages(BAD / fixture) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "budget:\n  - label: Montant consacré à ".encode() + "\xe9t\xe9\n".encode("latin-1"),  # columns count characters, not bytes
            "data/budget.yaml:2:31: (file): file is not UTF-8; save it as UTF-8 (got byte 0xe9)",
        ),
        ("budget:\n  - label: Montant\x07\n".encode(), "data/budget.yaml:2:19: (yaml): invalid YAML: control character U+0007 is not allowed; remove it"),
        ("budget:\n  - label: a\x00b\n".encode(), "data/budget.yaml:2:13: (yaml): invalid YAML: control character U+0000 is not allowed; remove it"),
        (
            b"budget:\n  - value: " + b"1" * 5000 + b"\n",
            "data/budget.yaml:2:12: budget[0].value: number too long; expected at most 4300 digits (got 5000 characters)",
        ),
        (
            b"budget: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
            "data/budget.yaml:1:1: (yaml): invalid YAML: lists or mappings nested too deeply; a data file needs a few levels",
        ),
        (
            b'budget:\n  - label: "Montant\\x02"\n',
            f"data/budget.yaml:2:12: budget[0].label: character U+0002 is not allowed in text ({NOT_TEXT}); remove it (got 'Montant<U+0002>')",
        ),
        (
            b'budget:\n  - label: "Mon\\ud800tant"\n',
            f"data/budget.yaml:2:12: budget[0].label: character U+D800 is not allowed in text ({NOT_TEXT}); remove it (got 'Mon<U+D800>tant')",
        ),
        (
            b'budget:\n  - "la\\x85bel": x\n',
            f"data/budget.yaml:2:5: budget[0]: character U+0085 is not allowed in text ({NOT_TEXT}); remove it (got 'la<U+0085>bel')",
        ),
        (
            b"budget:\n  - value: 1" + b"0" * 400 + b".5\n",
            "data/budget.yaml:2:12: budget[0].value: expected a finite number (got 1" + "0" * 400 + ".5)",
        ),
        # issue 8, case 8: what a reader cannot see is refused, and the message shows it
        (
            "budget:\n  - label: Montant\u202e€ 000 041\n".encode(),
            f"data/budget.yaml:2:12: budget[0].label: character U+202E is not allowed in text ({NOT_SHOWN}); remove it (got 'Montant<U+202E>€ 000 041')",
        ),
        (
            "budget:\n  - quote: les deux\u200bpartenaires\n".encode(),
            f"data/budget.yaml:2:12: budget[0].quote: character U+200B is not allowed in text ({NOT_SHOWN}); remove it (got 'les deux<U+200B>partenaires')",
        ),
        (
            b'budget:\n  - label: "isol\\u2066e"\n',
            f"data/budget.yaml:2:12: budget[0].label: character U+2066 is not allowed in text ({NOT_SHOWN}); remove it (got 'isol<U+2066>e')",
        ),
        (
            "budget:\n  - label: cons\u00adacré\n".encode(),
            f"data/budget.yaml:2:12: budget[0].label: character U+00AD is not allowed in text ({NOT_SHOWN}); remove it (got 'cons<U+00AD>acré')",
        ),
    ],
    ids=[
        "not-utf8", "bell", "nul", "long-number", "deep-nesting", "escaped-control", "escaped-surrogate", "escaped-control-in-key",
        "infinite-decimal", "right-to-left-override", "zero-width-space", "escaped-isolate", "soft-hyphen",
    ],
)
def test_unreadable_content_is_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "budget.yaml"
    path.write_bytes(content)
    assert messages(path) == [expected]


def test_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "budget.yaml"
    with path.open("wb") as stream:
        stream.write(b"budget:\n")
        for _ in range(10 * 1024):
            stream.write(b"# " + b"x" * 1021 + b"\n")
    assert path.stat().st_size > MAX_DATA_FILE_BYTES
    assert messages(path) == ["data/budget.yaml:1:1: (file): file is too large; it may hold at most 1 MiB (got 10.0 MiB)"]


def test_python_tag_never_runs(tmp_path: Path) -> None:
    witness = tmp_path / "ran"
    path = tmp_path / "budget.yaml"
    path.write_text(f'budget:\n  - label: !!python/object/apply:os.system ["touch {witness}"]\n', encoding="utf-8")
    assert len(messages(path)) == 1
    assert not witness.exists()


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("a: 2016-11-16\n", {"a": "2016-11-16"}),
        ("a: 2016-11\n", {"a": "2016-11"}),
        ("a: 140000\nb: 3.5\nc: true\nd: null\ne: texte\n", {"a": 140000, "b": 3.5, "c": True, "d": None, "e": "texte"}),
        ("a: !!str 12\n", {"a": "12"}),
        ("a: &ancre [1]\n", {"a": [1]}),
        ("\ufeffa: bom\n", {"a": "bom"}),
        ('a: "  x  "\nb: |\n  ligne\n  suite\nc: " "\n', {"a": "x", "b": "ligne\nsuite", "c": ""}),
    ],
    ids=["date-stays-text", "month-stays-text", "plain-scalars", "str-tag", "unused-anchor", "byte-order-mark", "text-edges-trimmed"],
)
def test_plain_yaml_is_read_as_plain_values(tmp_path: Path, text: str, content: dict[str, object]) -> None:
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_document(path, "data/page.yaml").content == content


def test_positions_point_at_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text("# comment\nbudget:\n  - id: budget-montant\n    citations:\n      - quote: x\n", encoding="utf-8")
    document = load_document(path, "data/budget.yaml")
    assert document.locate(("budget", 0, "id")) == (3, 9)
    assert document.locate(("budget", 0, "id"), key=True) == (3, 5)
    assert document.locate(("budget", 0, "citations", 0, "quote")) == (5, 16)
    assert document.locate(("budget", 0, "label")) == (3, 5)  # a missing field points at its mapping


def test_real_data_loads_every_file() -> None:
    names = [document.name for document in load_documents(PROJECT.data_dir)]
    assert names == sorted(f"data/{path.name}" for path in PROJECT.data_dir.glob("*.yaml"))


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.yaml").write_bytes((BAD / "duplicate-key.yaml").read_bytes())
    (data / "b.yaml").write_text("", encoding="utf-8")
    (data / "c.yaml").write_text("budget: []\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_documents(data)
    assert [re.sub(r":.*", "", str(problem)) for problem in caught.value.problems] == ["data/a.yaml", "data/a.yaml", "data/b.yaml"]


def test_missing_data_folder_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load_documents(tmp_path / "nowhere")
    assert [str(problem) for problem in caught.value.problems] == [f"{(tmp_path / 'nowhere').as_posix()}:1:1: (folder): data folder not found; expected a folder of *.yaml files"]


def test_libyaml_and_pure_python_loaders_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_documents(PROJECT.data_dir)
    monkeypatch.setattr("callcma.stages.s1_load.CParser", None)
    slow = load_documents(PROJECT.data_dir)
    assert [(document.content, document.positions, document.key_positions) for document in fast] == [
        (document.content, document.positions, document.key_positions) for document in slow
    ]


# --- issue 8, case 3: numbers are read as a reader reads them, or refused -----------------------------------------


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("036", NOT_DECIMAL),  # YAML 1.1: octal, 30
        ("12:30", NOT_DECIMAL),  # base 60: 750
        ("1:0:0", NOT_DECIMAL),  # 3600
        ("0x24", NOT_DECIMAL),
        ("0b100100", NOT_DECIMAL),
        ("1_000", NOT_DECIMAL),
        ("+36", NOT_DECIMAL),
        ("1.0e+3", NOT_DECIMAL),
        ("!!int 036", NOT_DECIMAL),
        ("yes", NOT_BOOLEAN),
        ("off", NOT_BOOLEAN),
        ("N", None),  # a single letter stays a text in PyYAML already
    ],
)
def test_numbers_and_booleans_in_yaml_1_1_forms_are_refused(tmp_path: Path, written: str, problem: str | None) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text(f"budget:\n  - value: {written}\n", encoding="utf-8")
    if problem is None:
        assert load_document(path, "data/budget.yaml").content == {"budget": [{"value": written}]}
    else:
        assert messages(path) == [f"data/budget.yaml:2:12: budget[0].value: {problem} (got {written.removeprefix('!!int ')})"]


@pytest.mark.parametrize(
    ("written", "value"),
    [("36", 36), ("-2", -2), ("0", 0), ("140000", 140000), ("2.5", 2.5), ("46666.67", 46666.67), ('"036"', "036"), ("'12:30'", "12:30"), ("true", True), ("false", False)],
)
def test_plain_decimal_numbers_and_quoted_texts_are_read_as_written(tmp_path: Path, written: str, value: object) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text(f"budget:\n  - value: {written}\n", encoding="utf-8")
    assert load_document(path, "data/budget.yaml").content == {"budget": [{"value": value}]}


# --- issue 8, case 8: one spelling of each letter -------------------------------------------------------------------


def test_text_is_read_in_nfc_whatever_form_it_was_saved_in(tmp_path: Path) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text('budget:\n  - label: conside\u0301re\u0301\n    "quote": "e\\u0301te\\u0301"\n', encoding="utf-8")
    assert load_document(path, "data/budget.yaml").content == {"budget": [{"label": "considéré", "quote": "été"}]}


# --- issue 8, cases 4, 7 and 9: files, as the operating system gives them ---------------------------------------------


def _load_problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_documents(data)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with one valid file, to which a test adds the odd entry."""
    folder = tmp_path / "project" / "data"
    (folder / "sources").mkdir(parents=True)
    (folder / "budget.yaml").write_text("budget: []\n", encoding="utf-8")
    return folder


def test_a_symbolic_link_out_of_data_is_refused(data: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("glossary: [mot de passe]\n", encoding="utf-8")
    (data / "glossaire.yaml").symlink_to(secret)
    assert _load_problems(data) == [f"data/glossaire.yaml:1:1: (file): symbolic link leads outside data/ (to {secret}); copy the file into data/ instead"]


def test_a_symbolic_link_inside_data_is_followed(data: Path) -> None:
    (data / "sources" / "budget.yaml").write_text("timeline: []\n", encoding="utf-8")
    (data / "calendrier.yaml").symlink_to(data / "sources" / "budget.yaml")
    assert [document.content for document in load_documents(data)] == [{"budget": []}, {"timeline": []}]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda path: path.symlink_to("/dev/zero"), "symbolic link leads outside data/ (to /dev/zero); copy the file into data/ instead"),
        (lambda path: os.mkfifo(path), "expected a regular file (got a named pipe)"),
        (lambda path: path.mkdir(), "expected a regular file (got a folder)"),
        (lambda path: path.symlink_to(path.parent / "absent.yaml"), "file not found (a symbolic link to a missing file?); expected a regular file"),
        (lambda path: path.symlink_to(path), "symbolic links form a loop; expected a regular file"),
    ],
    ids=["device", "fifo", "folder", "dangling-link", "link-loop"],
)
def test_anything_but_a_regular_file_is_one_problem(data: Path, make: Callable[[Path], object], expected: str) -> None:
    make(data / "x.yaml")
    assert _load_problems(data) == [f"data/x.yaml:1:1: (file): {expected}"]


def test_an_unreadable_file_is_one_problem(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Faked: the tests may run as root, who reads any file whatever its permissions.
    def refuse(*_: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("callcma.files.os.open", refuse)
    assert _load_problems(data) == ["data/budget.yaml:1:1: (file): cannot read the file: Permission denied"]


@pytest.mark.parametrize("name", ["extra.yml", "EXTRA.YAML", "notes.txt", ".budget.yaml.swp", "sub"])
def test_every_entry_the_build_does_not_read_is_named(data: Path, name: str) -> None:
    if name == "sub":
        (data / "sub").mkdir()
        (data / "sub" / "more.yaml").write_text("budget: []\n", encoding="utf-8")
    else:
        (data / name).write_text("budget: []\n", encoding="utf-8")
    assert _load_problems(data) == [
        f"data/{name}:1:1: (file): not read by the build; a data file is named <section>.yaml directly in data/, and sources are archived as data/sources/<id>.txt"
    ]
