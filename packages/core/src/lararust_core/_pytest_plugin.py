"""The pytest plugin (entry point ``pytest11``): nothing of one test's application leaks on.

``Application()`` makes itself the process-wide current application and loads its ``.env`` into
``os.environ`` (where the real environment wins over the next app's ``.env``), facades cache
standalone defaults and fakes, and core's provider sets support's default timezone: all
process-wide, so an application one test builds would otherwise answer ``app()``, ``config()``,
``env()`` and every facade in the next test (another package's, in the same pytest run).
Autouse fixtures at function, class and module scope save that state when their scope begins
and put it back when it ends (Laravel's per-test ``tearDown``). Saving and restoring, rather
than clearing, keeps what a longer-lived fixture set up: a module-scoped fixture's application
stays current for the tests of its module, and is gone once the module is done.

PYTEST_DONT_REWRITE (pytest rewrites an entry-point plugin's whole distribution otherwise)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import pytest
from lararust_support import (
    get_default_timezone,
    get_test_now,
    isolated_facades,
    set_default_timezone,
    set_test_now,
)

from . import _current


@contextmanager
def isolated_application() -> Iterator[None]:
    """Run a block, then restore the process-wide application, facades, env, timezone and clock."""
    application = _current._process_wide
    environ = dict(os.environ)
    timezone = get_default_timezone()
    frozen = get_test_now()
    with isolated_facades():
        try:
            yield
        finally:
            _current.set_application(application)
            _restore_environ(environ)
            set_default_timezone(timezone)
            set_test_now(frozen)


def _restore_environ(saved: Mapping[str, str]) -> None:
    # Only what changed is touched: a full clear() would unset and set every variable again.
    for key in [key for key in os.environ if key not in saved]:
        del os.environ[key]
    for key, value in saved.items():
        if os.environ.get(key) != value:
            os.environ[key] = value


@pytest.fixture(autouse=True, scope="module")
def _lararust_isolate_module() -> Iterator[None]:
    """What a module's tests and module-scoped fixtures set up ends with the module."""
    with isolated_application():
        yield


@pytest.fixture(autouse=True, scope="class")
def _lararust_isolate_class() -> Iterator[None]:
    """What a test class's class-scoped fixtures set up ends with the class."""
    with isolated_application():
        yield


@pytest.fixture(autouse=True)
def _lararust_isolate_test() -> Iterator[None]:
    """What a test (and its function-scoped fixtures) set up ends with the test."""
    with isolated_application():
        yield
