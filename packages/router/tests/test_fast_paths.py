"""Every fast path of dispatch answers as the general path does.

Each case runs twice per mode: once to build the route's runner, once on the built runner.
``kernel`` mode is how the http kernel calls the router (the request made current, then
``dispatch_current``), the only mode that takes the direct handler calls."""

from __future__ import annotations

import contextlib
import decimal
import threading
import uuid
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

import pytest
from lararust_contracts import MethodNotAllowed, NotFound
from lararust_http._context import current_request
from lararust_router import Router

from .test_dispatch import Post, Recorder

Dispatch = Callable[[Any], Awaitable[Any]]


class Shade(Enum):
    DARK = "dark"


@pytest.fixture(autouse=True)
def _reset_recorder() -> None:
    Recorder.seen.clear()


@pytest.fixture(params=["dispatch", "kernel"])
def send(router: Router, request_factory: Any, request: Any) -> Callable[..., Awaitable[Any]]:
    """Dispatch a request twice (runner built, then reused) and return the second answer."""
    mode = request.param
    if mode == "kernel":
        router._spoofs = False  # the kernel turns POSTs into PUT/PATCH/DELETE itself

    async def once(method: str, path: str, **kwargs: Any) -> Any:
        req = request_factory(method, path, **kwargs)
        if mode == "dispatch":
            return await router.dispatch(req)
        token = current_request.set(req)
        try:
            return await router.dispatch_current(req)
        finally:
            current_request.reset(token)

    async def twice(method: str, path: str, **kwargs: Any) -> Any:
        with contextlib.suppress(Exception):  # a 404/405 is checked on the second call
            await once(method, path, **kwargs)
        return await once(method, path, **kwargs)

    return twice


@pytest.mark.parametrize(
    ("annotation", "raw", "expected"),
    [
        (int, "12", 12),
        (float, "1.5", 1.5),
        (decimal.Decimal, "2.50", decimal.Decimal("2.50")),
        (
            uuid.UUID,
            "123e4567-e89b-12d3-a456-426614174000",
            uuid.UUID(int=0x123E4567E89B12D3A456426614174000),
        ),
        (Shade, "dark", Shade.DARK),
        (bool, "yes", True),
        (str, "plain", "plain"),
    ],
)
async def test_an_async_one_value_handler_gets_the_coerced_value(
    router: Router, send: Any, annotation: Any, raw: str, expected: Any
) -> None:
    async def show(value: Any) -> Any:
        return value

    show.__annotations__["value"] = annotation
    router.get("/v/{value}", show)
    answer = await send("GET", f"/v/{raw}")
    assert answer == expected
    assert type(answer) is type(expected)


@pytest.mark.parametrize(
    ("annotation", "raw"),
    [(int, "1.5"), (float, "x"), (decimal.Decimal, "abc"), (uuid.UUID, "nope"), (Shade, "pink")],
)
async def test_a_value_that_does_not_coerce_is_a_404_naming_the_parameter(
    router: Router, send: Any, annotation: Any, raw: str
) -> None:
    async def show(value: Any) -> Any:
        return value

    show.__annotations__["value"] = annotation
    router.get("/v/{value}", show)
    with pytest.raises(NotFound, match=r"\[value\] is not a valid"):
        await send("GET", f"/v/{raw}")


async def test_optional_values_take_the_route_default_then_the_functions(
    router: Router, send: Any
) -> None:
    async def page(n: int = 1) -> int:
        return n

    router.get("/p/{n?}", page)
    router.get("/q/{n?}", page).defaults("n", 7)
    assert await send("GET", "/p") == 1
    assert await send("GET", "/p/3") == 3
    assert await send("GET", "/q") == 7
    assert await send("GET", "/q/4") == 4


async def test_sync_handlers_still_run_in_a_worker_thread(router: Router, send: Any) -> None:
    def bare() -> str:
        return threading.current_thread().name

    def one(id: int) -> tuple[str, int]:
        return threading.current_thread().name, id

    router.get("/bare", bare)
    router.get("/one/{id}", one)
    here = threading.current_thread().name
    assert await send("GET", "/bare") != here
    assert await send("HEAD", "/bare") != here
    thread, id = await send("GET", "/one/5")
    assert (thread != here, id) == (True, 5)


async def test_the_request_and_bound_models_reach_the_handler(router: Router, send: Any) -> None:
    async def with_request(request: Any, id: int) -> tuple[str, int]:
        return request.path, id

    async def post(post: Post) -> str:
        return str(post.row["slug"])

    router.get("/r/{id}", with_request)
    router.get("/posts/{post}", post)
    assert await send("GET", "/r/2") == ("/r/2", 2)
    assert await send("GET", "/posts/2") == "bye"
    with pytest.raises(NotFound):
        await send("GET", "/posts/9")


async def test_route_middleware_wraps_every_kind_of_handler(router: Router, send: Any) -> None:
    async def bare() -> str:
        return "bare"

    async def one(id: int) -> str:
        return f"one {id}"

    router.alias_middleware("rec", Recorder)
    with router.middleware("rec").group():
        router.get("/bare", bare)
        router.get("/one/{id}", one)
        router.get("/skip", bare).without_middleware("rec")
    assert (await send("GET", "/bare")).headers.get("x-seen") == "mw:,mw:"
    assert (await send("GET", "/one/3")).body == b"one 3"
    assert Recorder.seen == ["mw:", "mw:", "mw:", "mw:"]
    assert await send("GET", "/skip") == "bare"
    assert Recorder.seen == ["mw:", "mw:", "mw:", "mw:"]


async def test_a_post_loads_its_body_before_a_direct_handler_call(
    router: Router, send: Any
) -> None:
    from lararust_router._router import current_request as routers_request

    async def bare() -> Any:
        # The router's own current request outside the kernel, else the kernel's.
        return (routers_request.get() or current_request.get()).input("a")

    async def one(id: int) -> Any:
        return id, (routers_request.get() or current_request.get()).input("a")

    router.post("/form", bare)
    router.post("/form/{id}", one)
    form = [(b"content-type", b"application/x-www-form-urlencoded")]
    assert await send("POST", "/form", headers=form, body=b"a=1") == "1"
    assert await send("POST", "/form/3", headers=form, body=b"a=2") == (3, "2")


async def test_head_options_and_405_on_static_and_parameter_paths(
    router: Router, send: Any
) -> None:
    async def bare() -> str:
        return "bare"

    async def one(id: int) -> int:
        return id

    router.get("/s", bare)
    router.get("/s/{id}", one)
    router.post("/only-post", bare)
    assert await send("HEAD", "/s") == "bare"
    assert await send("HEAD", "/s/4") == 4
    assert await send("GET", "/s/") == "bare"
    assert await send("GET", "/s/4/") == 4
    for path in ("/s", "/s/4"):
        options = await send("OPTIONS", path)
        assert (options.status_code, options.headers.get("allow")) == (200, "GET, HEAD, OPTIONS")
        with pytest.raises(MethodNotAllowed) as info:
            await send("DELETE", path)
        assert info.value.allowed == ["GET", "HEAD", "OPTIONS"]
    with pytest.raises(MethodNotAllowed):
        await send("GET", "/only-post")


async def test_fallbacks_answer_by_prefix_and_domain(router: Router, send: Any) -> None:
    async def home() -> str:
        return "home"

    router.get("/home", home)
    router.fallback(lambda: "everywhere")
    with router.prefix("admin").group():
        router.fallback(lambda: "admin")
    with router.domain("{account}.example.com").group():
        router.fallback(lambda account: f"tenant {account}")
    assert await send("GET", "/home", host="acme.example.com") == "home"
    assert await send("GET", "/nope") == "everywhere"
    assert await send("GET", "/admin/nope") == "admin"
    assert await send("GET", "/admin/nope", host="acme.example.com") == "admin"
    assert await send("GET", "/nope", host="acme.example.com") == "tenant acme"
    assert await send("HEAD", "/nope", host="acme.example.com") == "tenant acme"
    with pytest.raises(MethodNotAllowed):
        await send("POST", "/home")
    with pytest.raises(NotFound):
        await send("POST", "/nope")
