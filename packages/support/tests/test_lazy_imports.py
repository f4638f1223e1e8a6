"""``import lararust_support`` loads a name's module on first use only (PEP 562)."""

from __future__ import annotations

import subprocess
import sys

import lararust_support
import pytest


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it imported."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


MODULES = ["lararust_support._facade", "lararust_support._str", "lararust_support._collection"]


def test_the_facade_base_does_not_load_str_or_collections() -> None:
    code = "from lararust_support import Facade, set_facade_resolver"
    assert loaded_after(code, MODULES) == ["lararust_support._facade"]


def test_a_name_is_the_same_object_as_its_module_s() -> None:
    from lararust_support._str import Str

    assert lararust_support.Str is Str


def test_an_unknown_name_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Nope"):
        lararust_support.Nope  # noqa: B018
