"""The pytest plugin of LaraRust apps (``-p lararust_cli.testing``; ``lararust test`` loads it).

It puts the app root first on ``sys.path``, sets ``APP_ENV=testing`` unless set, and gives the
``app`` fixture (the application of ``bootstrap/app.py``, booted) and the ``client`` fixture
(an HTTP test client talking to it in-process).
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


@pytest.fixture(scope="session")
def app() -> Any:
    """The application of ``bootstrap/app.py`` (created; the test client boots it)."""
    if not _ROOT:
        pytest.fail("no LaraRust application (bootstrap/app.py) above pytest's root directory")
    return load_application(_ROOT[0])


@pytest.fixture
def client(app: Any) -> Iterator[Any]:
    """An HTTP client for the app (``client.get("/")``), no server or socket involved."""
    from lararust_http import TestClient  # type: ignore[attr-defined]

    with TestClient(app) as test_client:
        yield test_client
