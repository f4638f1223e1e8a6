"""An XSS payload in every printing position comes out escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from lararust_view import Blade

if TYPE_CHECKING:
    from conftest import Views

BAD = "\"'><script>x</script>&"


@pytest.fixture
def page(views: Views, blade: Blade) -> Blade:
    views.write(
        "layouts.base", "<title>@yield('title')</title>@yield('missing', bad)@yield('body')"
    )
    views.write("components.box", "<div {{ attributes }}>{{ slot }}|{{ head }}|{{ label }}</div>")
    views.write("part", "{{ bad }}")
    return blade


@pytest.mark.parametrize(
    "source",
    [
        "{{ bad }}",
        '<a href="{{ bad }}">',
        "@section('t', bad)@yield('t')",
        "@yield('missing', bad)",
        "@include('part')",
        "@include('part', {'bad': bad})",
        "@foreach([bad] as b){{ b }}@endforeach",
        "@foreach({bad: bad} as k => v){{ k }}{{ v }}@endforeach",
        "<p @class([bad])>",
        "<p @style([bad])>",
        "@method(bad)",
        "@csrf",
        "@error('f'){{ message }}@enderror",
        '<x-box :title="bad" :label="bad">{{ bad }}<x-slot:head>{{ bad }}</x-slot></x-box>',
        '<x-box data-a="{{ bad }}" label="x"><x-slot:head>h</x-slot></x-box>',
        "@money(bad)",
    ],
)
def test_payload_is_escaped(page: Blade, source: str) -> None:
    page.directive("money", lambda v: v)
    out = page.render_string(source, {"bad": BAD, "csrf_token": BAD, "errors": {"f": [BAD]}})
    assert "<script>" not in out
    assert "\"'>" not in out


def test_payload_in_layout_sections(views: Views, page: Blade) -> None:
    views.write(
        "child",
        "@extends('layouts.base')\n@section('title', bad)\n@section('body'){{ bad }}@endsection",
    )
    out = page.render("child", {"bad": BAD})
    assert "<script>" not in out
    assert out.count("&lt;script&gt;") == 3


def test_json_payload_cannot_close_the_script(page: Blade) -> None:
    out = page.render_string("<script>var x = @json(bad);</script>", {"bad": BAD})
    assert out.count("</script>") == 1


def test_attribute_names_from_data_cannot_break_out(page: Blade) -> None:
    with pytest.raises(ValueError, match="invalid HTML attribute name"):
        page.render_string("<x-box {{ extra }}/>", {"extra": {'x"><script>': "1"}})
