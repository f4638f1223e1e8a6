"""URL generation: named routes, query strings, missing parameters, assets, signed URLs."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from lararust_router import Route, Router, UrlGenerationError, asset, route, url
from lararust_router._router import current_request


def handler() -> str:
    return "ok"


class Post:
    """A UrlRoutable fake: its route key is its id."""

    def __init__(self, id: int, slug: str) -> None:
        self.id = id
        self.slug = slug

    def get_route_key(self) -> Any:
        return self.id


@pytest.fixture
def routes(router: Router) -> Router:
    router.get("/", handler).name("home")
    router.get("/users/{user}", handler).name("users.show")
    router.get("/posts/{post:slug}", handler).name("posts.show")
    router.get("/archive/{year?}", handler).name("archive")
    router.get("/files/{path}", handler).where("path", ".*").name("files")
    router.url.force_root_url("https://app.test")
    return router


@pytest.mark.smoke
def test_route_helper_builds_absolute_url(routes: Router) -> None:
    assert route("users.show", user=1) == "https://app.test/users/1"


def test_relative_url_and_root_without_trailing_slash(routes: Router) -> None:
    assert route("users.show", {"user": 1}, absolute=False) == "/users/1"
    assert route("home") == "https://app.test"
    assert route("home", absolute=False) == "/"


def test_extra_parameters_become_the_query_string(routes: Router) -> None:
    assert route("users.show", user=1, tab="posts", q="a b") == (
        "https://app.test/users/1?tab=posts&q=a+b"
    )


def test_missing_parameter_names_it(routes: Router) -> None:
    with pytest.raises(UrlGenerationError, match=r"\[Missing parameter: user\]"):
        route("users.show")


def test_unknown_route_name(routes: Router) -> None:
    with pytest.raises(UrlGenerationError, match=r"Route \[nope\] not defined"):
        route("nope")


def test_positional_parameters(routes: Router) -> None:
    assert route("users.show", [5], absolute=False) == "/users/5"
    assert route("users.show", 6, absolute=False) == "/users/6"


def test_models_give_their_route_key_or_the_custom_field(routes: Router) -> None:
    post = Post(3, "hello-world")
    assert route("users.show", user=post, absolute=False) == "/users/3"
    assert route("posts.show", post=post, absolute=False) == "/posts/hello-world"


def test_optional_parameter_may_be_left_out(routes: Router) -> None:
    assert route("archive", absolute=False) == "/archive"
    assert route("archive", year=2024, absolute=False) == "/archive/2024"


def test_values_are_percent_encoded_but_tail_keeps_slashes(routes: Router) -> None:
    assert route("users.show", user="a b/c", absolute=False) == "/users/a%20b%2Fc"
    assert route("files", path="a/b c.txt", absolute=False) == "/files/a/b%20c.txt"


def test_domain_route_url_uses_the_domain(router: Router) -> None:
    with router.domain("{account}.example.com").group():
        router.get("/users/{id}", handler).name("tenant.user")
    router.url.force_root_url("https://example.com")
    assert route("tenant.user", account="acme", id=2) == "https://acme.example.com/users/2"


def test_url_to_path_asset_and_absolute_passthrough(routes: Router) -> None:
    assert url("/about/") == "https://app.test/about"
    assert url("about", absolute=False) == "/about"
    assert url("https://other.test/x") == "https://other.test/x"
    assert asset("css/app.css") == "https://app.test/css/app.css"
    routes.url.asset_root = "https://cdn.test/"
    assert asset("/js/app.js") == "https://cdn.test/js/app.js"


def test_current_and_previous_use_the_request(router: Router, request_factory: Any) -> None:
    make_request = request_factory
    request = make_request(
        "GET", "/users/5/", query="a=1", headers=[(b"referer", b"http://testserver/list")]
    )
    token = current_request.set(request)
    try:
        assert url().current() == "http://testserver/users/5"
        assert url().full() == "http://testserver/users/5?a=1"
        assert url().previous() == "http://testserver/list"
    finally:
        current_request.reset(token)


def test_root_includes_the_mount_prefix(router: Router, request_factory: Any) -> None:
    router.get("/u/{id}", handler).name("u")
    request = request_factory(host="shop.test")
    request.scope["root_path"] = "/shop"
    token = current_request.set(request)
    try:
        assert route("u", id=1) == "http://shop.test/shop/u/1"
    finally:
        current_request.reset(token)


def test_previous_prefers_the_session(router: Router, request_factory: Any) -> None:
    class Session:
        def get(self, key: str) -> str | None:
            return "http://testserver/from-session" if key == "_previous.url" else None

    request = request_factory("GET", "/", headers=[(b"referer", b"http://testserver/ref")])
    request.has_session = lambda: True
    request.session = Session
    token = current_request.set(request)
    try:
        assert url().previous() == "http://testserver/from-session"
    finally:
        current_request.reset(token)


def test_previous_falls_back(router: Router) -> None:
    assert url().previous("/home") == "http://localhost/home"


def test_root_comes_from_the_request_when_not_forced(router: Router, request_factory: Any) -> None:
    make_request = request_factory
    router.get("/u/{id}", handler).name("u")
    token = current_request.set(make_request(host="shop.test:8080"))
    try:
        assert route("u", id=1) == "http://shop.test:8080/u/1"
    finally:
        current_request.reset(token)


class TestSignedUrls:
    @pytest.fixture(autouse=True)
    def _factory(self, request_factory: Any) -> None:
        self.make_request = request_factory

    @pytest.fixture
    def signed(self, routes: Router) -> Router:
        routes.get("/unsubscribe/{user}", handler).name("unsubscribe")
        routes.url.set_key("base64:" + "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=")
        return routes

    def _request_for(self, signed_url: str) -> Any:
        rest = signed_url.removeprefix("https://app.test")
        path, _, query = rest.partition("?")
        request = self.make_request("GET", path, host="app.test", query=query)
        request.scope["scheme"] = "https"
        return request

    def test_signed_url_validates(self, signed: Router) -> None:
        link = signed.url.signed_route("unsubscribe", {"user": 1})
        assert "signature=" in link
        assert signed.url.has_valid_signature(self._request_for(link))

    def test_tampered_url_is_rejected(self, signed: Router) -> None:
        link = signed.url.signed_route("unsubscribe", {"user": 1})
        assert not signed.url.has_valid_signature(self._request_for(link.replace("/1?", "/2?")))

    def test_missing_signature_is_rejected(self, signed: Router) -> None:
        assert not signed.url.has_valid_signature(
            self._request_for("https://app.test/unsubscribe/1")
        )

    def test_temporary_signed_url_expires(self, signed: Router) -> None:
        live = signed.url.temporary_signed_route("unsubscribe", timedelta(minutes=5), {"user": 1})
        assert signed.url.has_valid_signature(self._request_for(live))
        dead = signed.url.temporary_signed_route("unsubscribe", (-10), {"user": 1})
        assert "expires=" in dead
        assert int(dead.split("expires=")[1].split("&")[0]) < time.time()
        assert not signed.url.has_valid_signature(self._request_for(dead))

    def test_signing_without_a_key_explains(self, routes: Router) -> None:
        routes.get("/s", handler).name("s")
        with pytest.raises(UrlGenerationError, match="application key"):
            routes.url.signed_route("s")


def test_facade_url_is_the_routers(router: Router) -> None:
    assert Route.url is router.url
