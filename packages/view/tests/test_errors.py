"""Errors a user can act on: file, line, column, and template lines in tracebacks."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

import pytest
from lararust_view import Blade, TemplateError, TemplateSyntaxError, UndefinedError

if TYPE_CHECKING:
    from conftest import Views


def syntax_error(blade: Blade, views: Views, source: str) -> TemplateSyntaxError:
    path = views.write("bad", source)
    with pytest.raises(TemplateSyntaxError) as info:
        blade.render("bad")
    assert info.value.filename == str(path)
    return info.value


def test_unclosed_if_names_where_it_was_opened(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "a\n  @if(x)\nb\n")
    assert (err.lineno, err.column) == (2, 3)
    assert "unclosed @if opened at line 2" in str(err)


def test_mismatched_closer_names_both(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "@foreach(xs as x)\n@endif")
    assert err.lineno == 2
    assert "@endif does not close @foreach opened at line 1" in str(err)


def test_stray_closer(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "x\n@endforeach")
    assert err.lineno == 2
    assert "without an opening directive" in str(err)


def test_python_syntax_error_in_echo_points_at_the_text(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "line1\nab {{ a + }} cd")
    assert err.lineno == 2
    assert "invalid Python in {{ }}" in err.message
    assert "a +" in str(err)


def test_python_syntax_error_in_directive_arguments(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "\n\n@if(x ==)\n@endif")
    assert err.lineno == 3
    assert "@if" in err.message


def test_unclosed_echo_and_comment(blade: Blade, views: Views) -> None:
    assert "unclosed {{" in syntax_error(blade, views, "\n{{ x").message
    assert "unclosed comment" in syntax_error(blade, views, "{{-- x").message


def test_unclosed_directive_parenthesis(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "ok\n@if(x\nmore")
    assert err.lineno == 2
    assert "unclosed (" in err.message


def test_else_outside_if(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "@foreach(xs as x)\n@else\n@endforeach")
    assert err.lineno == 2
    assert "@else" in err.message


def test_break_outside_a_loop(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "\n@break")
    assert err.lineno == 2
    assert "outside a loop" in err.message


def test_bad_foreach_arguments(blade: Blade, views: Views) -> None:
    assert "iterable as name" in syntax_error(blade, views, "@foreach(xs)\n@endforeach").message


def test_directive_missing_required_arguments(blade: Blade, views: Views) -> None:
    assert "@include needs arguments" in syntax_error(blade, views, "@include").message


def test_reserved_names_are_refused(blade: Blade, views: Views) -> None:
    assert "reserved" in syntax_error(blade, views, "{{ _B_o }}").message


def test_error_message_shows_the_source_line_and_a_caret(blade: Blade, views: Views) -> None:
    err = syntax_error(blade, views, "<p>\n  @endif\n")
    assert str(err).splitlines()[1:] == ["      @endif", "      ^"]


def test_undefined_variable_names_variable_template_and_line(blade: Blade, views: Views) -> None:
    path = views.write("page", "ok\n\n<p>{{ user.name }}</p>")
    with pytest.raises(UndefinedError) as info:
        blade.render("page")
    assert info.value.name == "user"
    assert info.value.lineno == 3
    assert str(path) in str(info.value)


def test_runtime_exception_traceback_shows_template_file_and_line(
    blade: Blade, views: Views
) -> None:
    path = views.write("boom", "one\ntwo\n{{ 1 // zero }}\n")
    with pytest.raises(ZeroDivisionError) as info:
        blade.render("boom", {"zero": 0})
    text = "".join(traceback.format_exception(info.value))
    assert f'File "{path}", line 3' in text
    assert "{{ 1 // zero }}" in text  # linecache shows the template's own line
    assert f"raised in template {path}, line 3" in text


def test_runtime_exception_in_an_include_shows_both_templates(blade: Blade, views: Views) -> None:
    inner = views.write("inner", "\n{{ missing_attr.x }}")
    outer = views.write("outer", "@include('inner')")
    with pytest.raises(AttributeError) as info:
        blade.render("outer", {"missing_attr": object()})
    text = "".join(traceback.format_exception(info.value))
    assert f'File "{outer}", line 1' in text
    assert f'File "{inner}", line 2' in text


def test_render_string_errors_name_the_string(blade: Blade) -> None:
    with pytest.raises(TemplateSyntaxError, match=r"<string \w+>:1"):
        blade.render_string("@if(x)")


def test_traceback_line_is_exact_within_a_multi_line_run_of_output(
    blade: Blade, views: Views
) -> None:
    path = views.write("run", "<p>{{ a }}</p>\n<p>{{ 1 // z }}</p>\n")
    with pytest.raises(ZeroDivisionError) as info:
        blade.render("run", {"a": 1, "z": 0})
    assert f'File "{path}", line 2' in "".join(traceback.format_exception(info.value))


def test_exception_context_is_kept(blade: Blade) -> None:
    with pytest.raises(ZeroDivisionError) as info:
        blade.render_string("{{ 1 // 0 }}")
    assert info.value.__suppress_context__ is False


def test_non_utf8_template_is_a_clear_error(blade: Blade, views: Views) -> None:
    path = views.write("latin", "x")
    path.write_bytes(b"caf\xe9")
    with pytest.raises(TemplateError, match=r"latin\.blade\.html: templates must be UTF-8"):
        blade.render("latin")


def test_byte_order_mark_is_dropped(blade: Blade, views: Views) -> None:
    path = views.write("bom", "x")
    path.write_bytes(b"\xef\xbb\xbfhi")
    assert blade.render("bom") == "hi"
