"""Echoes, raw output, comments and escaping in every printing position."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lararust_support import HtmlString

XSS = "<script>alert('x')</script>&\""
ESCAPED = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;"


def test_echo_escapes_all_five_characters(render: Callable[..., str]) -> None:
    assert render("{{ v }}", v=XSS) == ESCAPED


def test_echo_of_none_prints_nothing(render: Callable[..., str]) -> None:
    assert render("[{{ v }}]", v=None) == "[]"


def test_echo_uses_python_str_for_values(render: Callable[..., str]) -> None:
    assert render("{{ True }} {{ 1.5 }} {{ [1, 2] }}") == "True 1.5 [1, 2]"


def test_safe_html_is_not_escaped_twice(render: Callable[..., str]) -> None:
    assert render("{{ v }}", v=HtmlString("<b>ok</b>")) == "<b>ok</b>"


def test_raw_echo_does_not_escape(render: Callable[..., str]) -> None:
    assert render("{!! v !!}", v="<b>") == "<b>"


def test_raw_echo_of_none_prints_nothing(render: Callable[..., str]) -> None:
    assert render("[{!! v !!}]", v=None) == "[]"


def test_escaped_echo_prints_literal_braces(render: Callable[..., str]) -> None:
    assert render("@{{ name }}") == "{{ name }}"


def test_comment_vanishes(render: Callable[..., str]) -> None:
    assert render("a{{-- {{ boom }} @if --}}b") == "ab"


def test_braces_inside_a_dict_literal_do_not_end_the_echo(render: Callable[..., str]) -> None:
    assert render("{{ {'a': '}}'}['a'] }}") == "}}"


def test_expression_may_span_lines(render: Callable[..., str]) -> None:
    assert render("{{ a +\n   b }}", a=1, b=2) == "3"


def test_double_at_prints_a_literal_directive(render: Callable[..., str]) -> None:
    assert render("@@if(x)") == "@if(x)"


@pytest.mark.parametrize("text", ["user@example.com", "@media screen", "@font-face {}"])
def test_unknown_at_words_are_text(render: Callable[..., str], text: str) -> None:
    assert render(text) == text


def test_at_after_a_word_character_is_text(render: Callable[..., str]) -> None:
    # Blade's rule (\B@): "none@endif" is text, so e-mail addresses never become directives.
    assert render("a@if(x)") == "a@if(x)"


def test_directive_names_match_case_insensitively(render: Callable[..., str]) -> None:
    assert render("@IF(x)yes @ENDIF", x=True) == "yes "


def test_xss_in_attribute_value_is_escaped(render: Callable[..., str]) -> None:
    out = render('<a title="{{ v }}">', v='" onmouseover="alert(1)')
    assert out == '<a title="&#34; onmouseover=&#34;alert(1)">'


def test_object_with_str_is_escaped(render: Callable[..., str]) -> None:
    class Evil:
        def __str__(self) -> str:
            return "<img src=x>"

    assert render("{{ v }}", v=Evil()) == "&lt;img src=x&gt;"


def test_python_expressions_work(render: Callable[..., str]) -> None:
    assert render("{{ ', '.join(x.upper() for x in names) }}", names=["a", "b"]) == "A, B"
