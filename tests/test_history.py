"""The history of corrections, read from a small repository each test builds with git, commits dated by hand."""

from __future__ import annotations

import csv
import html
import io
import os
import shutil
import subprocess
from pathlib import Path

from dataclasses import replace

import pytest

from callcma.history import Field, History, Kind, Status, identity, read_history
from callcma.open_data import HISTORY_JSON_NAME, HISTORY_TABLE
from callcma.site_config import read_site_config
from callcma.stages.s1_load import parse_document
from callcma.stages.s2_check import Checked
from callcma.stages.s3_export import export_data
from callcma.stages.s4_render import render_pages
from helpers import DOWNLOADS, EDITION, PROJECT, fold_typography

SOURCES = """\
sources:
  - id: article
    title: Un article
    outlet: Le Journal
    url: https://example.org/article
"""
FACTS = """\
territory:
  - id: territoire-salaries
    label: Salariés de l'artisanat
    value: {value}
    unit: salariés
    certainty: {certainty}
    citations:
      - source: article
        quote: {quote}
"""
COMMUNES = """\
communes:
{entries}
"""


def load(raw: bytes, name: str) -> dict:
    return parse_document(raw, name).content


def git(repository: Path, *arguments: str, date: str = "2026-01-01T10:00:00+01:00") -> str:
    environment = os.environ | {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    result = subprocess.run(["git", "-C", str(repository), *arguments], env=environment, capture_output=True, text=True, check=True)
    return result.stdout


def commit(repository: Path, files: dict[str, str], message: str, date: str) -> None:
    for name, text in files.items():
        path = repository / "data" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", message, date=date)


def communes(*names: tuple[str, str]) -> str:
    return COMMUNES.format(entries="\n".join(f'  - {{name: {name}, insee: "{code}", postal_codes: ["62300"]}}' for name, code in names))


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository whose data/ went through four commits, on four days, in three time zones."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, {"sources.yaml": SOURCES, "territoire.yaml": FACTS.format(value=5500, certainty="attesté", quote="5 500 salariés"), "communes.yaml": communes(("Lens", "62498"))}, "Première version", "2026-01-01T10:00:00+01:00")
    commit(root, {"territoire.yaml": FACTS.format(value=5400, certainty="déclaration", quote="5 400 salariés")}, "Correction: 5 400, selon l'article", "2026-01-02T23:30:00-05:00")
    commit(root, {"communes.yaml": communes(("Lens", "62498"), ("Liévin", "62510"), ("Avion", "62065"))}, "Deux communes\n\nLe corps du message n'est pas montré.", "2026-01-03T09:00:00+00:00")
    (root / "README").write_text("hors des données", encoding="utf-8")
    commit(root, {}, "Un fichier hors de data/", "2026-01-04T09:00:00+00:00")
    return root


def test_each_change_of_the_data_newest_first_with_its_commit_s_date_and_first_line(repository: Path) -> None:
    history = read_history(repository / "data", load)
    assert history.status == Status.AVAILABLE
    # The commit outside data/ changed nothing the history shows; the date is the committer's own day (not UTC's).
    assert [(revision.date, revision.message) for revision in history.revisions] == [
        ("2026-01-03", "Deux communes"),
        ("2026-01-02", "Correction: 5 400, selon l'article"),
        ("2026-01-01", "Première version"),
    ]
    communes_added, correction, first = history.revisions
    assert {(change.kind, change.key, change.field) for change in communes_added.changes} == {(Kind.COMMUNE, "62510", Field.ADDED), (Kind.COMMUNE, "62065", Field.ADDED)}
    assert [(change.field, change.before, change.after, change.units) for change in correction.changes] == [
        (Field.VALUE, 5500, 5400, ("salariés", "salariés")),
        (Field.CERTAINTY, "attesté", "déclaration", ("salariés", "salariés")),
        (Field.QUOTE, "5 500 salariés", "5 400 salariés", (None, None)),
    ]
    assert first.first and {change.field for change in first.changes} == {Field.ADDED}
    assert not communes_added.first and not correction.first


def history_page(checked: Checked, history: History) -> str:
    """The history page of the real data with ``history``, as the build renders it."""
    return render_pages(replace(checked, history=history), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)["historique.md"]


def test_the_page_says_each_change_in_readers_words(repository: Path, checked: Checked) -> None:
    page = history_page(checked, read_history(repository / "data", load))
    text = fold_typography(html.unescape(page))
    for line in (
        "**Salariés de l'artisanat** : valeur : 5 500 salariés → 5 400 salariés ; niveau de certitude : attesté → déclaration ; "
        "citation : « 5 500 salariés » → « 5 400 salariés »",
        "Nouvelles communes (2) : Avion, Liévin",  # in French alphabetical order
        "Première version des données : 1 fait, 1 commune, 1 source.",
    ):
        assert fold_typography(line) in text
    assert "## 2 janvier 2026 { #modification-" in page
    assert "Le corps du message" not in page


def test_the_open_data_holds_every_change(repository: Path, checked: Checked) -> None:
    history = read_history(repository / "data", load)
    files = export_data(replace(checked, history=history))
    rows = list(csv.reader(io.StringIO(files[HISTORY_TABLE.csv_name].decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Version", "Message", "Objet", "Identifiant", "Nom", "Changement", "Avant", "Après", "Unité avant", "Unité après"]
    correction = [row for row in rows if row[0] == "2026-01-02"]
    assert correction[0][2:] == ["Correction: 5 400, selon l'article", "fact", "territoire-salaries", "Salariés de l'artisanat", "value", "5500", "5400", "salariés", "salariés"]
    assert len(rows) == 1 + sum(len(revision.changes) for revision in history.revisions)
    assert b'"status": "available"' in files[HISTORY_JSON_NAME]


def test_history_depends_only_on_the_commit(repository: Path, tmp_path: Path) -> None:
    """The same commit gives the same history in another clone, whatever the clock or the time zone."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repository), str(clone)], check=True)
    environment = dict(os.environ)
    try:
        os.environ["TZ"] = "Pacific/Kiritimati"
        assert read_history(clone / "data", load) == read_history(repository / "data", load)
    finally:
        os.environ.clear()
        os.environ.update(environment)
    assert identity(clone / "data") == identity(repository / "data")


def test_a_shallow_clone_or_a_copy_without_git_shows_no_history(repository: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repository}", str(shallow)], check=True)
    assert read_history(shallow / "data", load) == History(Status.SHALLOW)
    copy = tmp_path / "copy"
    shutil.copytree(repository / "data", copy / "data")
    assert read_history(copy / "data", load) == History(Status.UNAVAILABLE)
    assert identity(copy / "data") == Status.UNAVAILABLE.value


@pytest.mark.parametrize("status", [Status.SHALLOW, Status.UNAVAILABLE])
def test_the_page_says_plainly_when_the_history_is_missing(status: Status, checked: Checked) -> None:
    page = history_page(checked, History(status))
    assert "L'historique n'est pas disponible dans cette édition." in page
    assert "## " in page and "modification-" not in page


def test_a_version_the_loader_refuses_is_listed_and_its_changes_left_out(repository: Path) -> None:
    # An alias (refused by the load stage), then the file mended: neither change is guessed.
    commit(repository, {"territoire.yaml": FACTS.format(value=5300, certainty="&a attesté", quote="*a")}, "Alias", "2026-01-05T09:00:00+00:00")
    commit(repository, {"territoire.yaml": FACTS.format(value=5200, certainty="attesté", quote="5 200 salariés")}, "Réparé", "2026-01-06T09:00:00+00:00")
    history = read_history(repository / "data", load)
    assert [(unread.path, unread.reason.split(": ")[-1][:7]) for unread in history.unread] == [("territoire.yaml", "aliases")]
    assert [revision.message for revision in history.revisions][:1] == ["Deux communes"]


def test_data_in_an_older_format_still_compares_by_id(repository: Path) -> None:
    """A past version that today's model would refuse (unknown fields, a unit since removed) is read field by field."""
    old = "territory:\n  - id: territoire-salaries\n    label: Salariés\n    value: 5400\n    unit: emplois\n    legacy_field: x\n    citations: [{source: article, quote: q}]\n"
    commit(repository, {"territoire.yaml": old}, "Format d'avant", "2026-01-05T09:00:00+00:00")
    latest = read_history(repository / "data", load).revisions[0]
    assert [(change.field, change.before, change.after) for change in latest.changes] == [
        (Field.LABEL, "Salariés de l'artisanat", "Salariés"),
        (Field.UNIT, "salariés", "emplois"),
        (Field.CERTAINTY, "déclaration", None),
        (Field.QUOTE, "5 400 salariés", "q"),
    ]


def test_a_hostile_commit_message_is_shown_as_text(repository: Path, checked: Checked) -> None:
    commit(repository, {"territoire.yaml": FACTS.format(value=5100, certainty="attesté", quote="5 100")}, "<script>alert(1)</script> [x](javascript:alert(1)) \u202eevil", "2026-01-07T09:00:00+00:00")
    history = read_history(repository / "data", load)
    assert history.revisions[0].message == "<script>alert(1)</script> [x](javascript:alert(1)) <U+202E>evil"
    page = history_page(checked, history)
    assert "<script>" not in page and "](javascript" not in page and "\u202e" not in page


def test_a_merge_shows_only_what_it_changed_itself(repository: Path) -> None:
    git(repository, "checkout", "-q", "-b", "branche")
    commit(repository, {"communes.yaml": communes(("Lens", "62498"), ("Liévin", "62510"), ("Avion", "62065"), ("Angres", "62032"))}, "Angres", "2026-01-05T09:00:00+00:00")
    git(repository, "checkout", "-q", "main")
    commit(repository, {"territoire.yaml": FACTS.format(value=5000, certainty="attesté", quote="5 000")}, "Sur main", "2026-01-06T09:00:00+00:00")
    git(repository, "merge", "-q", "--no-edit", "-m", "Fusion", "branche", date="2026-01-07T09:00:00+00:00")
    history = read_history(repository / "data", load)
    messages = [revision.message for revision in history.revisions]
    assert messages[:2] == ["Sur main", "Angres"]  # the merge changed nothing of its own: not listed
    assert "Fusion" not in messages


def test_the_real_repository_s_history_reads_without_unread_versions(checked: Checked) -> None:
    history = checked.history  # read once by the check, for the export and the pages
    assert history == read_history(PROJECT.data_dir, load)
    assert history.status == Status.AVAILABLE, "the tests run in a clone with its history"
    assert history.revisions and history.revisions[-1].first
    assert history.unread == ()
