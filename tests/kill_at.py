"""Run the command line and kill it with SIGKILL at one fixed moment of a build, for tests/test_faults.py.

    python tests/kill_at.py <moment> <callcma arguments…>

Each moment is a call the build makes at a meaningful point of one stage: the wrapper lets that call happen, then
the process kills itself, exactly as `kill -9` from outside would at that instant. Nothing of this is in the package.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from callcma.settings import OFFLINE_ZIP_NAME


def _zip_into_site(source: Any, target: Any, *_: Any) -> bool:
    """The offline zip renamed into place in the new site (made now, or reused from .cache/): packaging is over."""
    return Path(target).name == OFFLINE_ZIP_NAME


def _into_docs(source: Any, target: Any, *_: Any) -> bool:
    """A generated file renamed into place under docs/ (not the build's own folder): docs/ is then half new."""
    parts = Path(target).parts
    return "docs" in parts and ".generated" not in parts


# moment → (module, class or None, function, which call kills: its number, or a test of its arguments)
MOMENTS: dict[str, tuple[str, str | None, str, int | Callable[..., bool]]] = {
    "generation": ("os", None, "replace", _into_docs),  # the first page moved into docs/
    "engine": ("mkdocs.commands.build", None, "_build_page", 5),  # the fifth page MkDocs writes
    "engine-zensical": ("zensical.markdown.render", None, "render", 5),  # the fifth page Zensical renders
    "packaging": ("os", None, "replace", _zip_into_site),  # the zip in the new site, before it replaces site/
    "exchange": ("callcma.stages.s7_publish", None, "exchange", 1),  # right after the new site took site/'s place
}


def kill_at(moment: str) -> None:
    module, cls, attribute, when = MOMENTS[moment]
    owner = importlib.import_module(module)
    owner = getattr(owner, cls) if cls else owner
    original = getattr(owner, attribute)
    calls = [0]

    def wrapped(*arguments: Any, **options: Any) -> Any:
        result = original(*arguments, **options)
        calls[0] += 1
        if (calls[0] == when) if isinstance(when, int) else when(*arguments, **options):
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(owner, attribute, wrapped)


if __name__ == "__main__":
    kill_at(sys.argv[1])
    from callcma.cli import main

    sys.exit(main(sys.argv[2:]))
