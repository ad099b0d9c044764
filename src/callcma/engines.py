"""The site engines that turn the generated docs/ into a site, and how to run one with the build's settings."""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from .settings import BUILD_DATE, ENGINE_CONFIG, Settings


@dataclass(frozen=True)
class Engine:
    """An engine: its Python module (run as ``python -m <module>``) and its configuration file in the project."""

    module: str
    config: str

    @staticmethod
    def arguments(config: Path) -> tuple[str, ...]:
        """The engine's command line for a strict build with the configuration file ``config``."""
        return ("build", "--strict", "--config-file", str(config))

    def command(self, root: Path) -> tuple[str, ...]:
        """The engine's own build of the project, as a command of its own with this interpreter (the benchmark's)."""
        return (sys.executable, "-m", self.module, *self.arguments(root / self.config))


# zensical.yml inherits mkdocs.yml and adds Zensical's stylesheet.
ENGINES: dict[str, Engine] = {"mkdocs": Engine("mkdocs", "mkdocs.yml"), "zensical": Engine("zensical", "zensical.yml")}
DEFAULT_ENGINE = "mkdocs"


def run_engine(name: str, settings: Settings, site_dir: Path) -> int:
    """Build the site into ``site_dir`` with the engine, in this process, exactly as its own command would; return
    its exit status.

    The build's settings are given to the engine, never read by it: the site's address and the output folder in a
    configuration that inherits the engine's own (both engines read INHERIT), the build date as the one variable
    MkDocs dates its sitemap from. In this process rather than a new one: the engine then starts with what the
    pipeline already imported (YAML, Jinja, Babel), and the build costs no second interpreter.
    """
    engine = ENGINES[name]
    config = settings.root / ENGINE_CONFIG
    # Beside the engine's own file, so that every path it names (docs/, the overrides, the hooks) means the same.
    overrides = {"INHERIT": engine.config, "site_dir": os.path.relpath(site_dir, settings.root), "site_url": settings.publication.site_url}
    config.write_text(yaml.safe_dump(overrides, allow_unicode=True, sort_keys=False), encoding="utf-8")
    saved = sys.argv
    sys.argv = [engine.module, *engine.arguments(config)]
    try:
        with _build_date(settings.build_epoch):
            runpy.run_module(engine.module, run_name="__main__", alter_sys=True)
    except SystemExit as exit:  # how a command-line program reports its status, success included
        if isinstance(exit.code, str):  # a message instead of a status, as Python itself would print it
            print(exit.code, file=sys.stderr)
        return exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    finally:
        sys.argv = saved
        config.unlink(missing_ok=True)
    return 0


@contextmanager
def _build_date(epoch: int | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH set to the build's date (or unset) while the engine runs, as it was afterwards."""
    saved = os.environ.get(BUILD_DATE)
    os.environ.pop(BUILD_DATE, None)
    if epoch is not None:
        os.environ[BUILD_DATE] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop(BUILD_DATE, None)
        if saved is not None:
            os.environ[BUILD_DATE] = saved
