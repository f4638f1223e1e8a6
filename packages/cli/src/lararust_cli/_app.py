"""Find the application a command runs in, and load its ``bootstrap/app.py``.

Rules: the app root is the nearest directory (cwd or a parent) holding ``bootstrap/app.py``; it
goes first on ``sys.path`` so the app's ``app`` package wins over anything installed, and
``bootstrap/app.py`` is loaded by file path so no installed ``bootstrap`` module can shadow it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

from ._errors import CommandError

BOOTSTRAP = Path("bootstrap") / "app.py"


def find_root(start: Path | None = None) -> Path | None:
    """Return the nearest directory from ``start`` upwards that holds ``bootstrap/app.py``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / BOOTSTRAP).is_file():
            return folder
    return None


def put_first_on_path(root: Path) -> None:
    """Put the app root first on ``sys.path`` so its ``app`` package wins over installed ones."""
    text = str(root)
    if sys.path[:1] != [text]:
        if text in sys.path:
            sys.path.remove(text)
        sys.path.insert(0, text)


def enter(root: Path) -> None:
    """Put the app root first on ``sys.path`` and make it the working directory (as artisan)."""
    put_first_on_path(root)
    os.chdir(root)


def require_root(root: Path | None, command: str) -> Path:
    """Return ``root`` or fail with a message naming the command and where it looked."""
    if root is None:
        raise CommandError(
            f"`lararust {command}` must run inside a LaraRust application: "
            f"no {BOOTSTRAP} in {Path.cwd()} or its parents"
        )
    return root


def load_application(root: Path) -> Any:
    """Import ``bootstrap/app.py`` by path and return its ``app`` object (created, not booted)."""
    enter(root)
    cached = sys.modules.get("bootstrap.app")
    if cached is not None and getattr(cached, "__file__", None) == str(root / BOOTSTRAP):
        return _app_of(cached, root)
    path = root / BOOTSTRAP
    spec = importlib.util.spec_from_file_location("bootstrap.app", path)
    if spec is None or spec.loader is None:  # pragma: no cover - a .py path always has a loader
        raise CommandError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bootstrap.app"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop("bootstrap.app", None)
        raise
    return _app_of(module, root)


def _app_of(module: Any, root: Path) -> Any:
    app = getattr(module, "app", None)
    if app is None:
        raise CommandError(f"{root / BOOTSTRAP} does not define `app`")
    return app
