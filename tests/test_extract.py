"""The archived extracts are exactly what the pinned packages give: regenerated here, compared byte for byte.

Needs `npm ci --prefix scripts/communes` (make test runs it).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from callcma import stages
from callcma.errors import DataError
from callcma.extract import extract_dataset, package_dir, packages_dir, record_digests, write_extracts
from helpers import PROJECT, edit

DATA_DIR = PROJECT.data_dir
SOURCES_DIR = DATA_DIR / "sources"
PACKAGES = packages_dir(PROJECT.root)


def test_the_archived_extracts_are_what_the_pinned_packages_give(tmp_path: Path) -> None:
    dataset, locator = stages.typed_data(DATA_DIR)
    assert [source.version for source in dataset.datasets] == ["0.7.0", "6.0.0"]
    written = write_extracts(dataset.datasets, tmp_path, locator, PACKAGES)
    assert [path.name for path in written] == [f"{source.id}.json" for source in dataset.datasets]
    for path in written:
        assert path.read_bytes() == (SOURCES_DIR / path.name).read_bytes(), f"{path.name} differs: run make communes"


def test_the_extract_holds_only_the_epci_and_its_members() -> None:
    dataset = stages.check_data(DATA_DIR)
    for source in dataset.datasets:
        archived = json.loads((SOURCES_DIR / f"{source.id}.json").read_text(encoding="utf-8"))
        assert archived["epci"]["code"] == source.epci
        assert [commune["code"] for commune in archived["communes"]] == archived["epci"]["membres"]
        assert {key for commune in archived["communes"] for key in commune} == {"code", "nom", "codesPostaux"}
        # Only the latest vintage holds the territory, the site's answer for any commune of the département.
        assert ("territoire" in archived) is (source.vintage == max(other.vintage for other in dataset.datasets))


def test_the_territory_is_every_commune_of_the_members_departement_with_its_epci() -> None:
    archived = json.loads((SOURCES_DIR / "decoupage-administratif-2026.json").read_text(encoding="utf-8"))
    territory = archived["territoire"]
    assert territory["departements"] == [{"code": "62", "nom": "Pas-de-Calais"}]
    communes = {commune["code"]: commune for commune in territory["communes"]}
    assert len(communes) == 887 and all(code.startswith("62") for code in communes)
    assert sorted(code for code, commune in communes.items() if commune["epci"] == "246200364") == archived["epci"]["membres"]
    epcis = {epci["code"]: epci["nom"] for epci in territory["epcis"]}
    # The examples: communes that share a postal code of the CALL, and the cities readers look for.
    assert epcis[communes["62724"]["epci"]] == "CA d'Hénin-Carvin" and communes["62724"]["nom"] == "Rouvroy"
    assert communes["62724"]["codesPostaux"] == ["62320"]
    assert epcis[communes["62041"]["epci"]] == "CU d'Arras"
    assert epcis[communes["62119"]["epci"]] == "CA de Béthune-Bruay, Artois-Lys Romane"
    assert {(commune["nom"], commune["chefLieu"]) for commune in territory["rattachees"]} >= {("Berguette", "62473"), ("Marconne", "62447")}


def test_a_package_file_whose_hash_differs_is_refused(data_copy: Path) -> None:
    edit(data_copy / "sources.yaml", "sha256: 22b1c43133f015e05b6cabceebdf8dc5b0ab8a56742b8457f3ad89e1c64853d1", "sha256: " + "f" * 64)
    dataset, locator = stages.typed_data(data_copy)
    with pytest.raises(DataError) as caught:
        extract_dataset(dataset.datasets, 0, locator, PACKAGES)
    assert [str(problem) for problem in caught.value.problems] == [
        "data/sources.yaml:54:17: datasets[0].files[1].sha256: the installed data/communes.json has SHA-256 "
        "22b1c43133f015e05b6cabceebdf8dc5b0ab8a56742b8457f3ad89e1c64853d1; expected the recorded one (got " + "f" * 64 + ")"
    ]


def test_each_version_is_installed_under_its_alias() -> None:
    dataset = stages.check_data(DATA_DIR)
    for source in dataset.datasets:
        installed = json.loads((package_dir(source, PACKAGES) / "package.json").read_text(encoding="utf-8"))
        assert (installed["name"], installed["version"]) == (source.package, source.version)
    assert PACKAGES.parent.joinpath("package-lock.json").is_file()



def test_the_extracts_digests_are_recorded_line_by_line_and_the_build_checks_them(data_copy: Path) -> None:
    recorded = (data_copy / "sources.yaml").read_text(encoding="utf-8")
    digest = hashlib.sha256((SOURCES_DIR / "decoupage-administratif-2019.json").read_bytes()).hexdigest()
    first = recorded.index(f"    extract_sha256: {digest}\n")
    stale = recorded[:first] + recorded[first:].replace(f"    extract_sha256: {digest}\n", "", 1)  # a new dataset: none yet
    stale = stale.replace(f"extract_sha256: {digest}", "extract_sha256: " + "a" * 64)  # an extract regenerated since
    (data_copy / "sources.yaml").write_text(stale, encoding="utf-8")
    dataset, locator = stages.typed_data(data_copy)
    paths = [SOURCES_DIR / f"{source.id}.json" for source in dataset.datasets]
    assert record_digests(dataset.datasets, paths, locator) == data_copy / "sources.yaml"
    assert (data_copy / "sources.yaml").read_text(encoding="utf-8") == recorded
    dataset, locator = stages.typed_data(data_copy)
    assert record_digests(dataset.datasets, paths, locator) is None  # already recorded: the file is not written
    stages.check_data(data_copy)
