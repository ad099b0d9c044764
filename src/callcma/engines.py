"""The site engines that turn the generated docs/ into site/, and how to run one."""

from __future__ import annotations

import runpy
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Engine:
    """An engine: its Python module (run as ``python -m <module>``) and its configuration file in the project."""

    module: str
    config: str

    def arguments(self, root: Path) -> tuple[str, ...]:
        """The engine's command line for a strict build of the project at ``root``."""
        return ("build", "--strict", "--config-file", str(root / self.config))

    def command(self, root: Path) -> tuple[str, ...]:
        """The same build as a command of its own, with this interpreter: the engine of the project's environment."""
        return (sys.executable, "-m", self.module, *self.arguments(root))


# zensical.yml inherits mkdocs.yml and swaps the theme overrides; each engine writes site/.
ENGINES: dict[str, Engine] = {"mkdocs": Engine("mkdocs", "mkdocs.yml"), "zensical": Engine("zensical", "zensical.yml")}
DEFAULT_ENGINE = "mkdocs"


def run_engine(name: str, root: Path) -> int:
    """Build site/ with the engine in this process, exactly as its own command would; return its exit status.

    In this process rather than a new one: the engine then starts with what the pipeline already imported
    (YAML, Jinja, Babel), and the build costs no second interpreter.
    """
    engine = ENGINES[name]
    saved = sys.argv
    sys.argv = [engine.module, *engine.arguments(root)]
    try:
        runpy.run_module(engine.module, run_name="__main__", alter_sys=True)
    except SystemExit as exit:  # how a command-line program reports its status, success included
        if isinstance(exit.code, str):  # a message instead of a status, as Python itself would print it
            print(exit.code, file=sys.stderr)
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    finally:
        sys.argv = saved
    return 0
