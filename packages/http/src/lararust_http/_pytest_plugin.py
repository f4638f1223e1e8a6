"""The pytest plugin (entry point ``pytest11``): ``app`` and ``client`` fixtures.

``app`` is the application named by the ``lararust_app`` ini option (default
``bootstrap.app:app``, the Laravel 11 layout) with ``APP_ENV=testing``, created afresh for every
test (Laravel's ``createApplication()``): the module is executed again, so each test gets a new
application, booted by its own ``client``, whose shutdown (pools closed, logs flushed) cannot
reach the next test. Override the fixture in a ``conftest.py`` to build one differently.
``client`` is a :class:`TestClient` on it, with lifespan run around the test.

Autouse fixtures (function, class and module scope) put back the application the http layer
serves (``set_container``, set by the kernel's provider) when their scope ends, as core's plugin
does for the process-wide application: a kernel one test builds never answers the next.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from . import _context


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ``lararust_app`` ini option."""
    parser.addini(
        "lararust_app",
        "import path of the LaraRust app under test (module:attr)",
        default="bootstrap.app:app",
    )


@contextmanager
def _isolated_container() -> Iterator[None]:
    saved = list(_context._container)
    try:
        yield
    finally:
        _context._container[:] = saved


@pytest.fixture(autouse=True, scope="module")
def _lararust_http_isolate_module() -> Iterator[None]:
    """What a module's tests and fixtures set as the served application ends with the module."""
    with _isolated_container():
        yield


@pytest.fixture(autouse=True, scope="class")
def _lararust_http_isolate_class() -> Iterator[None]:
    """What a test class's fixtures set as the served application ends with the class."""
    with _isolated_container():
        yield


@pytest.fixture(autouse=True)
def _lararust_http_isolate_test() -> Iterator[None]:
    """What a test sets as the served application ends with the test."""
    with _isolated_container():
        yield


def _fresh_module(module_name: str) -> Any:
    """Execute ``module_name`` anew (a new module object, also put in ``sys.modules``).

    A plain import would hand every test the one application created at first import.
    """
    spec = importlib.util.find_spec(module_name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {module_name!r}", name=module_name)
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(module_name)
    sys.modules[module_name] = module  # so `from bootstrap.app import app` sees this test's app
    try:
        spec.loader.exec_module(module)
    except BaseException:
        if previous is None:
            sys.modules.pop(module_name, None)
        else:
            sys.modules[module_name] = previous
        raise
    return module


@pytest.fixture
def app(request: pytest.FixtureRequest) -> Any:
    """The application under test, created afresh for this test."""
    spec = str(request.config.getini("lararust_app"))
    module_name, _, attribute = spec.partition(":")
    os.environ.setdefault("APP_ENV", "testing")
    root = str(request.config.rootpath)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        module = _fresh_module(module_name)
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
