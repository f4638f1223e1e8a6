"""The framework side: provider, facade, view() helper, commands, entry points."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from lararust_contracts import Command, ServiceProvider
from lararust_contracts import ViewFactory as ViewFactoryContract
from lararust_view import Blade, View, ViewFactory, ViewServiceProvider, view
from lararust_view._commands import ViewCache, ViewClear

if TYPE_CHECKING:
    from conftest import Views


class Config:
    """A dot-notation config repository (the contracts' ConfigRepository)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value

    def has(self, key: str) -> bool:
        return key in self.data


class App:
    """The smallest application container the provider needs (core is not a dependency)."""

    def __init__(self, base: Path, config: dict[str, Any], debug: bool = True) -> None:
        self.base_path = base
        self.environment = "testing"
        self.debug = debug
        self.factories: dict[Any, Callable[[], Any]] = {}
        self.instances: dict[Any, Any] = {"config": Config(config)}

    def singleton(self, key: Any, factory: Callable[[], Any]) -> None:
        self.factories[key] = factory

    def bind(self, key: Any, factory: Callable[[], Any]) -> None:
        self.factories[key] = factory

    def instance(self, key: Any, value: Any) -> Any:
        self.instances[key] = value
        return value

    def bound(self, key: Any) -> bool:
        return key in self.instances or key in self.factories

    def make(self, key: Any, **parameters: Any) -> Any:
        if key not in self.instances:
            self.instances[key] = self.factories[key]()
        return self.instances[key]

    def call(self, fn: Callable[..., Any], **parameters: Any) -> Any:
        return fn(**parameters)

    def is_booted(self) -> bool:
        return True


@pytest.fixture
def app(tmp_path: Path) -> App:
    (tmp_path / "resources" / "views").mkdir(parents=True)
    (tmp_path / "resources" / "views" / "welcome.blade.html").write_text("Hi {{ name }}")
    return App(tmp_path, {})


def test_provider_binds_view_and_the_contract(app: App) -> None:
    provider = ViewServiceProvider(app)  # type: ignore[arg-type]
    assert isinstance(provider, ServiceProvider)
    provider.register()
    factory = app.make("view")
    assert isinstance(factory, ViewFactory)
    assert app.make(ViewFactoryContract) is factory
    assert factory.render("welcome", {"name": "A"}) == "Hi A"


def test_provider_defaults_compiled_path_and_shares_app_env(app: App) -> None:
    ViewServiceProvider(app).register()  # type: ignore[arg-type]
    factory = app.make("view")
    assert factory.render_string("{{ app_env }}") == "testing"
    factory.render("welcome", {"name": "x"})
    assert list((app.base_path / "storage" / "framework" / "views").glob("*.bladec"))


def test_provider_reads_view_paths_and_compiled_from_config(tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "a.blade.html").write_text("A")
    app = App(tmp_path, {"view.paths": ["tpl"], "view.compiled": "cache/views"}, debug=False)
    ViewServiceProvider(app).register()  # type: ignore[arg-type]
    factory = app.make("view")
    assert factory.render("a") == "A"
    assert factory.debug is False
    assert list((tmp_path / "cache" / "views").glob("*.bladec"))


@pytest.fixture
def swapped(views: Views, blade: Blade) -> Iterator[Blade]:
    View.swap(blade)
    yield blade
    View.clear()


def test_view_helper_and_facade_use_the_bound_factory(views: Views, swapped: Blade) -> None:
    views.write("hello", "Hello {{ who }}")
    assert view("hello", {"who": "W"}).render() == "Hello W"
    assert view() is swapped
    assert View.exists("hello")
    View.share("who", "shared")
    assert View.make("hello").render() == "Hello shared"


def test_facade_standalone_default_reads_resources_views_under_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "resources" / "views").mkdir(parents=True)
    (tmp_path / "resources" / "views" / "x.blade.html").write_text("standalone {{ n }}")
    monkeypatch.chdir(tmp_path)
    View.clear()
    try:
        assert View.render("x", {"n": 1}) == "standalone 1"
    finally:
        View.clear()


def test_view_cache_command_compiles_everything(
    views: Views, swapped: Blade, capsys: pytest.CaptureFixture[str]
) -> None:
    views.write("a", "A")
    views.write("b.c", "C")
    assert ViewCache().handle() == 0
    assert "Compiled 2 Blade template(s)." in capsys.readouterr().out


def test_view_cache_command_reports_broken_templates(
    views: Views, swapped: Blade, capsys: pytest.CaptureFixture[str]
) -> None:
    path = views.write("broken", "\n@if(x)")
    assert ViewCache().handle() == 1
    out = capsys.readouterr().out
    assert f"{path}:2" in out
    assert "unclosed @if" in out


def test_view_clear_command(
    views: Views, swapped: Blade, capsys: pytest.CaptureFixture[str]
) -> None:
    views.write("a", "A")
    swapped.render("a")
    assert ViewClear().handle() == 0
    assert "Cleared 1 compiled template(s)." in capsys.readouterr().out


def test_commands_and_provider_are_announced_by_entry_points() -> None:
    commands = {ep.name: ep for ep in entry_points(group="lararust.commands")}
    for name in ("view:cache", "view:clear"):
        cls = commands[name].load()
        assert cls.name == name
        assert isinstance(cls(), Command)
    providers = [ep.load() for ep in entry_points(group="lararust.providers")]
    assert ViewServiceProvider in providers
