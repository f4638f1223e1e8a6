"""@json, @class, @style, flag directives, and the web helpers reading plain context keys."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from lararust_view import TemplateError


def test_json_is_safe_inside_script(render: Callable[..., str]) -> None:
    out = render("@json(v)", v={"a": "</script><b>&'"})
    assert "<" not in out
    assert ">" not in out
    assert "'" not in out
    assert "&" not in out
    assert json.loads(out) == {"a": "</script><b>&'"}


def test_json_with_indent(render: Callable[..., str]) -> None:
    assert render("@json([1], 2)") == "[\n  1\n]"


def test_json_global_is_callable_and_has_dumps(render: Callable[..., str]) -> None:
    assert render("{{ json({'a': '<'}) }}|{{ json.dumps(1) }}") == '{"a": "\\u003c"}|1'


def test_class_directive(render: Callable[..., str]) -> None:
    out = render("<p @class(['p-4', {'bold': b, 'red': not b}, 'x\"y'])>", b=True)
    assert out == '<p class="p-4 bold x&#34;y">'


def test_style_directive(render: Callable[..., str]) -> None:
    out = render("<p @style({'color: red': True, 'margin: 0': False})>")
    assert out == '<p style="color: red;">'


@pytest.mark.parametrize("flag", ["checked", "selected", "disabled", "readonly", "required"])
def test_flag_directives(render: Callable[..., str], flag: str) -> None:
    assert render(f"<input @{flag}(v)>", v=True) == f"<input {flag}>"
    assert render(f"<input @{flag}(v)>", v=False) == "<input >"


def test_csrf_reads_csrf_token_and_escapes_it(render: Callable[..., str]) -> None:
    out = render("@csrf", csrf_token='t"k')
    assert out == '<input type="hidden" name="_token" value="t&#34;k" autocomplete="off">'


def test_csrf_token_may_be_a_callable(render: Callable[..., str]) -> None:
    assert 'value="abc"' in render("@csrf", csrf_token=lambda: "abc")


def test_csrf_without_a_token_is_a_clear_error(render: Callable[..., str]) -> None:
    with pytest.raises(TemplateError, match="csrf_token"):
        render("@csrf")


def test_method_field(render: Callable[..., str]) -> None:
    assert render("@method('put')") == '<input type="hidden" name="_method" value="PUT">'


def test_auth_and_guest(render: Callable[..., str]) -> None:
    src = "@auth in @else out @endauth|@guest g @endguest"
    assert render(src, auth_user=SimpleNamespace(name="a")) == " in |"
    assert render(src) == " out | g "


def test_auth_with_a_guard(render: Callable[..., str]) -> None:
    src = "@auth('admin') admin @endauth"
    assert render(src, auth_guards={"admin": object()}) == " admin "
    assert render(src, auth_user=object()) == ""


def test_error_with_a_mapping(render: Callable[..., str]) -> None:
    src = "@error('email')<b>{{ message }}</b>@enderror"
    assert render(src, errors={"email": ["Bad <email>", "second"]}) == "<b>Bad &lt;email&gt;</b>"
    assert render(src, errors={}) == ""
    assert render(src) == ""


def test_error_with_a_message_bag_object(render: Callable[..., str]) -> None:
    class Bag:
        def has(self, field: str) -> bool:
            return field == "name"

        def first(self, field: str) -> str:
            return "required"

    assert render("@error('name'){{ message }}@enderror", errors=Bag()) == "required"


def test_env_and_production(render: Callable[..., str]) -> None:
    src = "@env('local')L @endenv\n@env(['staging', 'production'])S @endenv\n"
    src += "@production P @endproduction"
    assert render(src, app_env="local") == "L "
    assert render(src, app_env="production") == "S  P "
    assert render(src) == ""


def test_error_in_a_named_bag(render: Callable[..., str]) -> None:
    class Bag:
        def __init__(self, messages: dict[str, list[str]]) -> None:
            self.messages = messages

        def bag(self, name: str) -> Bag:
            return Bag({"title": ["in post"]} if name == "post" else {})

        def has(self, field: str) -> bool:
            return field in self.messages

        def first(self, field: str) -> str:
            return self.messages[field][0]

    src = "@error('title', 'post'){{ message }}@enderror"
    assert render(src, errors=Bag({"title": ["default bag"]})) == "in post"
    assert render(src, errors={"post": {"title": ["nested"]}}) == "nested"
