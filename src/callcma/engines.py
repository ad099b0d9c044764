"""The site engines that turn the generated docs/ into site/, each with the command that builds with it."""

from __future__ import annotations

import sys

# Each engine reads its own configuration file (zensical.yml inherits mkdocs.yml and swaps the theme overrides)
# and writes site/. Run through this interpreter, so that the engine of the project's environment builds.
ENGINE_COMMANDS: dict[str, tuple[str, ...]] = {
    "mkdocs": (sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "mkdocs.yml"),
    "zensical": (sys.executable, "-m", "zensical", "build", "--strict", "--config-file", "zensical.yml"),
}
DEFAULT_ENGINE = "mkdocs"
