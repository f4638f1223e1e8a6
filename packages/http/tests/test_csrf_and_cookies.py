"""EncryptCookies and VerifyCsrfToken."""

from __future__ import annotations

from typing import Any

import pytest
from lararust_core import Container
from lararust_http import Kernel, Request, Response, TestClient
from lararust_http.middleware import EncryptCookies, VerifyCsrfToken


@pytest.fixture
def routes(router: Any) -> Any:
    router.get("/form", lambda r: {"token": r.session().token()}, middleware=["web"])
    router.post("/submit", lambda r: {"ok": True, "name": r.input("name")}, middleware=["web"])
    router.post("/webhooks/stripe", lambda r: "hook", middleware=["web"])
    return router


def token(client: TestClient) -> str:
    return str(client.get("/form").json("token"))


def test_post_without_token_is_419(routes: Any, client: TestClient) -> None:
    client.get("/form")
    client.post("/submit", data={"name": "x"}).assert_status(419).assert_see("419 | Page Expired")


def test_post_with_form_token_passes(routes: Any, client: TestClient) -> None:
    value = token(client)
    client.post("/submit", data={"_token": value, "name": "ada"}).assert_json({"name": "ada"})


def test_wrong_token_is_419(routes: Any, client: TestClient) -> None:
    token(client)
    client.post("/submit", data={"_token": "x" * 40}).assert_status(419)


def test_header_token_passes(routes: Any, client: TestClient) -> None:
    value = token(client)
    client.post_json("/submit", {"name": "a"}, headers={"X-CSRF-TOKEN": value}).assert_ok()


def test_xsrf_cookie_echoed_in_header_passes(routes: Any, client: TestClient) -> None:
    client.get("/form").assert_cookie("XSRF-TOKEN")
    encrypted = client.cookies["XSRF-TOKEN"]
    client.post_json("/submit", {"name": "a"}, headers={"X-XSRF-TOKEN": encrypted}).assert_ok()


def test_xsrf_cookie_is_readable_by_javascript(routes: Any, client: TestClient) -> None:
    res = client.get("/form")
    header = next(v for v in res.headers.get_list("set-cookie") if v.startswith("XSRF-TOKEN="))
    assert "HttpOnly" not in header


def test_foreign_origin_fails_even_with_a_token(routes: Any, client: TestClient) -> None:
    value = token(client)
    res = client.post("/submit", data={"_token": value}, headers={"Origin": "https://evil.test"})
    res.assert_status(419)
    client.post(
        "/submit", data={"_token": value}, headers={"Origin": "http://testserver"}
    ).assert_ok()


def test_except_list_skips_the_check(kernel: Kernel, routes: Any, client: TestClient) -> None:
    kernel.configure(VerifyCsrfToken, except_=["webhooks/*"])
    client.post("/webhooks/stripe").assert_ok().assert_see("hook")


def test_csrf_is_skipped_in_the_testing_environment(
    container: Container, routes: Any, client: TestClient
) -> None:
    container.environment = "testing"  # type: ignore[attr-defined]
    client.post("/submit", data={"name": "x"}).assert_ok()


def test_cookies_are_encrypted_and_decrypted(router: Any, client: TestClient) -> None:
    router.get(
        "/set",
        lambda r: Response("set").set_cookie("theme", "dark"),
        middleware=["encrypt_cookies"],
    )
    router.get("/get", lambda r: {"theme": r.cookie("theme")}, middleware=["encrypt_cookies"])
    res = client.get("/set")
    assert res.cookies["theme"] != "dark"
    client.get("/get").assert_json({"theme": "dark"})


def test_tampered_or_swapped_cookies_are_dropped(router: Any, client: TestClient) -> None:
    router.get(
        "/set",
        lambda r: Response("set").set_cookie("a", "1").set_cookie("b", "2"),
        middleware=["encrypt_cookies"],
    )
    router.get("/get", lambda r: r.cookies, middleware=["encrypt_cookies"])
    client.get("/set")
    a, b = client.cookies["a"], client.cookies["b"]
    client.cookies.update({"a": b, "b": a[:-2] + "xx", "plain": "text"})
    client.get("/get").assert_exact_json({})


def test_except_cookies_stay_clear(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.configure(EncryptCookies, except_=["plain"])
    router.get(
        "/set", lambda r: Response("x").set_cookie("plain", "v"), middleware=["encrypt_cookies"]
    )
    router.get("/get", lambda r: {"plain": r.cookie("plain")}, middleware=["encrypt_cookies"])
    client.get("/set").assert_cookie("plain", "v")
    client.get("/get").assert_json({"plain": "v"})


def test_csrf_token_is_shared_with_views(
    container: Container, routes: Any, client: TestClient
) -> None:
    from lararust_http import csrf_token

    shared: dict[str, Any] = {}

    class Views:
        def share(self, key: str, value: Any = None) -> None:
            shared[key] = value

        def exists(self, name: str) -> bool:
            return False

    container.instance("view", Views())
    seen = {}

    def form(request: Request) -> str:
        seen["token"] = shared["csrf_token"]()
        return request.session().token()

    routes.get("/view-form", form, middleware=["web"])
    expected = client.get("/view-form").text
    assert seen["token"] == expected
    assert shared["csrf_token"] is csrf_token


def test_signed_cookies_detect_tampering(router: Any, client: TestClient) -> None:
    router.get("/set", lambda r: Response("x").set_signed_cookie("plan", "free"))
    router.get("/get", lambda r: {"plan": r.signed_cookie("plan", "none")})
    client.get("/set")
    assert client.cookies["plan"].startswith("free.")
    client.get("/get").assert_json({"plan": "free"})
    client.cookies["plan"] = client.cookies["plan"].replace("free", "gold")
    client.get("/get").assert_json({"plan": "none"})
