"""Components: anonymous and class-based, props, attributes bag, slots."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from lararust_view import AttributeBag, Blade, Component, TemplateError

if TYPE_CHECKING:
    from conftest import Views


@pytest.fixture
def alert(views: Views) -> None:
    views.write(
        "components.alert",
        "@props({'type': 'info', 'message': None})\n"
        "<div {{ attributes.merge({'class': 'alert alert-' + type}) }}>"
        "{{ message }}|{{ slot }}</div>",
    )


@pytest.mark.usefixtures("alert")
def test_anonymous_component_with_props_attributes_and_slot(blade: Blade) -> None:
    out = blade.render_string(
        '<x-alert type="error" :message="msg" class="mt-4">Body</x-alert>', {"msg": "<m>"}
    )
    assert out == '<div class="alert alert-error mt-4">&lt;m&gt;|Body</div>'


@pytest.mark.usefixtures("alert")
def test_self_closing_component_uses_defaults(blade: Blade) -> None:
    assert blade.render_string("<x-alert/>") == '<div class="alert alert-info">|</div>'


@pytest.mark.usefixtures("alert")
def test_attribute_values_are_escaped(blade: Blade) -> None:
    out = blade.render_string('<x-alert :id="v"/>', {"v": '"><script>'})
    assert 'id="&#34;&gt;&lt;script&gt;"' in out


@pytest.mark.usefixtures("alert")
def test_literal_attribute_with_echo_is_interpolated_then_escaped(blade: Blade) -> None:
    out = blade.render_string('<x-alert data-x="a-{{ v }}"/>', {"v": "<b>"})
    assert 'data-x="a-&lt;b&gt;"' in out


def test_bound_false_and_none_are_left_out_and_true_is_bare(views: Views, blade: Blade) -> None:
    views.write("components.input", "<input {{ attributes }}>")
    out = blade.render_string('<x-input :disabled="False" :title="None" required :checked="True"/>')
    assert out == "<input required checked>"


def test_kebab_attribute_is_a_snake_prop(views: Views, blade: Blade) -> None:
    views.write("components.badge", "@props(['alert-type'])\n{{ alert_type }}")
    assert blade.render_string('<x-badge alert-type="warn"/>') == "warn"


def test_missing_required_prop_is_an_error_naming_it(views: Views, blade: Blade) -> None:
    views.write("components.badge", "@props({'title': REQUIRED})\n{{ title }}")
    with pytest.raises(TemplateError, match="missing required prop 'title'"):
        blade.render_string("<x-badge/>")


def test_named_slots_and_slot_attributes(views: Views, blade: Blade) -> None:
    views.write("components.card", "<h1 {{ title.attributes }}>{{ title }}</h1><p>{{ slot }}</p>")
    out = blade.render_string(
        '<x-card>\n  <x-slot:title class="big">T {{ n }}</x-slot>\n  Body {{ n }}\n</x-card>',
        {"n": "<1>"},
    )
    assert out == '<h1 class="big">T &lt;1&gt;</h1><p>Body &lt;1&gt;</p>'


def test_slot_by_name_attribute(views: Views, blade: Blade) -> None:
    views.write("components.card", "[{{ header }}]")
    assert blade.render_string('<x-card><x-slot name="header">H</x-slot></x-card>') == "[H]"


def test_dotted_and_index_component_names(views: Views, blade: Blade) -> None:
    views.write("components.forms.input", "input")
    views.write("components.tabs.index", "tabs")
    assert blade.render_string("<x-forms.input/> <x-tabs/>") == "input tabs"


def test_component_does_not_see_caller_variables(views: Views, blade: Blade) -> None:
    views.write("components.peek", "@isset(secret)leak @else safe @endisset")
    assert blade.render_string("<x-peek/>", {"secret": 1}).strip() == "safe"


def test_component_sees_shared_data_and_helper_keys(views: Views, blade: Blade) -> None:
    views.write("components.who", "{{ site }} {{ auth_user }}")
    blade.share("site", "S")
    assert blade.render_string("<x-who/>", {"auth_user": "ann"}) == "S ann"


def test_attributes_bag_methods(views: Views, blade: Blade) -> None:
    views.write(
        "components.b",
        "{{ attributes.only(['a']) }}|{{ attributes.except_(['a']) }}|{{ attributes.has('a') }}"
        "|{{ attributes.get('b') }}|{{ attributes.class_({'x': True, 'y': False}) }}",
    )
    out = blade.render_string('<x-b a="1" b="2" class="c"/>')
    assert out == 'a="1"|b="2" class="c"|True|2|class="x c" a="1" b="2"'


def test_unknown_component_names_the_view_it_looked_for(blade: Blade) -> None:
    with pytest.raises(TemplateError, match=r"unknown component <x-nope>.*components\.nope"):
        blade.render_string("<x-nope/>")


class Greeting(Component):
    template = "components.greeting"

    def __init__(self, name: str, shout: bool = False) -> None:
        self.name = name
        self.shout = shout

    def text(self) -> str:
        return f"Hello {self.name}" + ("!" if self.shout else "")


class Hidden(Component):
    template = "components.greeting"

    def should_render(self) -> bool:
        return False


def test_class_component_props_methods_and_attributes(views: Views, blade: Blade) -> None:
    views.write("components.greeting", "<p {{ attributes }}>{{ text() }} {{ slot }}</p>")
    blade.component("greeting", Greeting)
    out = blade.render_string('<x-greeting name="<Ann>" :shout="True" id="g">hi</x-greeting>')
    assert out == '<p id="g">Hello &lt;Ann&gt;! hi</p>'


def test_class_component_missing_constructor_prop(views: Views, blade: Blade) -> None:
    blade.component("greeting", Greeting)
    with pytest.raises(TemplateError, match="missing required prop 'name'"):
        blade.render_string("<x-greeting/>")


def test_class_component_may_decline_to_render(blade: Blade) -> None:
    blade.component("hidden", Hidden)
    assert blade.render_string("[<x-hidden/>]") == "[]"


def test_registering_a_non_component_is_refused(blade: Blade) -> None:
    with pytest.raises(TypeError):
        blade.component("x", object)  # type: ignore[arg-type]


def test_namespaced_component(views: Views, blade: Blade, tmp_path: object) -> None:
    from pathlib import Path

    pkg = Path(str(tmp_path)) / "pkg"
    (pkg / "components").mkdir(parents=True)
    (pkg / "components" / "button.blade.html").write_text("<button>{{ slot }}</button>")
    blade.namespace("ui", pkg)
    assert blade.render_string("<x-ui::button>Go</x-ui::button>") == "<button>Go</button>"


def test_attribute_bag_merge_styles_and_falsy() -> None:
    bag = AttributeBag({"style": "color: red", "hidden": False})
    assert str(bag.merge({"style": "margin: 0;"})) == 'style="margin: 0; color: red;"'


def test_nesting_layout_section_include_component_loop(views: Views, blade: Blade) -> None:
    views.write("layouts.app", "<body>@yield('content')</body>")
    views.write("partials.list", '<x-list :items="items"/>')
    views.write(
        "components.list",
        "@props(['items'])\n<ul>@foreach(items as item)<li>{{ loop.iteration }}. {{ item }}</li>\n"
        "@endforeach\n</ul>",
    )
    views.write(
        "page",
        "@extends('layouts.app')\n@section('content')\n@include('partials.list')\n@endsection",
    )
    out = blade.render("page", {"items": ["<a>", "b"]})
    assert out == "<body><ul><li>1. &lt;a&gt;</li>\n<li>2. b</li>\n</ul></body>"
