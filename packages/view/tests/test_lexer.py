"""Where Blade is not context-free: the modal lexer gets these right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lararust_view import Blade

if TYPE_CHECKING:
    from conftest import Views


def test_parenthesis_inside_a_string_argument(render: Callable[..., str]) -> None:
    assert render("@if(x == ')')yes @endif", x=")") == "yes "


def test_bracket_and_brace_inside_arguments(render: Callable[..., str]) -> None:
    assert render("@if({'a': [1, (2)]}['a'][1] == 2)ok @endif") == "ok "


def test_inline_section_versus_block_section(render: Callable[..., str]) -> None:
    src = "@section('a', 'inline')\n@section('b')\nblock\n@endsection\n@yield('a')|@yield('b')"
    assert render(src) == "inline|block\n"


def test_empty_with_arguments_inside_forelse_is_its_own_block(render: Callable[..., str]) -> None:
    src = "@forelse(xs as x)\n@empty(x)\nfalsy\n@endempty\n{{ x }}\n@empty\nnone\n@endforelse"
    assert render(src, xs=[0, 1]) == "falsy\n0\n1\n"
    assert render(src, xs=[]) == "none\n"


def test_directives_swallow_one_newline_including_crlf(render: Callable[..., str]) -> None:
    assert render("@if(True)\r\na\r\n@endif\r\nb") == "a\r\nb"


def test_echoes_keep_their_newline(render: Callable[..., str]) -> None:
    assert render("{{ 1 }}\n{{ 2 }}\n") == "1\n2\n"


def test_python_block_may_contain_blade_looking_text(render: Callable[..., str]) -> None:
    assert render("@python\ns = '{{ x }} @if(y)'\n@endpython\n{{ s }}") == "{{ x }} @if(y)"


def test_directive_with_spaces_before_the_parenthesis(render: Callable[..., str]) -> None:
    assert render("@if (True)ok @endif") == "ok "


def test_else_never_takes_parentheses(render: Callable[..., str]) -> None:
    assert render("@if(False)a @else (b)@endif") == " (b)"


def test_component_tag_spanning_lines_with_gt_inside_a_bound_value(
    views: Views, blade: Blade
) -> None:
    views.write("components.c", "@props(['big'])\n{{ big }}|{{ attributes }}")
    out = blade.render_string("<x-c\n    :big=\"n > 1\"\n    title='t'\n/>", {"n": 2})
    assert out == 'True|title="t"'


def test_double_colon_attribute_stays_literal(views: Views, blade: Blade) -> None:
    views.write("components.c", "{{ attributes }}")
    assert blade.render_string('<x-c ::class="{ open: x }"/>') == ':class="{ open: x }"'


def test_attribute_spread_from_a_bag(views: Views, blade: Blade) -> None:
    views.write("components.inner", "<i {{ attributes }}></i>")
    views.write("components.outer", '<x-inner {{ attributes }} b="2"/>')
    assert blade.render_string('<x-outer a="1"/>') == '<i a="1" b="2"></i>'
