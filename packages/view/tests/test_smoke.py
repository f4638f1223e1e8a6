"""Smoke tests: the installed wheel alone renders from files and from a string."""

from __future__ import annotations

from pathlib import Path

import pytest
from lararust_view import Blade, TemplateSyntaxError


@pytest.mark.smoke
def test_render_string() -> None:
    blade = Blade()
    out = blade.render_string("@foreach(xs as x)<li>{{ x }}</li>@endforeach", {"xs": ["<a>", "b"]})
    assert out == "<li>&lt;a&gt;</li><li>b</li>"


@pytest.mark.smoke
def test_render_files_with_layout_include_and_component(tmp_path: Path) -> None:
    views = tmp_path / "views"
    (views / "layouts").mkdir(parents=True)
    (views / "components").mkdir()
    (views / "layouts" / "app.blade.html").write_text("<body>@yield('content')</body>")
    (views / "nav.blade.html").write_text("<nav>{{ title }}</nav>")
    (views / "components" / "badge.blade.html").write_text(
        "@props({'kind': 'info'})\n<b class=\"{{ kind }}\">{{ slot }}</b>"
    )
    (views / "home.blade.html").write_text(
        "@extends('layouts.app')\n@section('content')\n@include('nav')"
        '<x-badge kind="new">{{ title }}</x-badge>\n@endsection'
    )
    blade = Blade(paths=[views], cache_path=tmp_path / "compiled", debug=True)
    out = blade.render("home", {"title": "A & B"})
    assert out == '<body><nav>A &amp; B</nav><b class="new">A &amp; B</b>\n</body>'
    assert list((tmp_path / "compiled").glob("*.bladec"))


@pytest.mark.smoke
def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.blade.html").write_text("ok\n@if(x)\n")
    with pytest.raises(TemplateSyntaxError) as info:
        Blade(paths=[tmp_path]).render("bad")
    assert info.value.filename == str(tmp_path / "bad.blade.html")
    assert info.value.lineno == 2
