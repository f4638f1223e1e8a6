"""Sessions: the file and cookie drivers, flash data, old input, regenerate/invalidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lararust_http import Request, TestClient, redirect
from lararust_http.middleware import ErrorBag
from lararust_http.session import ArraySessionHandler, Session

WEB = ["web"]


def put(request: Request) -> str:
    request.session().put("user.name", request.query.get("name", "ada"))
    return "stored"


def show(request: Request) -> Any:
    return {"name": request.session().get("user.name")}


@pytest.fixture
def routes(router: Any) -> Any:
    router.get("/put", put, middleware=WEB)
    router.get("/show", show, middleware=WEB)
    return router


def test_file_driver_keeps_data_between_requests(
    routes: Any, client: TestClient, settings: dict[str, Any]
) -> None:
    client.get("/put?name=grace").assert_ok().assert_cookie("lararust_session")
    client.get("/show").assert_json({"name": "grace"})
    files = list(Path(settings["session"]["files"]).iterdir())
    assert len(files) == 1
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"


def test_session_cookie_is_encrypted_and_http_only(routes: Any, client: TestClient) -> None:
    res = client.get("/put")
    header = next(
        v for v in res.headers.get_list("set-cookie") if v.startswith("lararust_session=")
    )
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert len(res.cookies["lararust_session"]) > 80  # an encrypted payload, not the raw ID


def test_a_forged_session_cookie_starts_a_new_session(routes: Any, client: TestClient) -> None:
    client.get("/put?name=grace")
    client.cookies["lararust_session"] = "forged"
    client.get("/show").assert_json({"name": None})


def test_flash_lives_for_exactly_one_more_request(router: Any, client: TestClient) -> None:
    router.get("/flash", lambda r: r.session().flash("status", "saved") or "ok", middleware=WEB)
    router.get("/read", lambda r: {"status": r.session().get("status")}, middleware=WEB)
    client.get("/flash")
    client.get("/read").assert_json({"status": "saved"})
    client.get("/read").assert_json({"status": None})


def test_redirect_back_with_input_and_errors(router: Any, client: TestClient) -> None:
    router.get(
        "/form",
        lambda r: {
            "old": r.old("email"),
            "errors": ErrorBag().to_dict(),
            "first": ErrorBag().first("email"),
        },
        middleware=WEB,
    )
    router.post(
        "/form",
        lambda r: redirect().back().with_input().with_errors({"email": "The email is invalid."}),
        middleware=["encrypt_cookies", "session"],
    )
    client.get("/form")
    client.post(
        "/form",
        data={"email": "nope", "password": "x"},
        headers={"Referer": "http://testserver/elsewhere"},
    ).assert_redirect("http://testserver/form")
    res = client.get("/form")
    res.assert_json(
        {
            "old": "nope",
            "errors": {"email": ["The email is invalid."]},
            "first": "The email is invalid.",
        }
    )


def test_back_falls_back_to_referer_then_root(router: Any, client: TestClient) -> None:
    router.post("/x", lambda r: redirect().back())
    client.post("/x", headers={"Referer": "/from"}).assert_redirect("/from")
    client.post("/x", headers={"Referer": "http://testserver/a"}).assert_redirect("/a")
    client.post("/x").assert_redirect("/")


@pytest.mark.parametrize("referer", ["https://evil.test/", "//evil.test/x", "javascript:x"])
def test_back_ignores_foreign_referers(router: Any, client: TestClient, referer: str) -> None:
    router.post("/x", lambda r: redirect().back())
    client.post("/x", headers={"Referer": referer}).assert_redirect("/")


def test_with_flashes_a_status(router: Any, client: TestClient) -> None:
    router.get("/go", lambda r: redirect("/done").with_("status", "ok"), middleware=WEB)
    router.get("/done", lambda r: {"status": r.session().get("status")}, middleware=WEB)
    client.get("/go").assert_redirect("/done")
    client.get("/done").assert_json({"status": "ok"})


def test_with_without_session_says_why(router: Any, client: TestClient) -> None:
    router.get("/go", lambda r: redirect("/done").with_("status", "ok"))
    client.get("/go").assert_status(500)


def test_regenerate_gives_a_new_id_and_destroys_the_old_record(
    router: Any, client: TestClient, settings: dict[str, Any]
) -> None:
    router.get(
        "/login",
        lambda r: r.session().regenerate(destroy=True) or r.session().put("uid", 1) or "in",
        middleware=WEB,
    )
    router.get("/show", lambda r: {"uid": r.session().get("uid")}, middleware=WEB)
    client.get("/show")
    directory = Path(settings["session"]["files"])
    before = {p.name for p in directory.iterdir()}
    client.get("/login")
    after = {p.name for p in directory.iterdir()}
    assert len(before) == len(after) == 1
    assert before != after
    client.get("/show").assert_json({"uid": 1})


def test_invalidate_empties_the_session(router: Any, client: TestClient) -> None:
    router.get("/put", put, middleware=WEB)
    router.get("/logout", lambda r: r.session().invalidate() or "out", middleware=WEB)
    router.get("/show", show, middleware=WEB)
    client.get("/put?name=x")
    client.get("/logout")
    client.get("/show").assert_json({"name": None})


def test_session_is_saved_for_error_responses(router: Any, client: TestClient) -> None:
    def fail(request: Request) -> None:
        request.session().put("seen", True)
        raise ValueError("boom")

    router.get("/fail", fail, middleware=WEB)
    router.get("/seen", lambda r: {"seen": r.session().get("seen")}, middleware=WEB)
    client.get("/fail").assert_status(500)
    client.get("/seen").assert_json({"seen": True})


@pytest.mark.parametrize("with_encrypt_cookies", [True, False])
def test_cookie_driver_encrypts_the_payload(
    kernel: Any, router: Any, container: Any, with_encrypt_cookies: bool
) -> None:
    container.make("config").set("session", {"driver": "cookie"})
    middleware = WEB if with_encrypt_cookies else ["session"]
    router.get("/put", put, middleware=middleware)
    router.get("/show", show, middleware=middleware)
    with TestClient(kernel) as client:
        res = client.get("/put?name=hopper").assert_ok()
        data = res.cookies["lararust_session_data"]
        assert "hopper" not in data
        client.get("/show").assert_json({"name": "hopper"})
        client.cookies["lararust_session_data"] = data[:-4] + "AAAA"  # tampered
        client.get("/show").assert_json({"name": None})


async def test_store_api() -> None:
    session = Session("s", ArraySessionHandler())
    await session.start()
    session.put({"a": 1, "b.c": 2})
    assert session.all()["b"] == {"c": 2}
    assert session.pull("a") == 1
    assert not session.has("a")
    session.push("list", 1)
    assert session.increment("count", 2) == 2
    session.forget(["list", "b.c"])
    assert session.get("b") == {}
    token = session.token()
    assert token == session.token()
    assert len(token) == 40
    session.flush()
    assert session.all() == {}


def test_encrypt_option_encrypts_session_files(
    kernel: Any, router: Any, container: Any, settings: dict[str, Any]
) -> None:
    files = settings["session"]["files"]
    container.make("config").set("session", {"driver": "file", "files": files, "encrypt": True})
    router.get("/put", put, middleware=WEB)
    router.get("/show", show, middleware=WEB)
    with TestClient(kernel) as client:
        client.get("/put?name=lovelace")
        client.get("/show").assert_json({"name": "lovelace"})
    stored = next(Path(files).iterdir()).read_text()
    assert "lovelace" not in stored
    assert "_encrypted" in stored


def test_views_get_errors_and_old_helpers(container: Any, router: Any, client: TestClient) -> None:
    shared: dict[str, Any] = {}

    class Views:
        def share(self, key: str, value: Any = None) -> None:
            shared[key] = value

        def exists(self, name: str) -> bool:
            return False

    container.instance("view", Views())
    router.post(
        "/form",
        lambda r: redirect("/form").with_input().with_errors({"email": "Bad email."}),
        middleware=["encrypt_cookies", "session"],
    )
    router.get(
        "/form",
        lambda r: {"old": shared["old"]("email"), "error": shared["errors"].first("email")},
        middleware=WEB,
    )
    client.get("/form")
    client.post("/form", data={"email": "x@"})
    client.get("/form").assert_exact_json({"old": "x@", "error": "Bad email."})
