"""@if and its family: @unless, @isset, @empty, @switch."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

IF = "@if(n > 1)big @elseif(n == 1)one @else none @endif"


@pytest.mark.parametrize(("n", "out"), [(2, "big"), (1, "one"), (0, "none")])
def test_if_elseif_else(render: Callable[..., str], n: int, out: str) -> None:
    assert render(IF, n=n).strip() == out


def test_unless(render: Callable[..., str]) -> None:
    assert render("@unless(x)no @endunless", x=False) == "no "
    assert render("@unless(x)no @endunless", x=True) == ""


def test_endif_closes_unless_as_in_blade(render: Callable[..., str]) -> None:
    assert render("@unless(x)no @endif", x=False) == "no "


def test_isset_of_a_missing_name_is_false(render: Callable[..., str]) -> None:
    assert render("@isset(x)set @else unset @endisset") == " unset "


def test_isset_of_none_is_false(render: Callable[..., str]) -> None:
    assert render("@isset(x)set @endisset", x=None) == ""


def test_isset_of_key_and_attribute_never_raises(render: Callable[..., str]) -> None:
    src = "@isset(d['k'])a @endisset @isset(o.attr)b @endisset @isset(d['q'], o.nope)c @endisset"
    assert render(src, d={"k": 1}, o=SimpleNamespace(attr=2)) == "a  b  "


def test_empty_with_argument(render: Callable[..., str]) -> None:
    assert render("@empty(xs)none @endempty", xs=[]) == "none "
    assert render("@empty(xs)none @endempty", xs=[1]) == ""
    assert render("@empty(missing)none @endempty") == "none "


def test_untaken_branch_never_reads_its_names(render: Callable[..., str]) -> None:
    assert render("@if(False){{ nowhere }} @endif ok") == " ok"


SWITCH = """@switch(v)
@case(1)
one
@break
@case(2)
two
@case(3)
three
@break
@default
other
@endswitch"""


@pytest.mark.parametrize(
    ("v", "out"), [(1, "one\n"), (2, "two\nthree\n"), (3, "three\n"), (9, "other\n")]
)
def test_switch_breaks_and_falls_through(render: Callable[..., str], v: int, out: str) -> None:
    assert render(SWITCH, v=v) == out


def test_continue_inside_switch_continues_the_loop(render: Callable[..., str]) -> None:
    src = "@foreach(xs as x)@switch(x)@case(2)@continue @default{{ x }} @endswitch;@endforeach"
    assert render(src, xs=[1, 2, 3]) == "1 ;3 ;"
