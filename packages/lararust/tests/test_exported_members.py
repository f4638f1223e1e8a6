"""The umbrella re-exports lazily and every exported name resolves."""

import subprocess
import sys

import lararust
import pytest


@pytest.mark.smoke
def test_all_lists_every_public_name() -> None:
    assert sorted(lararust.__all__) == sorted(dir(lararust))


@pytest.mark.smoke
@pytest.mark.parametrize("name", [n for n in lararust.__all__ if n != "__version__"])
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(lararust, name) is not None


@pytest.mark.smoke
def test_import_is_lazy() -> None:
    code = (
        "import sys, lararust; print(sorted(m for m in sys.modules if m.startswith('lararust_')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.smoke
def test_issue_names_import_together() -> None:
    code = "from lararust import Route, view, Model, DB, Schema, config, env; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
