"""Request: URL pieces, headers, cookies, input over query + form + JSON, limits, client."""

from __future__ import annotations

from typing import Any

import pytest
from lararust_contracts import HttpException
from lararust_http import PayloadTooLarge, Request


def test_url_pieces(make_scope: Any) -> None:
    request = Request(
        make_scope(path="/users/7", query=b"a=1", headers=[(b"host", b"example.com:8080")])
    )
    assert request.method == "GET"
    assert request.path == "/users/7"
    assert request.url() == "http://example.com:8080/users/7"
    assert request.full_url() == "http://example.com:8080/users/7?a=1"
    assert request.root() == "http://example.com:8080"
    assert request.segments() == ["users", "7"]
    assert request.segment(2) == "7"
    assert request.is_("users/*")
    assert not request.is_("admin/*")


def test_query_is_multi_valued(make_scope: Any) -> None:
    request = Request(make_scope(query=b"tag=a&tag=b&ids[]=1&ids[]=2&q="))
    assert request.query["tag"] == "b"
    assert request.query.get_list("tag") == ["a", "b"]
    assert request.query["ids"] == ["1", "2"]
    assert request.input("q") == ""


def test_headers_are_case_insensitive_and_multi_valued(make_scope: Any) -> None:
    request = Request(
        make_scope(
            headers=[(b"x-thing", b"1"), (b"X-Thing", b"2"), (b"content-type", b"text/plain")]
        )
    )
    assert request.header("X-THING") == "1"
    assert request.headers.get_list("x-thing") == ["1", "2"]
    assert "Content-Type" in request.headers


def test_cookies_are_parsed(make_scope: Any) -> None:
    request = Request(make_scope(headers=[(b"cookie", b'a=1; b="two%20words"; a=ignored')]))
    assert request.cookies == {"a": "1", "b": "two words"}
    assert request.cookie("missing", "d") == "d"


async def test_json_input_merges_with_query(make_scope: Any, body_receiver: Any) -> None:
    request = Request(
        make_scope("POST", query=b"page=2", headers=[(b"content-type", b"application/json")]),
        body_receiver(b'{"name": "Ada", "address": {"city": "London"}, "tags": []}'),
    )
    await request.load()
    assert request.input("name") == "Ada"
    assert request.input("address.city") == "London"
    assert request.input("page") == "2"
    assert request.json("address.city") == "London"
    assert request.only("name", "page") == {"name": "Ada", "page": "2"}
    assert "name" not in request.except_("name")
    assert request.has("name", "tags")
    assert not request.filled("tags")
    assert request.filled("name")
    assert request.missing("nope")


async def test_form_input(make_scope: Any, body_receiver: Any) -> None:
    request = Request(
        make_scope("POST", headers=[(b"content-type", b"application/x-www-form-urlencoded")]),
        body_receiver(b"name=Ada+L&remember=on&roles[]=a&roles[]=b&blank=+"),
    )
    await request.load()
    assert request.input("name") == "Ada L"
    assert request.boolean("remember")
    assert request.input("roles") == ["a", "b"]
    assert request.has("blank")
    assert not request.filled("blank")


async def test_malformed_json_is_a_400(make_scope: Any, body_receiver: Any) -> None:
    request = Request(
        make_scope("POST", headers=[(b"content-type", b"application/json")]),
        body_receiver(b"{nope"),
    )
    with pytest.raises(HttpException) as info:
        await request.load()
    assert info.value.status == 400
    assert "Malformed JSON" in info.value.message


def test_input_before_load_says_what_to_do(make_scope: Any) -> None:
    request = Request(make_scope("POST", headers=[(b"content-type", b"application/json")]))
    with pytest.raises(RuntimeError, match=r"await request\.load\(\)"):
        request.input("x")


async def test_body_limit_is_enforced_while_streaming(make_scope: Any, body_receiver: Any) -> None:
    request = Request(make_scope("POST"), body_receiver(b"a" * 600, b"b" * 600, b"c" * 600))
    request.max_body_size = 1000
    seen = []

    async def consume() -> None:
        async for chunk in request.stream():
            seen.append(chunk)

    with pytest.raises(PayloadTooLarge):
        await consume()
    assert seen == [b"a" * 600]  # refused on the second chunk, not after reading everything


async def test_declared_content_length_over_limit_is_refused_before_reading(
    make_scope: Any,
) -> None:
    async def never() -> dict[str, Any]:
        raise AssertionError("the body must not be read")

    request = Request(make_scope("POST", headers=[(b"content-length", b"5000")]), never)
    request.max_body_size = 100
    with pytest.raises(PayloadTooLarge):
        await request.body()


async def test_other_bodies_stay_unread_for_streaming(make_scope: Any, body_receiver: Any) -> None:
    request = Request(
        make_scope("POST", headers=[(b"content-type", b"application/octet-stream")]),
        body_receiver(b"raw", b"data"),
    )
    await request.load()
    assert [c async for c in request.stream()] == [b"raw", b"data"]


def test_ip_is_the_peer_by_default(make_scope: Any) -> None:
    assert Request(make_scope()).ip() == "10.0.0.1"


def test_content_negotiation(make_scope: Any) -> None:
    json_body = Request(make_scope(headers=[(b"content-type", b"application/vnd.api+json")]))
    wants = Request(make_scope(headers=[(b"accept", b"application/json, text/html")]))
    ajax = Request(make_scope(headers=[(b"x-requested-with", b"XMLHttpRequest")]))
    browser = Request(make_scope(headers=[(b"accept", b"text/html,application/json")]))
    assert json_body.is_json()
    assert wants.wants_json()
    assert wants.expects_json()
    assert ajax.expects_json()
    assert not ajax.wants_json()
    assert not browser.expects_json()
    shouting = Request(make_scope(headers=[(b"Accept", b"Application/JSON")]))
    assert shouting.expects_json()
    assert not Request(make_scope(headers=[(b"accept", b" , text/html;q=1")])).expects_json()
    assert Request(make_scope(headers=[(b"accept", b", application/json")])).expects_json()


def test_bearer_token(make_scope: Any) -> None:
    request = Request(make_scope(headers=[(b"authorization", b"Bearer abc.def")]))
    assert request.bearer_token() == "abc.def"


def test_user_resolver_and_session_hooks(make_scope: Any) -> None:
    request = Request(make_scope())
    assert request.user() is None
    request.set_user_resolver(lambda: "ada")
    assert request.user() == "ada"
    with pytest.raises(RuntimeError, match="StartSession"):
        request.session()


def test_route_params(client: Any, router: Any) -> None:
    router.get(
        "/users/{id}/posts/{post}",
        lambda request, id, post: {"id": id, "post": request.route_param("post")},
    )
    client.get("/users/7/posts/9").assert_json({"id": "7", "post": "9"})


def test_method_spoofing_from_a_form(client: Any, router: Any) -> None:
    router.add("DELETE", "/things/1", lambda request: "deleted")
    client.post("/things/1", data={"_method": "DELETE"}).assert_ok().assert_see("deleted")


@pytest.mark.smoke
def test_request_helper_reaches_the_current_request(client: Any, router: Any) -> None:
    from lararust_http import request as current

    router.get("/who", lambda request: current().path)
    client.get("/who").assert_see("/who")


def test_limits_come_from_config(container: Any, router: Any) -> None:
    from lararust_http import Kernel, TestClient

    container.make("config").set("http", {"max_body_size": "1K", "multipart": {"max_files": 1}})
    kernel = Kernel(container)
    assert kernel.request_class.max_body_size == 1024
    assert kernel.request_class.multipart_limits.max_files == 1
    assert issubclass(kernel.request_class, Request)
    kernel.set_dispatcher(router)
    router.kernel = kernel
    router.post("/p", lambda r: "ok")
    with TestClient(kernel) as client:
        client.post("/p", json={"x": "y" * 2000}).assert_status(413)


def test_bad_multipart_config_is_named(container: Any) -> None:
    from lararust_http import Kernel

    container.make("config").set("http", {"multipart": {"max_filez": 1}})
    with pytest.raises(ValueError, match=r"config http\.multipart"):
        Kernel(container)


def test_expects_json_precheck_matches_names_in_any_case_and_only_those(make_scope: Any) -> None:
    def expects(*headers: tuple[bytes, bytes]) -> bool:
        return Request(make_scope(headers=list(headers))).expects_json()

    assert expects((b"X-Requested-With", b"XMLHttpRequest"))
    assert expects((b"host", b"x"), (b"ACCEPT", b"application/json"))
    # Names of the same lengths that are not hints, and a hint-like value elsewhere.
    assert not expects((b"origin", b"json"), (b"x-forwarded-host", b"json"))
    assert not expects((b"user-agent", b"json"), (b"accept", b"text/html"))
    assert not expects()
