"""Turn ``"package.module:attribute"`` into the object, with errors that say what is wrong."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any


class AppImportError(Exception):
    """The app import string is malformed or does not resolve."""


def import_app(path: str) -> Any:
    """Import ``module:attr`` (dotted attributes allowed), from the current directory too."""
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        raise AppImportError(f'app import string must look like "module:attribute", got {path!r}')
    cwd = os.getcwd()
    if cwd not in sys.path:
        sys.path.insert(0, cwd)
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name and not module_name.startswith(f"{exc.name}."):
            raise  # the module exists but one of ITS imports failed: show the real error
        raise AppImportError(f"could not import module {module_name!r} (from {path!r})") from None
    obj: Any = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AppImportError(
                f"attribute {attr!r} not found in module {module_name!r}"
            ) from None
    return obj
