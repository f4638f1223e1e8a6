"""The pytest plugin (entry point ``pytest11``): ``app`` and ``client`` fixtures.

``app`` imports the application named by the ``lararust_app`` ini option (default
``bootstrap.app:app``, the Laravel 11 layout) with ``APP_ENV=testing``; override the fixture in a
``conftest.py`` to build one differently. ``client`` is a :class:`TestClient` on it, with
lifespan run around the test.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``lararust_app`` ini option."""
    parser.addini(
        "lararust_app",
        "import path of the LaraRust app under test (module:attr)",
        default="bootstrap.app:app",
    )


@pytest.fixture
def app(request: pytest.FixtureRequest) -> Any:
    """The application under test."""
    spec = str(request.config.getini("lararust_app"))
    module_name, _, attribute = spec.partition(":")
    os.environ.setdefault("APP_ENV", "testing")
    root = str(request.config.rootpath)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        pytest.fail(
            f"lararust: cannot import {module_name!r} for the `app` fixture ({exc}). Set "
            '`lararust_app = "package.module:app"` in your pytest ini or define an `app` '
            "fixture in conftest.py.",
            pytrace=False,
        )
    found = getattr(module, attribute or "app", None)
    if found is None:
        pytest.fail(
            f"lararust: {module_name!r} has no attribute {attribute or 'app'!r}.", pytrace=False
        )
    return found


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """A :class:`lararust_http.TestClient` on ``app``."""
    from ._testing import TestClient

    with TestClient(app) as test_client:
        yield test_client
