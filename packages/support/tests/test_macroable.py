"""Macroable: runtime methods on Str, Collection and framework classes that opt in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lararust_support import Arr, Macroable, Str


class Widget(Macroable):
    def __init__(self, size: int) -> None:
        self.size = size

    def area(self) -> int:
        return self.size * self.size


class Gadget(Widget):
    pass


@pytest.fixture(autouse=True)
def _flush() -> Iterator[None]:
    yield
    Str.flush_macros()
    Arr.flush_macros()
    Gadget.flush_macros()
    Widget.flush_macros()


@pytest.mark.smoke
def test_static_macro_on_str() -> None:
    Str.macro("shout", lambda value: value.upper() + "!")
    assert Str.shout("hi") == "HI!"


def test_instance_macro_receives_the_instance() -> None:
    Widget.macro("double", lambda self: self.size * 2)
    assert Widget(4).double() == 8


def test_macro_with_arguments() -> None:
    Widget.macro("scaled", lambda self, factor: self.size * factor)
    assert Widget(3).scaled(5) == 15


def test_staticmethod_macro_ignores_the_instance() -> None:
    Widget.macro("unit", staticmethod(lambda: "cm"))
    assert Widget(1).unit() == "cm"


def test_classmethod_macro_receives_the_class() -> None:
    Widget.macro("make", classmethod(lambda cls, size: cls(size)))
    assert isinstance(Gadget.make(2), Gadget)


def test_has_macro() -> None:
    Widget.macro("double", lambda self: self.size * 2)
    assert Widget.has_macro("double")
    assert not Widget.has_macro("area")


def test_subclasses_inherit_macros() -> None:
    Widget.macro("double", lambda self: self.size * 2)
    assert Gadget(2).double() == 4
    assert Gadget.has_macro("double")


def test_subclass_macros_stay_on_the_subclass() -> None:
    Gadget.macro("gadget_only", lambda self: True)
    assert not hasattr(Widget(1), "gadget_only")


def test_a_macro_cannot_replace_a_method() -> None:
    with pytest.raises(ValueError, match="cannot replace a method"):
        Widget.macro("area", lambda self: 0)
    assert Widget(2).area() == 4


def test_a_macro_can_replace_an_earlier_macro() -> None:
    Widget.macro("label", lambda self: "one")
    Widget.macro("label", lambda self: "two")
    assert Widget(1).label() == "two"


@pytest.mark.parametrize("name", ["", "not valid", "__init__", "1st"])
def test_bad_macro_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="identifier"):
        Widget.macro(name, lambda self: None)


def test_non_callable_macro_is_refused() -> None:
    with pytest.raises(TypeError, match="callable"):
        Widget.macro("nothing", 42)  # type: ignore[arg-type]


def test_flush_macros_removes_them() -> None:
    Widget.macro("double", lambda self: self.size * 2)
    Widget.flush_macros()
    assert not Widget.has_macro("double")
    assert not hasattr(Widget(1), "double")


def test_mixin_adds_every_public_function() -> None:
    class Extras:
        def triple(self: Widget) -> int:
            return self.size * 3

        def perimeter(self: Widget) -> int:
            return self.size * 4

        def _private(self) -> None:
            raise AssertionError("private helpers are not mixed in")

    Widget.mixin(Extras)
    assert (Widget(2).triple(), Widget(2).perimeter()) == (6, 8)
    assert not hasattr(Widget(1), "_private")


def test_mixin_without_replace_keeps_existing_macros() -> None:
    Widget.macro("triple", lambda self: "kept")

    class Extras:
        def triple(self: Widget) -> int:
            return self.size * 3

    Widget.mixin(Extras, replace=False)
    assert Widget(2).triple() == "kept"


def test_unknown_attribute_still_raises_attribute_error() -> None:
    with pytest.raises(AttributeError):
        Widget(1).nope()


def test_static_macro_on_arr() -> None:
    Arr.macro("second", lambda items: items[1])
    assert Arr.second([1, 2, 3]) == 2
