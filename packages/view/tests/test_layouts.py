"""Includes, layouts and sections, stacks, once, fragments."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from lararust_view import Blade, TemplateError, TemplateNotFound

if TYPE_CHECKING:
    from conftest import Views


def test_include_sees_the_parent_context_plus_given_data(views: Views, blade: Blade) -> None:
    views.write("partials.hello", "{{ greeting }} {{ name }}")
    views.write("page", "@include('partials.hello', {'name': 'Ann'})")
    assert blade.render("page", {"greeting": "Hi"}) == "Hi Ann"


def test_include_sees_loop_variables_and_loop(views: Views, blade: Blade) -> None:
    views.write("row", "{{ loop.iteration }}:{{ item }};")
    views.write("page", "@foreach(items as item)@include('row')@endforeach")
    assert blade.render("page", {"items": ["a", "b"]}) == "1:a;2:b;"


def test_include_sees_variables_set_in_python_blocks(views: Views, blade: Blade) -> None:
    views.write("child", "{{ total }}")
    views.write("page", "@python total = 41 + 1 @endpython\n@include('child')")
    assert blade.render("page") == "42"


def test_include_names_use_slashes_too(views: Views, blade: Blade) -> None:
    views.write("a.b", "deep")
    assert blade.render_string("@include('a/b')") == "deep"


def test_include_of_a_missing_view_names_it(blade: Blade) -> None:
    with pytest.raises(TemplateNotFound, match="'nope'"):
        blade.render_string("@include('nope')")


def test_include_if_skips_missing_views(views: Views, blade: Blade) -> None:
    views.write("there", "yes")
    assert blade.render_string("@includeIf('there')@includeIf('nope')") == "yes"


def test_include_when_and_unless(views: Views, blade: Blade) -> None:
    views.write("p", "P")
    src = "@includeWhen(a, 'p')@includeWhen(b, 'p')@includeUnless(b, 'p')"
    assert blade.render_string(src, {"a": True, "b": False}) == "PP"


def test_include_first(views: Views, blade: Blade) -> None:
    views.write("second", "2")
    assert blade.render_string("@includeFirst(['first', 'second'])") == "2"
    with pytest.raises(TemplateNotFound):
        blade.render_string("@includeFirst(['x', 'y'])")


def test_each_renders_a_view_per_item_and_the_empty_view(views: Views, blade: Blade) -> None:
    views.write("job", "{{ key }}={{ job }};")
    views.write("none", "no jobs")
    src = "@each('job', jobs, 'job', 'none')"
    assert blade.render_string(src, {"jobs": ["a", "b"]}) == "0=a;1=b;"
    assert blade.render_string(src, {"jobs": []}) == "no jobs"
    assert blade.render_string("@each('job', [], 'job', 'raw|empty!')") == "empty!"


LAYOUT = """<title>@yield('title', 'Default & co')</title>
@section('nav')
<nav>base</nav>
@show
<main>@yield('content')</main>"""


def test_layout_sections_yield_and_escaped_defaults(views: Views, blade: Blade) -> None:
    views.write("layouts.app", LAYOUT)
    views.write("page", "@extends('layouts.app')\n@section('content')\nHi {{ n }}\n@endsection")
    out = blade.render("page", {"n": "<b>"})
    assert out == "<title>Default &amp; co</title>\n<nav>base</nav>\n<main>Hi &lt;b&gt;\n</main>"


def test_inline_section_value_is_escaped(views: Views, blade: Blade) -> None:
    views.write("layouts.app", LAYOUT)
    views.write("page", "@extends('layouts.app')\n@section('title', t)")
    assert blade.render("page", {"t": "<x>"}).startswith("<title>&lt;x&gt;</title>")


def test_parent_keeps_the_layout_content(views: Views, blade: Blade) -> None:
    views.write("layouts.app", LAYOUT)
    views.write(
        "page", "@extends('layouts.app')\n@section('nav')\n@parent\n<a>more</a>\n@endsection"
    )
    assert "<nav>base</nav>\n<a>more</a>\n" in blade.render("page")


def test_child_section_replaces_the_layout_section(views: Views, blade: Blade) -> None:
    views.write("layouts.app", LAYOUT)
    views.write("page", "@extends('layouts.app')\n@section('nav')\nmine\n@endsection")
    out = blade.render("page")
    assert "mine" in out
    assert "base" not in out


def test_layouts_nest_to_any_depth(views: Views, blade: Blade) -> None:
    views.write("base", "[@yield('body')]")
    views.write("mid", "@extends('base')\n@section('body')\n(@yield('inner'))\n@endsection")
    views.write("page", "@extends('mid')\n@section('inner', 'leaf')")
    assert blade.render("page") == "[(leaf)\n]"


def test_layout_sees_the_child_variables(views: Views, blade: Blade) -> None:
    views.write("base", "{{ who }}")
    views.write("page", "@extends('base')\n@python who = 'child' @endpython")
    assert blade.render("page") == "child"


def test_has_section_and_section_missing(views: Views, blade: Blade) -> None:
    views.write("base", "@hasSection('a')A @endif\n@sectionMissing('b')no-b @endif")
    views.write("page", "@extends('base')\n@section('a', 'x')")
    assert blade.render("page") == "A no-b "


def test_append_and_overwrite(views: Views, blade: Blade) -> None:
    views.write("base", "@section('s')\nbase\n@show")
    # As in Blade, a child's @append is still the first definition: the layout's is dropped.
    views.write("p1", "@extends('base')\n@section('s')\nchild\n@append")
    assert blade.render("p1") == "child\n"
    views.write("p3", "@section('s')\none\n@endsection\n@section('s')\ntwo\n@append\n@yield('s')")
    assert blade.render("p3") == "one\ntwo\n"
    views.write(
        "p2", "@section('s')\none\n@endsection\n@section('s')\ntwo\n@overwrite\n@yield('s')"
    )
    assert blade.render("p2") == "two\n"


def test_stacks_push_prepend_and_print_where_the_stack_is(views: Views, blade: Blade) -> None:
    views.write("base", "<head>@stack('js')</head>@yield('body')")
    views.write(
        "page",
        "@extends('base')\n@section('body')\n@push('js')<a>@endpush\n@prepend('js')<b>@endprepend\n"
        "@include('late')\n@endsection",
    )
    views.write("late", "@push('js')<c>@endpush")
    assert blade.render("page") == "<head><b><a><c></head>"


def test_push_once_and_once(views: Views, blade: Blade) -> None:
    views.write("widget", "@pushOnce('js')<w>@endPushOnce\n@once\nonce!\n@endonce\n")
    src = "@stack('js')|@include('widget')@include('widget')"
    assert blade.render_string(src) == "<w>|once!\n"


def test_verbatim_prints_blade_syntax(render: Callable[..., str]) -> None:
    assert render("@verbatim\n{{ x }} @if(y)\n@endverbatim") == "{{ x }} @if(y)\n"


def test_python_block_defines_variables(render: Callable[..., str]) -> None:
    assert render("@python\n    x = [1, 2]\n    y = sum(x)\n@endpython\n{{ y }}") == "3"


def test_inline_python_statement(render: Callable[..., str]) -> None:
    assert render("@python(x = 5){{ x * 2 }}") == "10"


def test_fragment_renders_alone(views: Views, blade: Blade) -> None:
    views.write("base", "<html>@yield('body')</html>")
    views.write(
        "list",
        "@extends('base')\n@section('body')\n<ul>@fragment('rows')@foreach(xs as x)<li>{{ x }}</li>"
        "@endforeach\n@endfragment</ul>\n@endsection",
    )
    assert blade.render("list", {"xs": [1, 2]}, fragment="rows") == "<li>1</li><li>2</li>"
    assert blade.render("list", {"xs": [1]}) == "<html><ul><li>1</li></ul>\n</html>"
    with pytest.raises(TemplateError, match="no @fragment"):
        blade.render("list", {"xs": []}, fragment="nope")


def test_include_cycle_is_an_error(views: Views, blade: Blade) -> None:
    views.write("loop", "@include('loop')")
    with pytest.raises(TemplateError, match="nest more than"):
        blade.render("loop")


def test_view_names_may_not_climb_out(blade: Blade) -> None:
    with pytest.raises(TemplateNotFound, match=r"\.\."):
        blade.render("../secret")


def test_stop_ends_a_section_like_endsection(render: Callable[..., str]) -> None:
    assert render("@section('s')\nx\n@stop\n[@yield('s')]") == "[x\n]"
