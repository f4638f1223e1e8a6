"""@foreach with the loop variable, @forelse, @for, @while, @break, @continue."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest


def test_foreach(render: Callable[..., str]) -> None:
    assert render("@foreach(xs as x){{ x }}, @endforeach", xs=[1, 2]) == "1, 2, "


def test_foreach_key_value_over_a_mapping(render: Callable[..., str]) -> None:
    assert render("@foreach(d as k => v){{ k }}={{ v }}; @endforeach", d={"a": 1}) == "a=1; "


def test_foreach_key_value_over_a_list_enumerates(render: Callable[..., str]) -> None:
    assert render("@foreach(xs as i => x){{ i }}{{ x }} @endforeach", xs="ab") == "0a 1b "


def test_foreach_over_a_mapping_with_one_name_iterates_keys(render: Callable[..., str]) -> None:
    assert render("@foreach(d as k){{ k }} @endforeach", d={"a": 1, "b": 2}) == "a b "


def test_foreach_unpacks_tuples(render: Callable[..., str]) -> None:
    assert render("@foreach(ps as (a, b)){{ a + b }} @endforeach", ps=[(1, 2)]) == "3 "


@pytest.mark.parametrize(
    ("attr", "expected"),
    [
        ("index", "0,1,2"),
        ("iteration", "1,2,3"),
        ("remaining", "2,1,0"),
        ("count", "3,3,3"),
        ("first", "True,False,False"),
        ("last", "False,False,True"),
        ("even", "False,True,False"),
        ("odd", "True,False,True"),
        ("depth", "1,1,1"),
    ],
)
def test_loop_variable(render: Callable[..., str], attr: str, expected: str) -> None:
    src = f"@foreach(xs as x){{{{ loop.{attr} }}}}@if(not loop.last),@endif @endforeach"
    assert render(src, xs="abc").replace(" ", "") == expected


def test_loop_parent_and_depth_in_nested_loops(render: Callable[..., str]) -> None:
    src = (
        "@foreach(xs as x)@foreach(ys as y)"
        "{{ loop.parent.iteration }}.{{ loop.iteration }}/{{ loop.depth }} "
        "@endforeach{{ loop.iteration }}| @endforeach"
    )
    assert render(src, xs="ab", ys="xy") == "1.1/2 1.2/2 1| 2.1/2 2.2/2 2| "


def test_iterables_without_length_work(render: Callable[..., str]) -> None:
    def gen() -> Iterator[int]:
        yield from (1, 2)

    out = render(
        "@foreach(g as x){{ x }}:{{ loop.count is None }}:{{ loop.last is None }} @endforeach",
        g=gen(),
    )
    assert out == "1:True:True 2:True:True "


def test_forelse_with_items_and_empty(render: Callable[..., str]) -> None:
    src = "@forelse(xs as x){{ x }}@empty none @endforelse"
    assert render(src, xs=[1]) == "1"
    assert render(src, xs=[]) == " none "


def test_for_and_while(render: Callable[..., str]) -> None:
    assert render("@for(i in range(3)){{ i }} @endfor") == "0 1 2 "
    src = "@python n = 0 @endpython\n@while(n < 3){{ n }} @python n += 1 @endpython\n@endwhile"
    assert render(src) == "0 1 2 "


def test_break_and_continue_with_conditions(render: Callable[..., str]) -> None:
    src = "@foreach(xs as x)@continue(x == 2)@break(x == 4){{ x }} @endforeach"
    assert render(src, xs=[1, 2, 3, 4, 5]) == "1 3 "


def test_bare_break_and_continue(render: Callable[..., str]) -> None:
    src = "@foreach(xs as x)@if(x == 1)@continue @endif\n@if(x == 3)@break @endif\n{{ x }} "
    src += "@endforeach"
    assert render(src, xs=[1, 2, 3]) == "2 "


def test_loop_variable_is_restored_after_an_inner_loop(render: Callable[..., str]) -> None:
    src = "@foreach(xs as x)@foreach(ys as y)@endforeach{{ loop.iteration }}@endforeach"
    assert render(src, xs="ab", ys="c") == "12"


def test_loop_in_a_component_attribute(views: object, render: Callable[..., str]) -> None:
    from pathlib import Path

    root = Path(str(views.root))  # type: ignore[attr-defined]
    (root / "components").mkdir()
    (root / "components" / "n.blade.html").write_text("[{{ n }}]")
    assert render('@foreach(xs as x)<x-n :n="loop.iteration"/>@endforeach', xs="ab") == "[1][2]"


def test_foreach_inside_for_has_the_outer_foreach_as_parent(render: Callable[..., str]) -> None:
    src = (
        "@foreach(xs as x)\n@for(i in range(1))\n@foreach(ys as y)"
        "{{ loop.parent.iteration }}{{ loop.depth }}@endforeach\n@endfor\n@endforeach"
    )
    assert render(src, xs="ab", ys="c") == "1222"


def test_python_block_function_and_accumulator(render: Callable[..., str]) -> None:
    src = (
        "@python\ntotal = 0\ndef fmt(v):\n    return prefix + str(v)\n@endpython\n"
        "@foreach(xs as x)\n@python total += x @endpython\n@endforeach\n{{ fmt(total) }}"
    )
    assert render(src, xs=[1, 2], prefix="$") == "$3"
