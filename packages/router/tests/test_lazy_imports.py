"""``import lararust_router`` loads a name's module on first use only (PEP 562)."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it imported."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


def test_importing_the_package_loads_neither_the_router_nor_http() -> None:
    modules = ["lararust_http", "lararust_router._router"]
    assert loaded_after("import lararust_router", modules) == []


def test_a_name_loads_its_module() -> None:
    code = "from lararust_router import RouteDefinition\nassert RouteDefinition.__name__ == 'Route'"
    assert loaded_after(code, ["lararust_router._route"]) == ["lararust_router._route"]
