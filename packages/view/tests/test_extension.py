"""Custom directives and ifs, shared data, composers, namespaces."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from lararust_support import HtmlString
from lararust_view import Blade, TemplateNotFound

if TYPE_CHECKING:
    from conftest import Views


def test_custom_directive_result_is_escaped(blade: Blade) -> None:
    blade.directive("money", lambda amount, cur="€": f"{amount:.2f} {cur} <")
    assert blade.render_string("@money(3)|@money(1.5, '$')") == "3.00 € &lt;|1.50 $ &lt;"
    assert blade.render_string("@money(2, cur='£')|@money(*[1], **{'cur': 'x'})") == (
        "2.00 £ &lt;|1.00 x &lt;"
    )


def test_custom_directive_returning_html_is_not_escaped(blade: Blade) -> None:
    blade.directive("icon", lambda name: HtmlString(f"<i>{name}</i>"))
    assert blade.render_string("@icon('x') @ICON('y')") == "<i>x</i> <i>y</i>"


def test_custom_directive_without_arguments(blade: Blade) -> None:
    blade.directive("hr", lambda: HtmlString("<hr>"))
    assert blade.render_string("@hr") == "<hr>"


def test_registering_a_directive_recompiles_templates(blade: Blade) -> None:
    assert blade.render_string("@shout('a')") == "@shout('a')"
    blade.directive("shout", lambda s: s.upper())
    assert blade.render_string("@shout('a')") == "A"


def test_custom_if_with_else_unless_and_end(blade: Blade) -> None:
    blade.if_("disk", lambda name: name == "local")
    src = "@disk('local')L @elsedisk('s3')S @else X @enddisk|@unlessdisk('s3')notS @enddisk"
    assert blade.render_string(src) == "L |notS "
    assert blade.render_string("@disk('s3')L @elsedisk('local')S @enddisk") == "S "
    assert blade.render_string("@disk(name='local')kw @enddisk") == "kw "


def test_directive_names_may_not_shadow_builtins(blade: Blade) -> None:
    with pytest.raises(ValueError, match="already a directive"):
        blade.directive("if", lambda: "")
    with pytest.raises(ValueError, match="identifier"):
        blade.directive("no-dash", lambda: "")


def test_share_key_value_and_mapping(blade: Blade) -> None:
    blade.share("a", 1)
    blade.share({"b": 2})
    assert blade.render_string("{{ a }}{{ b }}") == "12"
    assert blade.render_string("{{ a }}", {"a": "given wins"}) == "given wins"


def test_composer_adds_data_to_matching_views(views: Views, blade: Blade) -> None:
    views.write("admin.dash", "{{ count }}")
    views.write("admin.other", "{{ count }}")
    seen: list[str] = []

    def compose(view: Any) -> None:
        seen.append(view.name)
        view["count"] = 7

    blade.composer("admin.*", compose)
    assert blade.render("admin.dash") == "7"
    assert blade.render("admin.other") == "7"
    assert seen == ["admin.dash", "admin.other"]


def test_composer_may_return_a_mapping(views: Views, blade: Blade) -> None:
    views.write("p", "{{ x }}")
    blade.composer(["p"], lambda view: {"x": "from composer"})
    assert blade.render("p") == "from composer"


def test_namespaced_views(blade: Blade, tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    (mail / "layout.blade.html").write_text("mail: {{ x }}")
    blade.namespace("mail", mail)
    assert blade.render("mail::layout", {"x": 1}) == "mail: 1"
    with pytest.raises(TemplateNotFound, match="namespace 'nope'"):
        blade.render("nope::layout")


def test_make_exists_and_view_instance(views: Views, blade: Blade) -> None:
    views.write("hello", "Hi {{ name }}")
    assert blade.exists("hello")
    assert not blade.exists("bye")
    view = blade.make("hello", {"name": "<A>"}).with_("name", "B")
    assert view.name == "hello"
    assert view.render() == "Hi B"
    assert view.__html__() == "Hi B"
    with pytest.raises(TemplateNotFound):
        blade.make("bye")


def test_view_instance_implements_the_contracts(views: Views, blade: Blade) -> None:
    from lararust_contracts import Htmlable, View, ViewFactory

    views.write("hello", "x")
    assert isinstance(blade, ViewFactory)
    assert isinstance(blade.make("hello"), View)
    assert isinstance(blade.make("hello"), Htmlable)


def test_the_grammar_is_built_once_whatever_the_directives(blade: Blade) -> None:
    from lararust_view._parser import _parser

    blade.render_string("{{ 1 }}")
    before = _parser()
    blade.directive("fresh", lambda: "f")
    blade.if_("flag", lambda: True)
    assert blade.render_string("@flag @fresh @endflag") == " f "
    assert _parser() is before
