"""The Jinja2 engine behind the same factory, chosen by file extension."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from lararust_view import Blade

if TYPE_CHECKING:
    from conftest import Views


def test_jinja_view_renders_with_autoescape(views: Views, blade: Blade) -> None:
    views.write("hello", "Hi {{ name }}", ext=".jinja")
    assert blade.render("hello", {"name": "<b>"}) == "Hi &lt;b&gt;"


def test_html_j2_extension_and_jinja_inheritance(views: Views, blade: Blade) -> None:
    views.write("base", "[{% block body %}{% endblock %}]", ext=".html.j2")
    views.write(
        "page", "{% extends 'base.html.j2' %}{% block body %}{{ x }}{% endblock %}", ext=".html.j2"
    )
    assert blade.render("page", {"x": 1}) == "[1]"


def test_blade_wins_when_both_exist(views: Views, blade: Blade) -> None:
    views.write("both", "blade", ext=".blade.html")
    views.write("both", "jinja", ext=".jinja")
    assert blade.render("both") == "blade"


def test_jinja_sees_shared_data_and_composers(views: Views, blade: Blade) -> None:
    views.write("j", "{{ site }} {{ extra }}", ext=".jinja")
    blade.share("site", "S")
    blade.composer("j", lambda view: {"extra": "E"})
    assert blade.render("j") == "S E"


def test_blade_includes_a_jinja_view(views: Views, blade: Blade) -> None:
    views.write("part", "{{ who }}", ext=".jinja")
    assert blade.render_string("@include('part', {'who': 'J'})") == "J"


def test_namespaced_jinja_view(blade: Blade, tmp_path: Path) -> None:
    ns = tmp_path / "pkg"
    ns.mkdir()
    (ns / "card.jinja").write_text("card {{ n }}")
    blade.namespace("pkg", ns)
    assert blade.render("pkg::card", {"n": 2}) == "card 2"
