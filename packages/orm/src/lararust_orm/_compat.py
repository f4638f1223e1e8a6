"""Where the ORM meets its siblings: support's Collection and core's application.

Outside an application (a plain script), core's ``config``/``app`` raise ``LookupError``;
these helpers turn that into defaults so the ORM works with ``DB.configure(url)`` alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lararust_support import Collection


def collection(items: Iterable[Any]) -> Collection[int, Any]:
    """Build a support ``Collection`` of rows."""
    return Collection(items)


def adopt_rows(rows: list[Any]) -> Collection[int, Any]:
    """A ``Collection`` over a driver's fresh list of rows, without copying it.

    For lists nothing else holds (what a fetch hands back): no type checks and no copy of
    1,000 references per 1,000-row ``get()``. Anything but a plain list is copied as usual.
    """
    if type(rows) is list:
        return Collection._of(rows, False)
    return Collection(rows)


def app_config(key: str, default: Any = None) -> Any:
    """Read the application's configuration, or ``default`` when no application runs."""
    from lararust_core import config

    try:
        return config(key, default)
    except LookupError:
        return default


def base_path() -> Path:
    """The application's root, or the working directory in a script."""
    from lararust_core import app

    try:
        return Path(app().base_path)
    except LookupError:
        return Path.cwd()


def environment() -> str:
    """The application environment (``app.env``, else ``APP_ENV``, else production)."""
    return str(app_config("app.env", None) or os.environ.get("APP_ENV", "production"))
