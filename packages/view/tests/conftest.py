"""Fixtures: a Blade engine over a temporary view directory the test writes into."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lararust_view import Blade


class Views:
    """Writes templates under a temporary ``views`` directory."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, source: str, ext: str = ".blade.html") -> Path:
        path = self.root / (name.replace(".", "/") + ext)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        return path


@pytest.fixture
def views(tmp_path: Path) -> Views:
    root = tmp_path / "views"
    root.mkdir()
    return Views(root)


@pytest.fixture
def blade(views: Views, tmp_path: Path) -> Blade:
    return Blade(paths=[views.root], cache_path=tmp_path / "compiled", debug=True)


@pytest.fixture
def render(blade: Blade) -> Callable[..., str]:
    def run(source: str, **context: Any) -> str:
        return blade.render_string(source, context)

    return run
