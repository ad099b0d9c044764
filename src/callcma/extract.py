"""Regenerate the archived dataset extracts (data/sources/<id>.json) from the pinned npm packages.

Each dataset of data/sources.yaml names a package version; scripts/communes/package.json installs it under
the alias ``<package name>-<version>``. Only the EPCI's record and its member communes' are kept, with the
fields the site shows, so that the archive stays small and says nothing the site does not use; the vintage
(millésime) of the version, as the package's README gives it in its table of vintages and versions; and, for the
latest vintage only, the territory the site answers « is my commune a member? » for: every commune of the
members' départements (name, INSEE code, postal codes, EPCI), the former communes attached to them, and the
names of those départements and EPCIs.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pydantic import ValidationError

from .errors import DataError, Problem
from .model import DatasetSource
from .records import AttachedCommune, CommuneRecord, DepartementRecord, EpciName, EpciRecord, Extract, Territory, TerritoryCommune, extract_path, latest_dataset
from .locator import Locator

EPCI_FILE = "data/epci.json"
COMMUNES_FILE = "data/communes.json"
DEPARTEMENTS_FILE = "data/departements.json"  # read for the latest vintage's territory only
# The package's types of commune: a current one, and former ones attached to it.
CURRENT_COMMUNE = "commune-actuelle"
ATTACHED_COMMUNES = ("commune-deleguee", "commune-associee")
# The package's README lists each vintage with its version (« | 2019 | 0.7 | … »); the newest version's lists them all.
README_FILE = "README.md"
_VINTAGE_ROW = re.compile(r"^\|\s*(\d{4})\s*\|\s*(\d+(?:\.\d+){0,2})\s*\|", re.MULTILINE)


def packages_dir(root: Path) -> Path:
    """Where `npm ci --prefix scripts/communes` installs the pinned packages of a project."""
    return root / "scripts" / "communes" / "node_modules"


def package_dir(source: DatasetSource, node_modules: Path) -> Path:
    """Where `npm ci` installed the source's package version (its alias in scripts/communes/package.json)."""
    return node_modules / f"{source.package.rsplit('/', 1)[-1]}-{source.version}"


def extract_dataset(datasets: list[DatasetSource], index: int, locator: Locator, node_modules: Path) -> Extract:
    """The records the site uses of ``datasets[index]``, read from the installed package after checking its version and
    files; its vintage from the README of a dataset of the same package that lists it among its files. The latest
    vintage's also holds every commune of the members' départements (the territory)."""
    source = datasets[index]
    territory = source is latest_dataset(datasets)
    folder = package_dir(source, node_modules)
    problems: list[Problem] = []
    try:
        installed = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError([locator.problem(("datasets", index, "version"), f"package {source.package} {source.version} is not installed in {folder}; run npm ci --prefix scripts/communes")]) from None
    if (installed.get("name"), installed.get("version")) != (source.package, source.version):
        problems.append(locator.problem(("datasets", index, "version"), f"{folder} holds {installed.get('name')} {installed.get('version')}; expected {source.package} {source.version}"))
    files = {file.path: file for file in source.files}
    for file_index, file in enumerate(source.files):
        digest = hashlib.sha256((folder / file.path).read_bytes()).hexdigest() if (folder / file.path).is_file() else "no such file"
        if digest != file.sha256:
            problems.append(locator.problem(("datasets", index, "files", file_index, "sha256"), f"the installed {file.path} has SHA-256 {digest}; expected the recorded one (got {file.sha256})"))
    for needed in (EPCI_FILE, COMMUNES_FILE, *((DEPARTEMENTS_FILE,) if territory else ())):
        if needed not in files:
            problems.append(locator.problem(("datasets", index, "files"), f"expected {needed} among the files the extract is taken from"))
    vintage = _vintage(source, datasets, node_modules)
    if vintage is None:
        problems.append(locator.problem(("datasets", index, "version"), f"no README.md listed among the files of a dataset of {source.package} gives the vintage of version {source.version}"))
    if problems:
        raise DataError(problems)
    extract = _select(source, index, locator, folder, vintage or 0)
    if not territory:
        return extract
    try:
        return Extract(millesime=extract.millesime, epci=extract.epci, communes=extract.communes, territoire=_territory(extract.epci, folder))
    except ValidationError as error:  # the package contradicts itself: its members, or its communes' EPCIs
        raise DataError([locator.problem(("datasets", index, "version"), f"the package's territory is inconsistent: {error.errors()[0]['msg']}")]) from None


def _vintage(source: DatasetSource, datasets: list[DatasetSource], node_modules: Path) -> int | None:
    """The year the README's table of vintages gives the source's version (« 0.7 » stands for 0.7.0).

    Only a README whose SHA-256 the data records is read: it is among a dataset's files, checked when that dataset is
    extracted (write_extracts writes nothing unless every dataset was).
    """
    for other in datasets:
        if other.package == source.package and any(file.path == README_FILE for file in other.files):
            table = (package_dir(other, node_modules) / README_FILE).read_text(encoding="utf-8")
            for year, version in _VINTAGE_ROW.findall(table):
                if source.version == version or source.version.startswith(version + "."):
                    return int(year)
    return None


def _select(source: DatasetSource, index: int, locator: Locator, folder: Path, vintage: int) -> Extract:
    """The EPCI named by the source and its member communes, each with the fields the site shows."""
    epcis = json.loads((folder / EPCI_FILE).read_text(encoding="utf-8"))
    epci = next((entry for entry in epcis if entry["code"] == source.epci), None)
    if epci is None:
        raise DataError([locator.problem(("datasets", index, "epci"), f"no EPCI has this SIREN in {EPCI_FILE} (got {source.epci!r})")])
    members = sorted(member["code"] for member in epci["membres"])
    communes = {entry["code"]: entry for entry in json.loads((folder / COMMUNES_FILE).read_text(encoding="utf-8")) if entry.get("type") == CURRENT_COMMUNE}
    missing = [code for code in members if code not in communes]
    if missing:
        raise DataError([locator.problem(("datasets", index, "epci"), f"member communes missing from {COMMUNES_FILE}: {', '.join(missing)}")])
    return Extract(
        millesime=vintage,
        epci=EpciRecord(code=epci["code"], nom=epci["nom"], membres=members),
        communes=[CommuneRecord(code=code, nom=communes[code]["nom"], codesPostaux=sorted(communes[code]["codesPostaux"])) for code in members],
    )


def _territory(epci: EpciRecord, folder: Path) -> Territory:
    """Every commune of the départements of the EPCI's members, each with its EPCI, sorted by INSEE code."""
    entries = json.loads((folder / COMMUNES_FILE).read_text(encoding="utf-8"))
    current = {entry["code"]: entry for entry in entries if entry.get("type") == CURRENT_COMMUNE}
    codes = {current[code]["departement"] for code in epci.membres}
    member_of = {member["code"]: entry for entry in json.loads((folder / EPCI_FILE).read_text(encoding="utf-8")) for member in entry["membres"]}
    communes = sorted((entry for entry in current.values() if entry["departement"] in codes), key=lambda entry: entry["code"])
    epcis = {member_of[entry["code"]]["code"]: member_of[entry["code"]]["nom"] for entry in communes if entry["code"] in member_of}
    departements = [entry for entry in json.loads((folder / DEPARTEMENTS_FILE).read_text(encoding="utf-8")) if entry["code"] in codes]
    attached = [entry for entry in entries if entry.get("type") in ATTACHED_COMMUNES and entry["departement"] in codes]
    return Territory(
        departements=[DepartementRecord(code=entry["code"], nom=entry["nom"]) for entry in sorted(departements, key=lambda entry: entry["code"])],
        epcis=[EpciName(code=code, nom=name) for code, name in sorted(epcis.items())],
        communes=[
            TerritoryCommune(code=entry["code"], nom=entry["nom"], codesPostaux=sorted(entry.get("codesPostaux", [])), epci=member_of[entry["code"]]["code"] if entry["code"] in member_of else None)
            for entry in communes
        ],
        rattachees=[
            AttachedCommune(code=entry["code"], nom=entry["nom"], type=entry["type"], chefLieu=entry["chefLieu"])
            for entry in sorted(attached, key=lambda entry: (entry["code"], entry["nom"]))
        ],
    )


def extract_bytes(extract: Extract) -> bytes:
    """The archived form: indented JSON, keys in model order, UTF-8, one final newline."""
    return (json.dumps(extract.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_extracts(datasets: list[DatasetSource], sources_dir: Path, locator: Locator, node_modules: Path) -> list[Path]:
    """Write every dataset's extract under ``sources_dir``; nothing is written unless all were extracted.

    The latest vintage's extract also holds the territory (see extract_dataset).
    """
    extracts = {source.id: extract_dataset(datasets, index, locator, node_modules) for index, source in enumerate(datasets)}
    paths = []
    for source in datasets:
        path = extract_path(sources_dir, source)
        path.write_bytes(extract_bytes(extracts[source.id]))
        paths.append(path)
    return paths


def record_digests(datasets: list[DatasetSource], paths: list[Path], locator: Locator) -> Path | None:
    """Write each extract's SHA-256 as its dataset's ``extract_sha256`` in the data file that describes the datasets,
    changing only that line (or adding it after the dataset's ``epci``); returns the file when it changed."""
    document = locator.owner.get("datasets")
    if document is None:
        return None
    lines = document.path.read_text(encoding="utf-8").splitlines(keepends=True)
    # From the last dataset up, so that an added line does not move the next ones.
    for index in reversed(range(len(datasets))):
        digest = hashlib.sha256(paths[index].read_bytes()).hexdigest()
        recorded = datasets[index].extract_sha256
        if recorded is not None:
            line, column = document.locate(("datasets", index, "extract_sha256"))
            lines[line - 1] = lines[line - 1][: column - 1] + lines[line - 1][column - 1 :].replace(recorded, digest, 1)
        else:
            line, column = document.locate(("datasets", index, "epci"), key=True)
            lines.insert(line, " " * (column - 1) + f"extract_sha256: {digest}\n")
    content = "".join(lines)
    if content == document.path.read_text(encoding="utf-8"):
        return None
    document.path.write_text(content, encoding="utf-8")
    return document.path
