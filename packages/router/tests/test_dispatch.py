"""Dispatch: argument injection, coercion, model binding, sync handlers, controllers, middleware."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, ClassVar, Literal

import pytest
from lararust_contracts import HttpException, MethodNotAllowed, NotFound
from lararust_core import Container
from lararust_router import Controller, Middleware, Router
from lararust_router._http import http

Next = Callable[[Any], Awaitable[Any]]


class Post:
    """A fake ``UrlRoutable`` type: a tiny in-memory table."""

    rows: ClassVar[list[dict[str, Any]]] = [{"id": 1, "slug": "hello"}, {"id": 2, "slug": "bye"}]

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    @classmethod
    def route_key_name(cls) -> str:
        return "id"

    @classmethod
    async def resolve_route_binding(cls, value: str, field: str | None = None) -> Post | None:
        key = field or cls.route_key_name()
        for row in cls.rows:
            if str(row[key]) == value:
                return cls(row)
        return None

    def get_route_key(self) -> Any:
        return self.row["id"]


class Color(Enum):
    RED = "red"
    BLUE = "blue"


class Greeter:
    def greet(self, name: str) -> str:
        return f"hello {name}"


@pytest.fixture
def app_router() -> Router:
    """A router with a container (core's), as in an application."""
    return Router(Container())


async def test_path_parameter_is_injected_by_name(router: Router, request_factory: Any) -> None:
    router.get("/users/{name}", lambda name: f"user {name}")
    assert await router.dispatch(request_factory("GET", "/users/ada")) == "user ada"


async def test_int_annotation_coerces(router: Router, request_factory: Any) -> None:
    async def show(id: int) -> int:
        return id * 2

    router.get("/n/{id}", show)
    assert await router.dispatch(request_factory("GET", "/n/21")) == 42


async def test_failed_coercion_is_a_404(router: Router, request_factory: Any) -> None:
    async def show(id: int) -> int:
        return id

    router.get("/n/{id}", show)
    with pytest.raises(NotFound, match="id"):
        await router.dispatch(request_factory("GET", "/n/abc"))


@pytest.mark.parametrize(
    ("annotation", "raw", "expected"),
    [
        (float, "1.5", 1.5),
        (
            uuid.UUID,
            "123e4567-e89b-12d3-a456-426614174000",
            uuid.UUID(int=0x123E4567E89B12D3A456426614174000),
        ),
        (Color, "blue", Color.BLUE),
        (bool, "true", True),
    ],
)
async def test_other_coercions(
    router: Router, request_factory: Any, annotation: Any, raw: str, expected: Any
) -> None:
    def show(value: Any) -> Any:
        return value

    show.__annotations__["value"] = annotation
    router.get("/v/{value}", show)
    assert await router.dispatch(request_factory("GET", f"/v/{raw}")) == expected


async def test_one_unresolvable_annotation_keeps_the_others(
    router: Router, request_factory: Any
) -> None:
    async def show(id: int, request: Any, extra: Unknown = None) -> int:  # type: ignore[name-defined]  # noqa: F821
        return id

    router.get("/u/{id}", show)
    assert await router.dispatch(request_factory("GET", "/u/4")) == 4


async def test_literal_annotation_limits_values(router: Router, request_factory: Any) -> None:
    async def sort(order: Literal["asc", "desc"]) -> str:
        return order

    router.get("/sort/{order}", sort)
    assert await router.dispatch(request_factory("GET", "/sort/desc")) == "desc"
    with pytest.raises(NotFound):
        await router.dispatch(request_factory("GET", "/sort/up"))


async def test_invalid_enum_is_a_404(router: Router, request_factory: Any) -> None:
    async def show(color: Color) -> Color:
        return color

    router.get("/c/{color}", show)
    with pytest.raises(NotFound):
        await router.dispatch(request_factory("GET", "/c/green"))


async def test_optional_parameter_uses_route_default_then_function_default(
    router: Router, request_factory: Any
) -> None:
    async def page(n: int = 1) -> int:
        return n

    async def lang(code: str = "en") -> str:
        return code

    router.get("/page/{n?}", page)
    router.get("/lang/{code?}", lang).defaults("code", "fr")
    assert await router.dispatch(request_factory("GET", "/page")) == 1
    assert await router.dispatch(request_factory("GET", "/page/3")) == 3
    assert await router.dispatch(request_factory("GET", "/lang")) == "fr"


async def test_request_is_injected_by_type_and_by_name(
    router: Router, request_factory: Any
) -> None:
    async def typed(req: http.Request) -> str:
        return str(req.path)

    async def named(request: Any) -> str:
        return str(request.method)

    router.get("/typed", typed)
    router.get("/named", named)
    assert await router.dispatch(request_factory("GET", "/typed")) == "/typed"
    assert await router.dispatch(request_factory("GET", "/named")) == "GET"


async def test_route_and_params_are_set_on_the_request(
    router: Router, request_factory: Any
) -> None:
    route = router.get("/r/{id}", lambda request: (request.route, request.route_params))
    assert await router.dispatch(request_factory("GET", "/r/9")) == (route, {"id": "9"})


async def test_container_builds_annotated_services(
    app_router: Router, request_factory: Any
) -> None:
    async def hello(name: str, greeter: Greeter) -> str:
        return greeter.greet(name)

    app_router.get("/hello/{name}", hello)
    assert await app_router.dispatch(request_factory("GET", "/hello/bob")) == "hello bob"


class Mailer:
    pass


class FakeMailer(Mailer):
    pass


class MailController:
    async def send(self, mailer: Mailer) -> str:
        return type(mailer).__name__

    def send_sync(self, mailer: Mailer) -> str:
        return type(mailer).__name__


async def test_contextual_binding_applies_to_method_injection(request_factory: Any) -> None:
    container = Container()
    container.when(MailController).needs(Mailer).give(FakeMailer)
    router = Router(container)
    router.get("/send", [MailController, "send"])
    router.get("/send-sync", [MailController, "send_sync"])
    assert await router.dispatch(request_factory("GET", "/send")) == "FakeMailer"
    assert await router.dispatch(request_factory("GET", "/send-sync")) == "FakeMailer"


async def test_sync_handler_runs_in_a_worker_thread(router: Router, request_factory: Any) -> None:
    def where() -> str:
        return threading.current_thread().name

    router.get("/thread", where)
    assert (
        await router.dispatch(request_factory("GET", "/thread")) != threading.current_thread().name
    )


async def test_unresolvable_parameter_is_reported_with_the_route(
    router: Router, request_factory: Any
) -> None:
    from lararust_router import RouteDefinitionError

    def bad(mystery):  # type: ignore[no-untyped-def]
        return mystery

    router.get("/bad", bad)
    with pytest.raises(RouteDefinitionError, match=r"\[mystery\].*/bad"):
        await router.dispatch(request_factory("GET", "/bad"))


class TestModelBinding:
    async def test_bound_by_key(self, router: Router, request_factory: Any) -> None:
        async def show(post: Post) -> str:
            return str(post.row["slug"])

        router.get("/posts/{post}", show)
        assert await router.dispatch(request_factory("GET", "/posts/2")) == "bye"

    async def test_route_param_gives_the_bound_model(
        self, router: Router, request_factory: Any
    ) -> None:
        async def show(post: Post, request: Any) -> Any:
            return request.route_param("post")

        router.get("/posts/{post}", show)
        bound = await router.dispatch(request_factory("GET", "/posts/1"))
        assert isinstance(bound, Post)
        assert bound.row["slug"] == "hello"

    async def test_bound_by_custom_field(self, router: Router, request_factory: Any) -> None:
        async def show(post: Post) -> int:
            return int(post.row["id"])

        router.get("/posts/{post:slug}", show)
        assert await router.dispatch(request_factory("GET", "/posts/hello")) == 1

    async def test_absent_model_is_a_404(self, router: Router, request_factory: Any) -> None:
        async def show(post: Post) -> Post:
            return post

        router.get("/posts/{post}", show)
        with pytest.raises(NotFound, match="Post"):
            await router.dispatch(request_factory("GET", "/posts/99"))

    async def test_explicit_binder(self, router: Router, request_factory: Any) -> None:
        async def find_user(value: str) -> dict[str, str] | None:
            return {"name": value.title()} if value != "ghost" else None

        router.bind("user", find_user)
        router.get("/users/{user}", lambda user: user["name"])
        assert await router.dispatch(request_factory("GET", "/users/ada")) == "Ada"
        with pytest.raises(NotFound, match="user"):
            await router.dispatch(request_factory("GET", "/users/ghost"))

    async def test_explicit_model_binding(self, router: Router, request_factory: Any) -> None:
        router.model("article", Post)
        router.get("/articles/{article}", lambda article: article.row["slug"])
        assert await router.dispatch(request_factory("GET", "/articles/2")) == "bye"

    async def test_missing_handler_replaces_the_404(
        self, router: Router, request_factory: Any
    ) -> None:
        async def show(post: Post) -> Post:
            return post

        router.get("/posts/{post}", show).missing(lambda request: f"no post at {request.path}")
        assert await router.dispatch(request_factory("GET", "/posts/99")) == "no post at /posts/99"


class UserController(Controller):
    """A resource-ish controller with constructor injection and declared middleware."""

    def __init__(self, greeter: Greeter) -> None:
        self.greeter = greeter

    @classmethod
    def middleware(cls) -> list[Any]:
        return ["log", Middleware("auth", except_=["index"])]

    async def index(self) -> str:
        return "index"

    async def show(self, user: int) -> str:
        return self.greeter.greet(str(user))


class InvokableController:
    async def __call__(self, request: Any) -> str:
        return "invoked"


class Recorder:
    """Route middleware recording its parameters into the response header."""

    seen: ClassVar[list[str]] = []

    def __init__(self, label: str = "mw") -> None:
        self.label = label

    async def handle(self, request: Any, next: Next, *params: str) -> Any:
        Recorder.seen.append(f"{self.label}:{','.join(params)}")
        response = await next(request)
        response.headers.set("x-seen", ",".join(Recorder.seen))
        return response


class Auth(Recorder):
    def __init__(self) -> None:
        super().__init__("auth")


class Log(Recorder):
    def __init__(self) -> None:
        super().__init__("log")


class Deny:
    async def handle(self, request: Any, next: Next) -> Any:
        raise HttpException(403, "denied")


@pytest.fixture(autouse=True)
def _reset_recorder() -> None:
    Recorder.seen.clear()


class TestControllers:
    async def test_controller_gets_constructor_injection(
        self, app_router: Router, request_factory: Any
    ) -> None:
        app_router.alias_middleware("auth", Auth)
        app_router.alias_middleware("log", Log)
        app_router.get("/users/{user}", [UserController, "show"])
        response = await app_router.dispatch(request_factory("GET", "/users/7"))
        assert response.body == b"hello 7"

    async def test_controller_middleware_only_except(
        self, app_router: Router, request_factory: Any
    ) -> None:
        app_router.alias_middleware("auth", Auth)
        app_router.alias_middleware("log", Log)
        app_router.get("/users", [UserController, "index"])
        app_router.get("/users/{user}", [UserController, "show"])
        await app_router.dispatch(request_factory("GET", "/users"))
        assert Recorder.seen == ["log:"]
        Recorder.seen.clear()
        await app_router.dispatch(request_factory("GET", "/users/1"))
        assert Recorder.seen == ["log:", "auth:"]

    async def test_controller_is_built_once_per_route(
        self, router: Router, request_factory: Any
    ) -> None:
        built: list[object] = []

        class Counting:
            def __init__(self) -> None:
                built.append(self)

            async def __call__(self) -> int:
                return len(built)

        router.get("/c", Counting)
        results = [await router.dispatch(request_factory("GET", "/c")) for _ in range(3)]
        assert results == [1, 1, 1]

    async def test_single_action_controller(self, router: Router, request_factory: Any) -> None:
        router.get("/", InvokableController)
        assert await router.dispatch(request_factory("GET", "/")) == "invoked"

    async def test_lazy_string_reference_is_imported_on_first_match(
        self, router: Router, request_factory: Any
    ) -> None:
        router.get("/lazy", f"{__name__}:InvokableController")
        route = router.routes[0]
        assert route.action is not None
        assert isinstance(route.action.target, str)
        assert await router.dispatch(request_factory("GET", "/lazy")) == "invoked"


class TestMiddleware:
    async def test_alias_with_parameters(self, router: Router, request_factory: Any) -> None:
        router.alias_middleware("rec", Recorder)
        router.get("/x", lambda: "x").middleware("rec:60,1")
        response = await router.dispatch(request_factory("GET", "/x"))
        assert response.body == b"x"
        assert response.headers.get("x-seen") == "mw:60,1"

    async def test_group_of_middleware_runs_in_order(
        self, router: Router, request_factory: Any
    ) -> None:
        router.alias_middleware("auth", Auth)
        router.alias_middleware("log", Log)
        router.middleware_group("web", ["log", "auth"])
        router.get("/x", lambda: "x").middleware("web")
        await router.dispatch(request_factory("GET", "/x"))
        assert Recorder.seen == ["log:", "auth:"]

    async def test_without_middleware_inside_a_group(
        self, router: Router, request_factory: Any
    ) -> None:
        router.alias_middleware("auth", Auth)
        router.alias_middleware("log", Log)
        router.middleware_group("web", ["log", "auth"])
        router.get("/x", lambda: "x").middleware("web").without_middleware("auth")
        await router.dispatch(request_factory("GET", "/x"))
        assert Recorder.seen == ["log:"]

    async def test_function_middleware(self, router: Router, request_factory: Any) -> None:
        async def tag(request: Any, next: Next) -> Any:
            response = await next(request)
            response.headers.set("x-tag", "on")
            return response

        router.get("/x", lambda: "x").middleware(tag)
        response = await router.dispatch(request_factory("GET", "/x"))
        assert response.headers.get("x-tag") == "on"

    async def test_middleware_class_and_short_circuit(
        self, router: Router, request_factory: Any
    ) -> None:
        router.get("/x", lambda: "x").middleware(Deny)
        with pytest.raises(HttpException, match="denied"):
            await router.dispatch(request_factory("GET", "/x"))

    async def test_unknown_alias_names_the_route(
        self, router: Router, request_factory: Any
    ) -> None:
        from lararust_router import RouteDefinitionError

        router.get("/x", lambda: "x").middleware("nope")
        with pytest.raises(RouteDefinitionError, match=r"\[nope\].*/x"):
            await router.dispatch(request_factory("GET", "/x"))

    async def test_handler_value_becomes_a_response_for_middleware(
        self, router: Router, request_factory: Any
    ) -> None:
        router.alias_middleware("rec", Recorder)
        router.get("/json", lambda: {"a": 1}).middleware("rec")
        response = await router.dispatch(request_factory("GET", "/json"))
        assert response.status_code == 200
        assert b'"a"' in response.body


class TestSignedMiddleware:
    @pytest.fixture
    def signed(self, router: Router) -> Router:
        router.url.set_key("test-key-test-key-test-key-test")
        router.get("/unsubscribe/{user}", lambda user: f"bye {user}").name("unsub").middleware(
            "signed"
        )
        return router

    def _req(self, factory: Any, link: str) -> Any:
        rest = link.removeprefix("http://testserver")
        path, _, query = rest.partition("?")
        return factory("GET", path, query=query)

    async def test_valid_signature_passes(self, signed: Router, request_factory: Any) -> None:
        signed.url.force_root_url("http://testserver")
        link = signed.url.signed_route("unsub", {"user": 4})
        response = await signed.dispatch(self._req(request_factory, link))
        assert response.body == b"bye 4"

    async def test_relative_signature_ignores_the_host(
        self, router: Router, request_factory: Any
    ) -> None:
        router.url.set_key("test-key-test-key-test-key-test")
        router.get("/r/{user}", lambda user: user).name("rel").middleware("signed:relative")
        link = router.url.signed_route("rel", {"user": 4}, absolute=False)
        path, _, query = link.partition("?")
        request = request_factory("GET", path, host="elsewhere.test", query=query)
        response = await router.dispatch(request)
        assert response.body == b"4"

    async def test_signed_url_with_escaped_characters(
        self, signed: Router, request_factory: Any
    ) -> None:
        signed.url.force_root_url("http://testserver")
        link = signed.url.signed_route("unsub", {"user": "a b"})
        assert "/unsubscribe/a%20b?" in link
        rest = link.removeprefix("http://testserver")
        raw_path, _, query = rest.partition("?")
        request = request_factory("GET", "/unsubscribe/a b", query=query)
        assert (await signed.dispatch(request)).body == b"bye a b"
        request = request_factory("GET", "/unsubscribe/a b", query=query)
        request.scope["raw_path"] = raw_path.encode()
        assert (await signed.dispatch(request)).body == b"bye a b"

    async def test_bad_signature_is_403(self, signed: Router, request_factory: Any) -> None:
        with pytest.raises(HttpException) as info:
            await signed.dispatch(request_factory("GET", "/unsubscribe/4", query="signature=abc"))
        assert info.value.status == 403


class TestHttpBehaviour:
    async def test_method_spoofing_from_a_form(self, router: Router, request_factory: Any) -> None:
        router.delete("/posts/{id}", lambda id: f"deleted {id}")
        request = request_factory(
            "POST",
            "/posts/3",
            headers=[(b"content-type", b"application/x-www-form-urlencoded")],
            body=b"_method=DELETE",
        )
        assert await router.dispatch(request) == "deleted 3"
        assert request.method == "DELETE"

    async def test_body_is_parsed_before_the_handler(
        self, router: Router, request_factory: Any
    ) -> None:
        router.put("/items/{id}", lambda request, id: (id, request.input("name")))
        request = request_factory(
            "PUT",
            "/items/3",
            headers=[(b"content-type", b"application/json")],
            body=b'{"name": "lamp"}',
        )
        assert await router.dispatch(request) == ("3", "lamp")

    async def test_spoofing_cannot_make_a_get(self, router: Router, request_factory: Any) -> None:
        router.post("/p", lambda: "posted")
        request = request_factory(
            "POST",
            "/p",
            headers=[(b"content-type", b"application/x-www-form-urlencoded")],
            body=b"_method=GET",
        )
        assert await router.dispatch(request) == "posted"

    async def test_automatic_options_lists_allowed_methods(
        self, router: Router, request_factory: Any
    ) -> None:
        router.get("/items", lambda: "")
        router.post("/items", lambda: "")
        response = await router.dispatch(request_factory("OPTIONS", "/items"))
        assert response.status_code == 200
        assert response.headers.get("allow") == "GET, HEAD, OPTIONS, POST"

    async def test_domain_parameters_reach_the_handler(
        self, router: Router, request_factory: Any
    ) -> None:
        with router.domain("{account}.example.com").group():
            router.get("/", lambda account: f"tenant {account}")
        router.get("/", lambda: "main site")
        request = request_factory("GET", "/", host="acme.example.com")
        assert await router.dispatch(request) == "tenant acme"
        assert await router.dispatch(request_factory("GET", "/", host="example.org")) == (
            "main site"
        )

    async def test_redirect_route(self, router: Router, request_factory: Any) -> None:
        router.redirect("/old", "/new", 301)
        response = await router.dispatch(request_factory("GET", "/old"))
        assert response.status_code == 301
        assert response.headers.get("location") == "/new"

    async def test_fallback_handler(self, router: Router, request_factory: Any) -> None:
        router.fallback(lambda request: f"nothing at {request.path}")
        assert await router.dispatch(request_factory("GET", "/zzz")) == "nothing at /zzz"

    async def test_a_domain_fallback_gets_the_hosts_parameters(
        self, router: Router, request_factory: Any
    ) -> None:
        router.get("/home", lambda: "home")  # no route has a domain: only the fallback reads it
        with router.domain("{account}.example.com").group():
            router.fallback(lambda account, request: f"{account} has no {request.path}")

        answer = await router.dispatch(request_factory("GET", "/zzz", host="acme.example.com"))

        assert answer == "acme has no /zzz"

    async def test_current_route_name_during_dispatch(
        self, router: Router, request_factory: Any
    ) -> None:
        router.get("/here", lambda: (router.current_route_name(), router.is_("he*"))).name("here")
        assert await router.dispatch(request_factory("GET", "/here")) == ("here", True)


async def test_dispatch_current_trusts_the_callers_current_request(
    router: Router, request_factory: Any
) -> None:
    """The http kernel makes the request current, then calls dispatch_current (no check)."""
    from lararust_http._context import current_request

    async def here() -> Any:
        return router.current_route_name()

    router.get("/here", here).name("here")
    await router.dispatch(request_factory("GET", "/here"))  # builds the route's runner
    request = request_factory("GET", "/here")
    token = current_request.set(request)
    try:
        assert await router.dispatch_current(request) == "here"
        assert request.route_params == {}
    finally:
        current_request.reset(token)
    # Not current (dispatch outside a kernel): the router sets its own current request.
    assert await router.dispatch_current(request_factory("GET", "/here"), False) == "here"
    assert await router.dispatch(request_factory("GET", "/here")) == "here"


async def test_static_paths_as_requested_and_in_other_forms_reach_the_same_route(
    router: Router, request_factory: Any
) -> None:
    router.get("/", lambda: "root")
    router.get("/users", lambda: "users")
    router.post("/users", lambda: "created")
    router.get("/users/{id}", lambda id: f"user {id}")
    for path in ("/users", "/users/", "users", "//users"):
        assert await router.dispatch(request_factory("GET", path)) == "users"
    assert await router.dispatch(request_factory("HEAD", "/users")) == "users"
    assert await router.dispatch(request_factory("POST", "/users")) == "created"
    assert await router.dispatch(request_factory("GET", "/")) == "root"
    assert await router.dispatch(request_factory("GET", "/users/7")) == "user 7"
    request = request_factory("GET", "/users")
    await router.dispatch(request)
    assert request.route_params == {}
    with pytest.raises(MethodNotAllowed):
        await router.dispatch(request_factory("DELETE", "/users"))


async def test_a_domain_route_wins_over_the_same_static_path_without_one(
    router: Router, request_factory: Any
) -> None:
    router.get("/home", lambda: "anywhere")
    with router.domain("admin.example.com").group():
        router.get("/home", lambda: "admin")
    assert await router.dispatch(request_factory("GET", "/home", host="admin.example.com")) == (
        "admin"
    )
    assert await router.dispatch(request_factory("GET", "/home", host="example.com")) == (
        "anywhere"
    )


async def test_one_path_value_reaches_handlers_of_every_shape(
    router: Router, request_factory: Any
) -> None:
    import functools

    async def first(id: int) -> Any:
        return ("first", id)

    async def keyword_only(*, id: int) -> Any:
        return ("keyword", id)

    async def later(page: int = 1, id: int = 0) -> Any:
        return ("later", id, page)

    def keywords_only(fn: Any) -> Any:
        @functools.wraps(fn)
        async def wrapper(**kwargs: Any) -> Any:
            return await fn(**kwargs)

        return wrapper

    async def color(shade: Color) -> Any:
        return shade

    async def maybe(id: int | None = None) -> Any:
        return ("maybe", id)

    router.get("/a/{id}", first)
    router.get("/b/{id}", keyword_only)
    router.get("/c/{id}", later)
    router.get("/d/{id}", keywords_only(first))
    router.get("/e/{shade}", color)
    router.get("/f/{id?}", maybe)
    assert await router.dispatch(request_factory("GET", "/a/3")) == ("first", 3)
    assert await router.dispatch(request_factory("HEAD", "/a/3")) == ("first", 3)
    assert await router.dispatch(request_factory("GET", "/b/4")) == ("keyword", 4)
    assert await router.dispatch(request_factory("GET", "/c/5")) == ("later", 5, 1)
    assert await router.dispatch(request_factory("GET", "/d/6")) == ("first", 6)
    assert await router.dispatch(request_factory("GET", "/e/red")) is Color.RED
    assert await router.dispatch(request_factory("GET", "/f")) == ("maybe", None)
    assert await router.dispatch(request_factory("GET", "/f/7")) == ("maybe", 7)
    with pytest.raises(NotFound, match=r"\[id\] is not a valid int"):
        await router.dispatch(request_factory("GET", "/a/x"))
    with pytest.raises(NotFound, match="shade"):
        await router.dispatch(request_factory("GET", "/e/green"))


async def test_a_bare_async_handler_is_called_directly_only_without_middleware(
    router: Router, request_factory: Any
) -> None:
    async def bare() -> str:
        return "bare"

    router.alias_middleware("rec", Recorder)
    plain = router.get("/plain", bare)
    wrapped = router.get("/wrapped", bare).middleware("rec")
    router.post("/posted", bare)
    assert await router.dispatch(request_factory("GET", "/plain")) == "bare"
    assert plain.bare_handler is bare
    assert await router.dispatch(request_factory("HEAD", "/plain")) == "bare"
    response = await router.dispatch(request_factory("GET", "/wrapped"))
    assert response.body == b"bare"
    assert wrapped.bare_handler is None
    assert Recorder.seen == ["mw:"]
    body = [(b"content-type", b"application/x-www-form-urlencoded")]
    posted_request = request_factory("POST", "/posted", headers=body, body=b"a=1")
    assert await router.dispatch(posted_request) == "bare"
    assert posted_request.input("a") == "1"  # a POST still loads its body first
    plain.middleware("rec")  # the runner is rebuilt: no longer bare
    response = await router.dispatch(request_factory("GET", "/plain"))
    assert response.body == b"bare"
    assert plain.bare_handler is None
