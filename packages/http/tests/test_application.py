"""The http provider inside a real core Application (builder callbacks, lifespan, config)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lararust_core import Application, generate_key
from lararust_http import (
    ExceptionHandler,
    HttpServiceProvider,
    Kernel,
    MiddlewareConfig,
    Request,
    TestClient,
)
from lararust_http.middleware import RequestId


@pytest.fixture
def base(tmp_path: Path) -> Path:
    (tmp_path / ".env").write_text(f"APP_KEY={generate_key()}\nAPP_ENV=local\nAPP_DEBUG=false\n")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "app.py").write_text(
        "from lararust_core import env\n"
        "config = {'key': env('APP_KEY'), 'env': env('APP_ENV'), 'debug': env('APP_DEBUG'),\n"
        # Only core's and our provider: other packages' providers are not under test here.
        "          'dont_discover': ['*']}\n"
    )
    (tmp_path / "config" / "session.py").write_text(
        f"config = {{'driver': 'file', 'files': {str(tmp_path / 'sessions')!r}}}\n"
    )
    return tmp_path


class Teapot(Exception):
    pass


def build(base: Path, router_factory: Any, **routing: Any) -> Application:
    def middleware(m: MiddlewareConfig) -> None:
        m.append(RequestId)

    def exceptions(e: ExceptionHandler) -> None:
        def render(exc: Teapot, request: Request) -> Any:
            return _teapot()

        e.renderable(render)

    builder = Application.configure(base_path=base).with_providers([HttpServiceProvider])
    builder = builder.with_middleware(middleware)
    builder = builder.with_exceptions(exceptions)
    if routing:
        builder = builder.with_routing(**routing)
    app = builder.create()
    kernel = app.make("http.kernel")
    kernel.set_dispatcher(router_factory(kernel))
    return app


def _teapot() -> Any:
    from lararust_http import JsonResponse

    return JsonResponse({"teapot": True}, 418)


@pytest.fixture
def app(base: Path, router_class: Any) -> Application:
    return build(base, router_class)


@pytest.fixture
def router_class(request: pytest.FixtureRequest) -> Any:
    """TinyRouter from conftest, reached through its fixture's module."""
    conftest = request.getfixturevalue("router").__class__
    return conftest


def test_provider_binds_the_kernel(app: Application) -> None:
    kernel = app.make("http.kernel")
    assert isinstance(kernel, Kernel)
    assert app.make(Kernel) is kernel
    assert app.direct_handler() is not None


def test_builder_callbacks_configure_middleware_and_exceptions(app: Application) -> None:
    tiny = app.make("http.kernel")._dispatcher
    tiny.get("/", lambda r: "home", middleware=["web"])
    tiny.get("/tea", lambda r: (_ for _ in ()).throw(Teapot()))
    with TestClient(app) as client:
        client.get("/").assert_ok().assert_header("x-request-id").assert_cookie("lararust_session")
        client.get("/tea").assert_status(418).assert_exact_json({"teapot": True})


def test_health_path_follows_with_routing(base: Path, router_class: Any) -> None:
    app = build(base, router_class, health="/healthz")
    with TestClient(app) as client:
        client.get("/healthz").assert_ok().assert_see("Application up")
        client.get("/up").assert_not_found()


async def test_direct_handler_serves_the_fast_path(
    app: Application, make_scope: Any, body_receiver: Any
) -> None:
    app.make("http.kernel")._dispatcher.get("/", lambda r: {"ok": True})
    handler = app.direct_handler()
    assert handler is not None
    resp = await handler(make_scope(), body_receiver())
    assert (resp.status_code, resp.body) == (200, b'{"ok":true}')


def test_the_current_request_resolves_from_the_container(app: Application) -> None:
    tiny = app.make("http.kernel")._dispatcher
    tiny.get("/who", lambda r: {"same": app.make(Request) is r and app.make("request") is r})
    with TestClient(app) as client:
        client.get("/who").assert_exact_json({"same": True})
    with pytest.raises(RuntimeError, match="No request is being handled"):
        app.make(Request)


class PerRequest:
    """A scoped service: one per request."""


async def test_the_fast_path_gives_each_request_its_own_scope(
    app: Application, make_scope: Any, body_receiver: Any
) -> None:
    app.scoped(PerRequest)
    seen: list[PerRequest] = []  # kept alive: ids of freed objects may repeat

    def handler(request: Request) -> dict[str, bool]:
        state = app.make(PerRequest)
        seen.append(state)
        return {"shared": app.make(PerRequest) is state}

    app.make("http.kernel")._dispatcher.get("/", handler)
    direct = app.direct_handler()
    assert direct is not None
    for _ in range(2):
        resp = await direct(make_scope(), body_receiver())
        assert resp.body == b'{"shared":true}'
    assert seen[0] is not seen[1]
    assert app.current_scope() is None


async def test_the_fast_path_scope_is_shared_with_tasks_and_made_only_when_needed(
    app: Application, make_scope: Any, body_receiver: Any
) -> None:
    import asyncio

    app.scoped(PerRequest)
    requests: list[Request] = []

    async def resolve() -> PerRequest:
        return app.make(PerRequest)

    async def handler(request: Request) -> dict[str, bool]:
        requests.append(request)
        if request.path != "/scoped":
            return {"shared": False}
        state = app.make(PerRequest)
        return {"shared": await asyncio.create_task(resolve()) is state}

    tiny = app.make("http.kernel")._dispatcher
    tiny.get("/plain", handler)
    tiny.get("/scoped", handler)
    direct = app.direct_handler()
    assert direct is not None
    await direct(make_scope(path="/plain"), body_receiver())
    resp = await direct(make_scope(path="/scoped"), body_receiver())
    assert resp.body == b'{"shared":true}'
    assert requests[0].container_scope is None  # nothing scoped: no scope was built
    assert requests[1].container_scope is not None
    assert requests[1].container_scope.instances == {}  # dropped when the request ended


async def test_handle_drops_a_scope_made_on_its_request_too(
    app: Application, make_scope: Any, body_receiver: Any
) -> None:
    app.scoped(PerRequest)

    async def handler(request: Request) -> dict[str, bool]:
        return {"same": app.make(PerRequest) is app.make(PerRequest)}

    app.make("http.kernel")._dispatcher.get("/scoped", handler)
    assert app.direct_handler() is not None  # the kernel's request now holds core's scope
    request = Request(make_scope(path="/scoped"), body_receiver())
    response = await app.make("http.kernel").handle(request)
    assert response.body == b'{"same":true}'
    assert request.container_scope is not None
    assert request.container_scope.instances == {}
    assert app.current_scope() is None
