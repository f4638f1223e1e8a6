"""The template compiler (lark) loads with the first compilation, not with the package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it imported."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


def test_a_factory_and_the_facade_do_not_load_the_compiler(tmp_path: Path) -> None:
    code = (
        "import lararust_view\n"
        f"lararust_view.ViewFactory([{str(tmp_path)!r}])\n"
        "lararust_view.View\nlararust_view.ViewServiceProvider"
    )
    assert loaded_after(code, ["lark", "lararust_view._parser"]) == []


def test_rendering_loads_the_compiler(tmp_path: Path) -> None:
    (tmp_path / "hi.blade.html").write_text("Hi {{ name }}")
    code = (
        "import lararust_view\n"
        f"factory = lararust_view.ViewFactory([{str(tmp_path)!r}])\n"
        "assert factory.render('hi', {'name': 'Ann'}) == 'Hi Ann'"
    )
    assert loaded_after(code, ["lark"]) == ["lark"]


def test_the_helper_and_the_provider_do_not_load_the_engine() -> None:
    code = "from lararust_view import View, ViewServiceProvider, view"
    assert loaded_after(code, ["lararust_view._factory", "lark"]) == []
