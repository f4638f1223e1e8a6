"""The exception handler: debug page, production pages, JSON errors, hooks, error views."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from lararust_contracts import HttpException, NotFound
from lararust_core import Container
from lararust_http import ExceptionHandler, Kernel, Request, Response, TestClient


class Secret(Exception):
    pass


def failing(request: Request) -> str:
    local_marker = "visible in the source lines"  # noqa: F841
    raise Secret("db password is <hunter2>")


@pytest.fixture
def debug_kernel(kernel: Kernel) -> Kernel:
    kernel.exceptions.debug = True
    return kernel


def test_debug_page_shows_traceback_source_and_request(
    debug_kernel: Kernel, router: Any, client: TestClient
) -> None:
    router.get("/boom", failing)
    res = client.get("/boom?x=1", headers={"Cookie": "session=abc", "X-Custom": "<tag>"})
    res.assert_status(500)
    text = res.text
    assert "test_exception_handler.Secret" in text
    assert "db password is &lt;hunter2&gt;" in text  # escaped
    assert "visible in the source lines" in text
    assert "http://testserver/boom?x=1" in text
    assert "&lt;tag&gt;" in text
    assert "session=abc" not in text  # cookies masked


def test_production_page_hides_details(client: TestClient, router: Any, caplog: Any) -> None:
    router.get("/boom", failing)
    res = client.get("/boom").assert_status(500)
    assert "hunter2" not in res.text
    assert "500 | Server Error" in res.text
    assert "Secret: db password is <hunter2>" in caplog.text  # but it was reported


def test_json_errors_when_the_client_wants_json(client: TestClient, router: Any) -> None:
    router.get("/boom", failing)
    router.get("/gone", lambda request: (_ for _ in ()).throw(NotFound("No such thing")))
    client.get_json("/boom").assert_status(500).assert_exact_json({"message": "Server Error"})
    client.get_json("/gone").assert_status(404).assert_exact_json({"message": "No such thing"})


def test_debug_json_errors_carry_the_trace(
    debug_kernel: Kernel, router: Any, client: TestClient
) -> None:
    router.get("/boom", failing)
    res = client.get_json("/boom").assert_status(500)
    res.assert_json_path("exception", lambda v: v.endswith("test_exception_handler.Secret"))
    res.assert_json_path("trace.0.function", "failing")


def test_http_exceptions_are_not_reported(client: TestClient, router: Any, caplog: Any) -> None:
    router.get("/nf", lambda request: (_ for _ in ()).throw(NotFound()))
    client.get("/nf").assert_not_found().assert_see("404 | Not Found")
    assert "NotFound" not in caplog.text


def test_renderable_and_reportable_hooks(kernel: Kernel, router: Any, client: TestClient) -> None:
    reported: list[BaseException] = []

    def report(exc: Secret) -> bool:
        reported.append(exc)
        return False

    def render(exc: Secret, request: Request) -> Response:
        return Response("custom", 409)

    kernel.exceptions.reportable(report)
    kernel.exceptions.renderable(render)
    router.get("/boom", failing)
    router.get("/other", lambda request: 1 / 0)
    client.get("/boom").assert_status(409).assert_see("custom")
    client.get("/other").assert_status(500)
    assert [type(e) for e in reported] == [Secret]


def test_exception_with_its_own_render(client: TestClient, router: Any) -> None:
    class Teapot(Exception):
        def render(self, request: Request) -> Any:
            return {"teapot": True}

    router.get("/", lambda request: (_ for _ in ()).throw(Teapot()))
    client.get("/").assert_exact_json({"teapot": True})


class FakeViews:
    """A ViewFactory with one error view."""

    def __init__(self) -> None:
        self.shared: dict[str, Any] = {}

    def exists(self, name: str) -> bool:
        return name == "errors.404"

    def render(
        self, name: str, context: Mapping[str, Any] | None = None, fragment: str | None = None
    ) -> str:
        return f"<p>custom {name}: {(context or {}).get('message')}</p>"

    def make(self, name: str, context: Mapping[str, Any] | None = None) -> Any:
        raise NotImplementedError

    def share(self, key: Any, value: Any = None) -> None:
        self.shared[key] = value

    def composer(self, names: Any, fn: Any) -> None:
        raise NotImplementedError


def test_error_views_override_plain_pages(
    container: Container, router: Any, client: TestClient
) -> None:
    container.instance("view", FakeViews())
    router.get("/nf", lambda request: (_ for _ in ()).throw(NotFound("gone")))
    router.get("/forbidden", lambda request: (_ for _ in ()).throw(HttpException(403)))
    client.get("/nf").assert_not_found().assert_see("<p>custom errors.404: gone</p>", escape=False)
    client.get("/forbidden").assert_status(403).assert_see("403 | Forbidden")


def test_a_broken_renderer_still_answers_500() -> None:
    import asyncio

    handler = ExceptionHandler()

    def broken(exc: Exception, request: Any) -> Any:
        raise RuntimeError("renderer broke")

    handler.renderable(broken)
    response = asyncio.run(handler.handle(None, ValueError("x")))
    assert response.status_code == 500


def test_family_error_view_is_the_fallback(
    container: Container, router: Any, client: TestClient
) -> None:
    class FamilyViews(FakeViews):
        def exists(self, name: str) -> bool:
            return name == "errors.4xx"

    container.instance("view", FamilyViews())
    router.get("/forbidden", lambda request: (_ for _ in ()).throw(HttpException(403, "no")))
    client.get("/forbidden").assert_status(403).assert_see(
        "<p>custom errors.4xx: no</p>", escape=False
    )


def test_a_missing_error_view_is_looked_up_once_outside_debug(
    container: Container, router: Any, client: TestClient
) -> None:
    class CountingViews(FakeViews):
        asked: list[str] = []

        def exists(self, name: str) -> bool:
            self.asked.append(name)
            return False

    views = CountingViews()
    container.instance("view", views)
    for _ in range(3):
        client.get("/nowhere").assert_not_found().assert_see("404 | Not Found")
    assert views.asked == ["errors.404", "errors.4xx"]  # scanners' 404s stat no folders


def test_an_error_view_created_while_debugging_shows_at_once(
    container: Container, kernel: Kernel, client: TestClient
) -> None:
    kernel.exceptions.debug = True
    names: set[str] = set()
    views = FakeViews()
    views.exists = names.__contains__  # type: ignore[method-assign]
    container.instance("view", views)
    client.get("/nowhere").assert_not_found().assert_see("404 | Not Found")
    names.add("errors.404")  # the developer adds resources/views/errors/404
    client.get("/nowhere").assert_not_found().assert_see("<p>custom errors.404:", escape=False)


async def test_a_plain_error_page_is_the_response_its_constructor_would_build(
    make_scope: Any,
) -> None:
    handler = ExceptionHandler()
    request = Request(make_scope(path="/nope"))
    first = await handler.render(request, NotFound())
    second = await handler.render(request, NotFound())
    expected = Response(first.body, 404)
    assert type(first) is Response
    assert (first.status_code, first.body, first.raw_headers) == (
        404,
        expected.body,
        expected.raw_headers,
    )
    assert b"404" in first.body
    first.header("x-one", "1")  # each page owns its header list
    assert second.raw_headers == expected.raw_headers
    with_headers = await handler.render(request, HttpException(429, "", {"Retry-After": "5"}))
    assert with_headers.headers.get("retry-after") == "5"
