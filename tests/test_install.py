"""A plain, non-editable `pip install .` builds the pages: the package reads nothing from where it is installed but its own files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

from helpers import PROJECT


def test_a_non_editable_install_in_a_fresh_venv_generates_the_pages(tmp_path: Path, copy_repo: Callable[[Path], Path]) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    project = copy_repo(tmp_path / "repo")
    # The package's sources are copied too: building the wheel writes a build/ folder next to them, never in the real tree.
    package = tmp_path / "package"
    package.mkdir()
    shutil.copy2(PROJECT.root / "pyproject.toml", package)
    shutil.copytree(PROJECT.root / "src", package / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    # The project's pip installs the package alone into the fresh venv, from a wheel built as `pip install .` builds it.
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check", "--no-deps", str(package)]
    subprocess.run(install, check=True, capture_output=True)
    for page in (project / "docs").glob("*.md"):  # pages a build of the working tree may have left
        page.unlink()
    # The dependencies come from the project's venv; a folder on PYTHONPATH runs no .pth file, so not its editable install.
    environment = os.environ | {"PYTHONPATH": sysconfig.get_paths()["purelib"]}
    located = subprocess.run([str(python), "-c", "import callcma; print(callcma.__file__)"], cwd=project, env=environment, capture_output=True, text=True, check=True)
    assert Path(located.stdout.strip()).is_relative_to(venv)
    result = subprocess.run([str(python), "-m", "callcma", "generate"], cwd=project, env=environment, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = (project / "docs" / "budget.md").read_text(encoding="utf-8")
    assert page.startswith("---\n\"title\": \"Budget\"\n") and 'id="fait-budget-montant"' in page
