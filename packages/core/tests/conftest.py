"""Shared fixtures: a scratch project folder and an environment restored after each test."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lararust_support import get_default_timezone, set_default_timezone, set_facade_resolver


@pytest.fixture(autouse=True)
def restore_environ() -> Iterator[None]:
    """Put back what tests change globally: ``os.environ``, the facade resolver, the timezone."""
    saved, timezone = dict(os.environ), get_default_timezone()
    yield
    os.environ.clear()
    os.environ.update(saved)
    set_facade_resolver(None)
    set_default_timezone(timezone)


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Write files into a scratch project: ``project({"config/app.py": "..."})``."""

    def write(files: dict[str, str]) -> Path:
        for name, text in files.items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
        return tmp_path

    return write
