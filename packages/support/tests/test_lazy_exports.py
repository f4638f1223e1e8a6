"""lazy_exports: a package's public names load on first access and are then cached."""

from __future__ import annotations

import sys
import types

import pytest
from lararust_support import lazy_exports


@pytest.fixture
def package() -> types.ModuleType:
    module = types.ModuleType("lazy_demo")
    module.__dict__["_private"] = 1
    sys.modules["lazy_demo"] = module
    getattr_, dir_ = lazy_exports(
        "lazy_demo", {"dumps": ("json", "dumps"), "j": ("json", None)}, ["dumps", "j"]
    )
    module.__dict__["__getattr__"] = getattr_
    module.__dict__["__dir__"] = dir_
    yield module
    del sys.modules["lazy_demo"]


@pytest.mark.smoke
def test_a_name_loads_on_first_access_and_is_cached(package: types.ModuleType) -> None:
    import json

    assert "dumps" not in vars(package)
    assert package.dumps is json.dumps
    assert vars(package)["dumps"] is json.dumps


def test_a_none_attribute_names_the_module_itself(package: types.ModuleType) -> None:
    import json

    assert package.j is json


def test_an_unknown_name_is_an_attribute_error_naming_the_module(
    package: types.ModuleType,
) -> None:
    with pytest.raises(AttributeError, match="module 'lazy_demo' has no attribute 'nope'"):
        _ = package.nope


def test_dir_lists_public_names_and_private_ones_set(package: types.ModuleType) -> None:
    assert {"dumps", "j", "_private"} <= set(dir(package))
