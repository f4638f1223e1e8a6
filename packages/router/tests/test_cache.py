"""The route cache: a round trip keeps every route attribute; closures are refused by name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lararust_router import RouteCacheError, Router
from lararust_router._cache import dump, load, write


async def show(id: int) -> int:
    return id


def gone(request: Any) -> str:
    return "gone"


class Audit:
    async def handle(self, request: Any, next: Any) -> Any:
        return await next(request)


class ItemController:
    async def index(self) -> str:
        return "index"

    async def show(self, item: int) -> int:
        return item


def build(router: Router) -> None:
    router.pattern("id", "[0-9]+")
    with router.prefix("admin").name("admin.").middleware("auth", Audit).group():
        router.get("/users/{id}/{tab?}", show).name("users").defaults("tab", "profile")
    with router.domain("{team}.example.com").group():
        router.get("/items/{id}", show).where("id", "[0-9]{2}").missing(gone).name("team.item")
        router.fallback(show)
    router.api_resource("items", ItemController).only("index", "show").without_middleware("csrf")
    router.view("/about", "pages.about", {"x": 1})
    router.view("/tea", "pages.tea", {"x": 2}, 418, {"X-Tea": "yes"})
    router.redirect("/old", "/new", 301)
    router.fallback(show)
    with router.prefix("admin").scope_bindings().group():
        router.fallback(show)


@pytest.fixture
def cache_file(tmp_path: Path) -> Path:
    return tmp_path / "bootstrap" / "cache" / "routes.json"


async def stamp(request: Any, next: Any) -> Any:
    return await next(request)


def test_function_middleware_is_cached_by_reference(router: Router, cache_file: Path) -> None:
    router.get("/s", show).middleware(stamp)
    write(router, cache_file)
    restored = Router()
    load(restored, cache_file)
    assert restored.routes[0].middleware_ == [stamp]


def test_round_trip_keeps_every_attribute(router: Router, cache_file: Path) -> None:
    build(router)
    write(router, cache_file)
    restored = Router()
    load(restored, cache_file)
    assert restored.list_routes() == router.list_routes()
    assert dump(restored) == dump(router)
    assert restored.find("GET", "/admin/users/5")[1] == {"id": "5"}
    assert restored.find("GET", "/items/12", "red.example.com")[1] == {"team": "red", "id": "12"}
    admin_fallback = restored.find("GET", "/admin/nowhere")[0]
    assert admin_fallback.is_fallback
    assert admin_fallback.uri == "admin"
    assert admin_fallback.scope_bindings_ is True
    assert restored.find("GET", "/nowhere")[0].uri == ""
    team_fallback, params = restored.find("GET", "/nowhere", "red.example.com")
    assert (team_fallback.domain_, params) == ("{team}.example.com", {"team": "red"})


def test_loaded_handlers_stay_unimported_until_used(router: Router, cache_file: Path) -> None:
    build(router)
    write(router, cache_file)
    restored = Router()
    load(restored, cache_file)
    route = restored.get_by_name("items.show")
    assert route is not None
    assert route.action is not None
    assert route.action.target == f"{__name__}:ItemController"
    assert route.action.resolve() is ItemController


def test_cache_file_is_json_with_references(router: Router, cache_file: Path) -> None:
    build(router)
    write(router, cache_file)
    data = json.loads(cache_file.read_text())
    first = data["routes"][0]
    assert first["action"] == {"kind": "callable", "target": f"{__name__}:show", "method": None}
    assert first["middleware"] == ["auth", {"ref": f"{__name__}:Audit"}]


@pytest.mark.parametrize(
    ("register", "needle"),
    [
        (lambda r: r.get("/l", lambda: 1).name("lam"), "lambda"),
        (lambda r: r.get("/n", _nested()).name("nested"), "nested function"),
        (lambda r: r.get("/m", show).middleware(Audit()), "instance"),
        (lambda r: r.get("/d", show).defaults("x", object()), "JSON"),
    ],
)
def test_uncacheable_routes_are_named(router: Router, register: Any, needle: str) -> None:
    register(router)
    with pytest.raises(RouteCacheError) as info:
        dump(router)
    message = str(info.value)
    assert needle in message
    assert "test_cache.py:" in message


def _nested() -> Any:
    def inner() -> int:
        return 1

    return inner


def test_failed_write_leaves_no_cache(router: Router, cache_file: Path) -> None:
    router.get("/l", lambda: 1)
    with pytest.raises(RouteCacheError):
        write(router, cache_file)
    assert not cache_file.exists()


def test_cache_from_another_version_is_refused(router: Router, cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(json.dumps({"version": 99, "routes": []}))
    with pytest.raises(RouteCacheError, match="another version"):
        load(router, cache_file)


def test_importing_a_cached_handler_registers_nothing_and_swaps_nothing(
    router: Router, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lararust_router._action import import_handler

    (tmp_path / "lazy_routes_mod.py").write_text(
        "import threading\n"
        "from lararust_router import Route\n"
        "async def handler():\n    return 'x'\n"
        "seen = []\n"
        "worker = threading.Thread(target=lambda: seen.append(Route.resolve()))\n"
        "worker.start()\n"
        "worker.join()\n"
        "Route.get('/dup', handler).name('dup')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    router.get("/dup", show).name("dup")
    handler = import_handler("lazy_routes_mod:handler")
    module = __import__("lazy_routes_mod")
    assert handler is module.handler
    assert module.seen == [router]  # other threads kept seeing the live router
    assert [r.uri for r in router.routes] == ["dup"]
    monkeypatch.delitem(__import__("sys").modules, "lazy_routes_mod")
