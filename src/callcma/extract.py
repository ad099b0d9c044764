"""Regenerate the archived dataset extracts (data/sources/<id>.json) from the pinned npm packages.

Each dataset of data/sources.yaml names a package version; scripts/communes/package.json installs it under
the alias ``<package name>-<version>``. Only the EPCI's record and its member communes' are kept, with the
fields the site shows, so that the archive stays small and says nothing the site does not use; and the vintage
(millésime) of the version, as the package's README gives it in its table of vintages and versions.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .errors import DataError, Problem
from .model import DatasetSource
from .records import CommuneRecord, EpciRecord, Extract, extract_path
from .locator import Locator

EPCI_FILE = "data/epci.json"
COMMUNES_FILE = "data/communes.json"
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
    files; its vintage from the README of a dataset of the same package that lists it among its files."""
    source = datasets[index]
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
    for needed in (EPCI_FILE, COMMUNES_FILE):
        if needed not in files:
            problems.append(locator.problem(("datasets", index, "files"), f"expected {needed} among the files the extract is taken from"))
    vintage = _vintage(source, datasets, node_modules)
    if vintage is None:
        problems.append(locator.problem(("datasets", index, "version"), f"no README.md listed among the files of a dataset of {source.package} gives the vintage of version {source.version}"))
    if problems:
        raise DataError(problems)
    return _select(source, index, locator, folder, vintage or 0)


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
    communes = {entry["code"]: entry for entry in json.loads((folder / COMMUNES_FILE).read_text(encoding="utf-8")) if entry.get("type") == "commune-actuelle"}
    missing = [code for code in members if code not in communes]
    if missing:
        raise DataError([locator.problem(("datasets", index, "epci"), f"member communes missing from {COMMUNES_FILE}: {', '.join(missing)}")])
    return Extract(
        millesime=vintage,
        epci=EpciRecord(code=epci["code"], nom=epci["nom"], membres=members),
        communes=[CommuneRecord(code=code, nom=communes[code]["nom"], codesPostaux=sorted(communes[code]["codesPostaux"])) for code in members],
    )


def extract_bytes(extract: Extract) -> bytes:
    """The archived form: indented JSON, keys in model order, UTF-8, one final newline."""
    return (json.dumps(extract.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_extracts(datasets: list[DatasetSource], sources_dir: Path, locator: Locator, node_modules: Path) -> list[Path]:
    """Write every dataset's extract under ``sources_dir``; nothing is written unless all were extracted."""
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
