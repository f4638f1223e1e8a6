"""Shared fixtures: every test starts with no facade resolver, UTC, a running clock and real ids."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lararust_support import Str, set_default_timezone, set_facade_resolver, set_test_now


@pytest.fixture(autouse=True)
def _reset_support_globals() -> Iterator[None]:
    yield
    set_facade_resolver(None)
    set_default_timezone("UTC")
    set_test_now(None)
    Str.create_uuids_using(None)
    Str.create_ulids_using(None)
    Str.create_random_strings_using(None)
