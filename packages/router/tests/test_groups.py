"""Groups: prefix, names, middleware with parameters, controller, domain, nesting, forms."""

from __future__ import annotations

from lararust_router import Route, Router


def handler() -> str:
    return "ok"


class OrderController:
    def show(self) -> str:
        return "show"

    def store(self) -> str:
        return "store"


def test_context_manager_group_applies_prefix_name_and_middleware(router: Router) -> None:
    with Route.prefix("admin").middleware("auth").name("admin.").group():
        route = Route.get("/dashboard", handler).name("dashboard")
    assert route.uri == "admin/dashboard"
    assert route.get_name() == "admin.dashboard"
    assert route.gather_middleware() == ["auth"]
    outside = Route.get("/dashboard", handler)
    assert outside.gather_middleware() == []
    assert outside.uri == "dashboard"


def test_groups_nest(router: Router) -> None:
    outer = router.prefix("api").name("api.").middleware("api")
    inner = router.prefix("v1").name("v1.").middleware("throttle:60,1")
    with outer.group(), inner.group():
        route = router.get("/users", handler).name("users")
    assert route.uri == "api/v1/users"
    assert route.get_name() == "api.v1.users"
    assert route.gather_middleware() == ["api", "throttle:60,1"]


def test_callback_group_with_keyword_attributes(router: Router) -> None:
    def routes() -> None:
        Route.get("/x", handler).name("x")

    Route.group(routes, prefix="p", name="p.", middleware=["a", "b"])
    route = router.get_by_name("p.x")
    assert route is not None
    assert route.uri == "p/x"
    assert route.gather_middleware() == ["a", "b"]


def test_callback_receiving_the_router(router: Router) -> None:
    router.prefix("r").group(lambda r: r.get("/y", handler).name("y"))
    route = router.get_by_name("y")
    assert route is not None
    assert route.uri == "r/y"


def test_controller_group_resolves_method_names(router: Router) -> None:
    with router.controller(OrderController).group():
        show = router.get("/orders/{id}", "show")
        store = router.post("/orders", "store")
    assert show.action is not None
    assert show.action.method == "show"
    assert store.action is not None
    assert store.action.target is OrderController


def test_without_middleware_removes_a_group_middleware(router: Router) -> None:
    with router.middleware("web", "csrf").group():
        route = router.post("/webhook", handler).without_middleware("csrf")
    assert route.gather_middleware() == ["web"]


def test_group_where_constrains_routes_inside(router: Router) -> None:
    with router.where("id", "[0-9]+").group():
        router.get("/a/{id}", handler)
    assert router.find("GET", "/a/1")[1] == {"id": "1"}


def test_registrar_registers_a_single_route(router: Router) -> None:
    route = router.middleware("auth").prefix("me").get("/profile", handler)
    assert route.uri == "me/profile"
    assert route.gather_middleware() == ["auth"]


def test_group_from_a_route_file(router: Router, tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    file = tmp_path / "admin.py"
    file.write_text(
        "from lararust_router import Route\n"
        "def index():\n    return 'i'\n"
        "Route.get('/users', index).name('users')\n"
    )
    router.prefix("admin").name("admin.").group(file)
    route = router.get_by_name("admin.users")
    assert route is not None
    assert route.uri == "admin/users"
