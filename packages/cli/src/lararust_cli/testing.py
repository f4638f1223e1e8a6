"""The pytest plugin of LaraRust apps (``-p lararust_cli.testing``; ``lararust test`` loads it).

It puts the app root first on ``sys.path``, sets ``APP_ENV=testing`` unless set, and gives the
``app`` fixture (a fresh application of ``bootstrap/app.py`` per test) and the ``client``
fixture (lararust-http's ``TestClient`` talking to it in process; its lifespan boots the app).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._app import find_root, load_application

_ROOT: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    """Find the app from pytest's root directory and make it importable."""
    os.environ.setdefault("APP_ENV", "testing")
    root = find_root(Path(str(config.rootpath)))
    if root is not None:
        import sys

        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        _ROOT[:] = [root]


@pytest.fixture
def app() -> Any:
    """A fresh application from ``bootstrap/app.py`` for each test (the client boots it)."""
    if not _ROOT:
        pytest.fail("no LaraRust application (bootstrap/app.py) above pytest's root directory")
    return load_application(_ROOT[0], fresh=True)


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """An HTTP client for the app (``client.get("/")``): in process, no socket; lifespan runs."""
    from lararust_http import TestClient

    with TestClient(app) as test_client:
        yield test_client
