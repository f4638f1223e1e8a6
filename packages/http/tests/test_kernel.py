"""The kernel: return values to responses, middleware pipelines, errors, the ASGI edge."""

from __future__ import annotations

from typing import Any

import pytest
from lararust_http import Kernel, Request, Response, TestClient


class Order:
    """Records the order middleware run in (shared through the request)."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def handle(self, request: Request, next: Any, *params: str) -> Response:
        request.attributes.setdefault("order", []).append(self.name + ":".join(("", *params)))
        response = await next(request)
        response.headers.append("x-after", self.name)
        return response


class First(Order):
    def __init__(self) -> None:
        super().__init__("first")


class Second(Order):
    def __init__(self) -> None:
        super().__init__("second")


class Tagged(Order):
    def __init__(self) -> None:
        super().__init__("tagged")


class Boom:
    async def handle(self, request: Request, next: Any) -> Response:
        raise ValueError("middleware exploded")


class SeesResponse:
    """Checks that an inner exception reaches it as a response, not a raise."""

    async def handle(self, request: Request, next: Any) -> Response:
        response = await next(request)
        response.headers.set("x-seen-status", str(response.status_code))
        return response


class Terminable:
    calls: list[tuple[str, int]] = []

    async def handle(self, request: Request, next: Any) -> Response:
        return await next(request)

    async def terminate(self, request: Request, response: Response) -> None:
        Terminable.calls.append((request.path, response.status_code))


class Model:
    was_recently_created = True

    def to_dict(self) -> dict[str, int]:
        return {"id": 1}


class Page:
    def __html__(self) -> str:
        return "<b>safe</b>"


class View:
    name = "home"

    def render(self) -> str:
        return "<h1>view</h1>"


class Later:
    async def to_response(self, request: Request) -> Response:
        return Response("later", 202)


@pytest.mark.parametrize(
    ("value", "status", "content_type", "body"),
    [
        ("hi", 200, "text/html; charset=utf-8", b"hi"),
        ({"a": 1}, 200, "application/json", b'{"a":1}'),
        ([1, 2], 200, "application/json", b"[1,2]"),
        (None, 200, "text/html; charset=utf-8", b""),
        (Model(), 201, "application/json", b'{"id":1}'),
        (Page(), 200, "text/html; charset=utf-8", b"<b>safe</b>"),
        (View(), 200, "text/html; charset=utf-8", b"<h1>view</h1>"),
        (Later(), 202, "text/html; charset=utf-8", b"later"),
    ],
)
def test_return_values_become_responses(
    client: TestClient, router: Any, value: Any, status: int, content_type: str, body: bytes
) -> None:
    router.get("/", lambda request: value)
    res = client.get("/").assert_status(status).assert_header("content-type", content_type)
    assert res.body == body


def test_unconvertible_return_value_is_a_clear_500(
    client: TestClient, router: Any, caplog: Any
) -> None:
    router.get("/", lambda request: object())
    client.get("/").assert_status(500)
    assert "cannot become a response" in caplog.text


def test_global_then_route_middleware_in_priority_order(
    kernel: Kernel, router: Any, client: TestClient
) -> None:
    kernel.middleware = [First]
    kernel.middleware_aliases["tag"] = Tagged
    kernel.middleware_priority = [Second, Tagged]
    kernel.invalidate()
    router.get("/", lambda request: request.attributes["order"], middleware=["tag:a,b", Second])
    res = client.get("/").assert_json(["first", "second", "tagged:a:b"], exact=True)
    assert res.headers.get_list("x-after") == ["tagged", "second", "first"]


def test_groups_expand_and_deduplicate(kernel: Kernel) -> None:
    kernel.middleware_groups["mine"] = [First, "inner"]
    kernel.middleware_groups["inner"] = [Second, First]
    resolved = kernel.resolve_middleware(["mine", First])
    assert resolved == [(First, ()), (Second, ())]


def test_unknown_alias_names_the_known_ones(kernel: Kernel) -> None:
    with pytest.raises(ValueError, match=r"unknown middleware 'nope'.*throttle"):
        kernel.resolve_middleware(["nope"])


def test_exception_in_middleware_becomes_a_response_for_outer_layers(
    kernel: Kernel, router: Any, client: TestClient
) -> None:
    router.get("/", lambda request: "never", middleware=[SeesResponse, Boom])
    client.get("/").assert_status(500).assert_header("x-seen-status", "500")


def test_http_exception_from_handler_keeps_headers(client: TestClient, router: Any) -> None:
    from lararust_http import abort

    def handler(request: Request) -> None:
        abort(418, "teapot", {"X-Why": "tea"})

    router.get("/", handler)
    client.get("/").assert_status(418).assert_header("x-why", "tea")


def test_terminable_middleware_runs_after_the_response(client: TestClient, router: Any) -> None:
    Terminable.calls.clear()
    router.get("/t", lambda request: "ok", middleware=[Terminable])
    client.get("/t").assert_ok()
    assert Terminable.calls == [("/t", 200)]


def test_not_found_and_method_not_allowed(client: TestClient, router: Any) -> None:
    router.post("/only-post", lambda request: "x")
    client.get("/missing").assert_not_found()
    client.get("/only-post").assert_status(405).assert_header("allow", "POST")


def test_health_route(client: TestClient, router: Any) -> None:
    client.get("/up").assert_ok().assert_see("Application up")


async def test_handle_direct_returns_the_server_contract(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    router.get("/", lambda request: {"message": "Hello, World!"})
    resp = await kernel.handle_direct(make_scope(), body_receiver())
    assert resp.status_code == 200
    assert resp.raw_headers == [(b"content-type", b"application/json")]
    assert resp.body == b'{"message":"Hello, World!"}'
    assert resp.stream is None
    assert resp.background is None


async def test_handle_direct_sets_background_for_terminable(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    Terminable.calls.clear()
    router.get("/", lambda request: "x", middleware=[Terminable])
    resp = await kernel.handle_direct(make_scope(), body_receiver())
    assert Terminable.calls == []
    assert resp.background is not None
    await resp.background()
    assert Terminable.calls == [("/", 200)]


def test_lifespan_and_websocket_scopes(kernel: Kernel, router: Any) -> None:
    with TestClient(kernel) as client:  # runs lifespan startup/shutdown
        router.get("/", lambda request: "up")
        client.get("/").assert_ok()


async def test_websocket_is_closed(kernel: Kernel) -> None:
    sent: list[Any] = []

    async def send(message: Any) -> None:
        sent.append(message)

    async def receive() -> Any:
        return {"type": "websocket.connect"}

    await kernel({"type": "websocket", "path": "/"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000}]


def test_web_group_runs_in_priority_order_whatever_the_route_says(kernel: Kernel) -> None:
    from lararust_http.middleware import EncryptCookies, StartSession, VerifyCsrfToken

    resolved = kernel.resolve_middleware(
        [VerifyCsrfToken, "throttle:5,1", StartSession, EncryptCookies]
    )
    assert [ref for ref, _ in resolved][:3] == [EncryptCookies, StartSession, VerifyCsrfToken]
    assert resolved[3][1] == ("5", "1")


def test_disabled_global_middleware_is_left_out_of_the_chain(
    kernel: Kernel, router: Any, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lararust_http.middleware import HandleCors, TrustProxies

    async def boom(*args: Any) -> Response:
        raise AssertionError("a disabled middleware ran")

    monkeypatch.setattr(TrustProxies, "handle", boom)
    monkeypatch.setattr(HandleCors, "handle", boom)
    router.get("/", lambda request: "ok")
    client.get("/").assert_ok()


class PassThrough:
    """A plain (not ``async def``) global middleware, like the maintenance check."""

    seen: list[str] = []

    def handle(self, request: Request, next: Any) -> Any:
        PassThrough.seen.append(request.path)
        return next(request)


class RefuseSync:
    def handle(self, request: Request, next: Any) -> Any:
        raise PermissionError("refused before routing")


def test_plain_global_middleware_and_the_router_errors_around_it(
    kernel: Kernel, router: Any, client: TestClient
) -> None:
    PassThrough.seen.clear()
    kernel.push_middleware(PassThrough)
    router.get("/", lambda request: "ok")
    client.get("/").assert_ok().assert_see("ok")
    client.get("/missing").assert_not_found()
    assert PassThrough.seen == ["/", "/missing"]
    kernel.push_middleware(RefuseSync)
    client.get("/").assert_status(500)


def test_async_global_middleware_still_sees_a_404_as_a_response(
    kernel: Kernel, client: TestClient
) -> None:
    kernel.push_middleware(PassThrough)
    kernel.push_middleware(SeesResponse)
    client.get("/missing").assert_not_found().assert_header("x-seen-status", "404")


async def test_handle_direct_builds_str_and_dict_returns_as_their_constructors_would(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    from lararust_http import JsonResponse

    data = {"a": 1}
    router.get("/text", lambda request: "héllo")
    router.get("/json", lambda request: data)
    text = await kernel.handle_direct(make_scope(path="/text"), body_receiver())
    again = await kernel.handle_direct(make_scope(path="/text"), body_receiver())
    expected = Response("héllo")
    assert type(text) is Response
    assert (text.status_code, text.body, text.raw_headers) == (
        expected.status_code,
        expected.body,
        expected.raw_headers,
    )
    assert text.cookies_queued is None
    assert text.stream is None
    text.header("x-one", "1")  # each response owns its header list
    assert again.raw_headers == expected.raw_headers
    json = await kernel.handle_direct(make_scope(path="/json"), body_receiver())
    assert type(json) is JsonResponse
    assert json.data is data
    assert (json.status_code, json.body, json.raw_headers) == (
        200,
        JsonResponse(data).body,
        JsonResponse(data).raw_headers,
    )


async def test_handle_direct_honours_the_request_class(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    class Tagged(Request):
        tag = "plain"

    class Built(Request):
        def __init__(self, scope: Any, receive: Any) -> None:
            super().__init__(scope, receive)
            self.tag = "built"

    router.get("/", lambda request: f"{type(request).__name__}:{request.tag}:{request.path}")
    kernel.request_class = Tagged
    response = await kernel.handle_direct(make_scope(), body_receiver())
    assert response.body == b"Tagged:plain:/"
    kernel.request_class = Built
    response = await kernel.handle_direct(make_scope(), body_receiver())
    assert response.body == b"Built:built:/"


async def test_handle_direct_runs_plain_global_middleware_in_order_and_sees_new_ones(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    seen: list[str] = []

    class One:
        def handle(self, request: Request, next: Any) -> Any:
            seen.append("one")
            return next(request)

    class Two:
        def handle(self, request: Request, next: Any) -> Any:
            seen.append("two")
            return next(request)

    router.get("/", lambda request: "ok")
    kernel.push_middleware(One)
    kernel.push_middleware(Two)
    assert (await kernel.handle_direct(make_scope(), body_receiver())).body == b"ok"
    assert seen == ["one", "two"]
    kernel.push_middleware(RefuseSync)  # after the chain was compiled
    assert (await kernel.handle_direct(make_scope(), body_receiver())).status_code == 500
    assert seen == ["one", "two", "one", "two"]


async def test_handle_direct_spoofs_posts_and_answers_health_behind_global_middleware(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    PassThrough.seen.clear()
    kernel.push_middleware(PassThrough)
    router.add("PUT", "/thing", lambda request: f"put {request.method}")
    router.get("/thing", lambda request: "get")
    override = [(b"x-http-method-override", b"PUT")]
    put = await kernel.handle_direct(
        make_scope("POST", "/thing", headers=override), body_receiver()
    )
    assert put.body == b"put PUT"
    health = await kernel.handle_direct(make_scope(path="/up"), body_receiver())
    assert b"Application up" in health.body
    assert (await kernel.handle_direct(make_scope(path="/thing"), body_receiver())).body == b"get"
    assert PassThrough.seen == ["/thing", "/up", "/thing"]


async def test_a_router_failing_to_build_fails_each_request_with_a_500(
    kernel: Kernel, make_scope: Any, body_receiver: Any
) -> None:
    def broken() -> Any:
        raise RuntimeError("router factory exploded")

    kernel.app.bind("router", broken)
    response = await kernel.handle_direct(make_scope(), body_receiver())
    assert response.status_code == 500
    assert (await kernel.handle_direct(make_scope(), body_receiver())).status_code == 500


@pytest.mark.parametrize("default_type", [b"text/plain; charset=utf-8", None])
async def test_str_returns_follow_a_changed_default_content_type_as_the_constructor_does(
    kernel: Kernel,
    router: Any,
    make_scope: Any,
    body_receiver: Any,
    monkeypatch: pytest.MonkeyPatch,
    default_type: bytes | None,
) -> None:
    # handle_direct, handle() and the error page build these without Response's constructor:
    # an application changing the class default must still see it everywhere.
    monkeypatch.setattr(Response, "default_content_type", default_type)
    router.get("/text", lambda request: "hi")
    expected = Response("hi").raw_headers
    direct = await kernel.handle_direct(make_scope(path="/text"), body_receiver())
    assert direct.raw_headers == expected
    handled = await kernel.handle(Request(make_scope(path="/text"), body_receiver()))
    assert handled.raw_headers == expected
    missing = await kernel.handle_direct(make_scope(path="/nope"), body_receiver())
    assert missing.status_code == 404
    assert missing.raw_headers == Response("", 404).raw_headers


async def test_handle_direct_routes_the_request_as_global_middleware_left_it(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    # handle() decides health / method spoofing after the global middleware ran: so must
    # handle_direct, whose shortcut to the router decides on the request as it arrives.
    class Rewrite:
        def handle(self, request: Request, next: Any) -> Any:
            if request.path == "/healthz":
                request.path = "/up"
            return next(request)

    router.get("/healthz", lambda request: "the route")
    kernel.push_middleware(Rewrite)
    handled = await kernel.handle(Request(make_scope(path="/healthz"), body_receiver()))
    direct = await kernel.handle_direct(make_scope(path="/healthz"), body_receiver())
    assert b"Application up" in handled.body
    assert direct.body == handled.body
    assert (await kernel.handle_direct(make_scope(path="/up"), body_receiver())).status_code == 200


async def test_handle_direct_behind_only_the_frameworks_global_middleware_skips_dispatch(
    kernel: Kernel, router: Any, make_scope: Any, body_receiver: Any
) -> None:
    router.get("/", lambda request: "ok")
    assert (await kernel.handle_direct(make_scope(), body_receiver())).body == b"ok"
    assert kernel._entry is not None
    _, through_dispatch, straight = kernel._entry
    assert straight is not through_dispatch  # the shortcut is still there for a default app
