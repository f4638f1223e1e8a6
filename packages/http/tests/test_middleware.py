"""Built-in middleware: CORS, proxies, hosts, gzip, request ID, maintenance, static, throttle."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from lararust_http import Kernel, Request, StreamedResponse, TestClient
from lararust_http.middleware import (
    AccessLog,
    GZip,
    HandleCors,
    PreventRequestsDuringMaintenance,
    RequestId,
    ServeStaticFiles,
    TrustHosts,
    TrustProxies,
)

CORS = {
    "paths": ["api/*"],
    "allowed_origins": ["https://app.test"],
    "allowed_origins_patterns": [r"https://.*\.preview\.test"],
    "allowed_headers": ["*"],
    "exposed_headers": ["X-Total"],
    "max_age": 600,
    "supports_credentials": True,
}


@pytest.fixture
def cors(kernel: Kernel, router: Any) -> Any:
    kernel.configure(HandleCors, config=CORS)
    router.get("/api/items", lambda r: ["x"])
    router.get("/web", lambda r: "web")
    return router


def test_cors_preflight(cors: Any, client: TestClient) -> None:
    res = client.options(
        "/api/items",
        headers={
            "Origin": "https://app.test",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "X-Token, Content-Type",
        },
    )
    res.assert_status(204)
    res.assert_header("access-control-allow-origin", "https://app.test")
    res.assert_header("access-control-allow-methods", "PUT")
    res.assert_header("access-control-allow-headers", "X-Token, Content-Type")
    res.assert_header("access-control-allow-credentials", "true")
    res.assert_header("access-control-max-age", "600")
    vary = res.headers.get("vary") or ""
    assert "Origin" in vary
    assert "Access-Control-Request-Method" in vary


def test_cors_actual_request(cors: Any, client: TestClient) -> None:
    res = client.get("/api/items", headers={"Origin": "https://pr-1.preview.test"}).assert_ok()
    res.assert_header("access-control-allow-origin", "https://pr-1.preview.test")
    res.assert_header("access-control-expose-headers", "X-Total")


def test_cors_refuses_other_origins(cors: Any, client: TestClient) -> None:
    res = client.get("/api/items", headers={"Origin": "https://evil.test"}).assert_ok()
    res.assert_header_missing("access-control-allow-origin")


def test_cors_leaves_other_paths_alone(cors: Any, client: TestClient) -> None:
    client.get("/web", headers={"Origin": "https://app.test"}).assert_header_missing(
        "access-control-allow-origin"
    )


def test_cors_is_off_without_paths() -> None:
    assert not HandleCors(config={}).enabled()


def test_trusted_proxy_headers(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.configure(TrustProxies, at=["127.0.0.0/8", "10.0.0.0/8"])
    router.get("/ip", lambda r: {"ip": r.ip(), "scheme": r.scheme, "host": r.host})
    res = client.get(
        "/ip",
        headers={
            "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "shop.test",
        },
    )
    res.assert_exact_json({"ip": "203.0.113.9", "scheme": "https", "host": "shop.test"})


def test_untrusted_peer_cannot_spoof(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.configure(TrustProxies, at=["10.0.0.0/8"])
    router.get("/ip", lambda r: {"ip": r.ip(), "scheme": r.scheme})
    res = client.get("/ip", headers={"X-Forwarded-For": "1.2.3.4", "X-Forwarded-Proto": "https"})
    res.assert_exact_json({"ip": "127.0.0.1", "scheme": "http"})


def test_trusted_hosts(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.configure(TrustHosts, at=["*.shop.test"])
    kernel.prepend_middleware(TrustHosts)
    router.get("/", lambda r: "ok")
    client.get("http://eu.shop.test/").assert_ok()
    client.get("http://shop.test/").assert_ok()
    client.get("http://evil.test/").assert_status(400)


def test_gzip_compresses_large_text(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.push_middleware(GZip)
    router.get("/big", lambda r: "x" * 2000)
    router.get("/small", lambda r: "x")
    res = client.get("/big", headers={"Accept-Encoding": "gzip, br"})
    res.assert_header("content-encoding", "gzip").assert_header("vary", "Accept-Encoding")
    assert gzip.decompress(res.body) == b"x" * 2000
    client.get("/small", headers={"Accept-Encoding": "gzip"}).assert_header_missing(
        "content-encoding"
    )
    client.get("/big").assert_header_missing("content-encoding")


def test_gzip_compresses_streams(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.push_middleware(GZip)
    router.get("/s", lambda r: StreamedResponse(iter(["a" * 100, "b" * 100])))
    res = client.get("/s", headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(res.body) == b"a" * 100 + b"b" * 100


def test_request_id(kernel: Kernel, router: Any, client: TestClient) -> None:
    kernel.push_middleware(RequestId)
    router.get("/", lambda r: {"id": r.attributes["request_id"]})
    res = client.get("/")
    assert res.json("id") == res.headers.get("x-request-id")
    client.get("/", headers={"X-Request-Id": "abc-123"}).assert_header("x-request-id", "abc-123")
    bad = client.get("/", headers={"X-Request-Id": "<script>"}).headers.get("x-request-id")
    assert bad != "<script>"


def test_maintenance_mode(kernel: Kernel, router: Any, tmp_path: Path) -> None:
    down = tmp_path / "down"
    kernel.configure(PreventRequestsDuringMaintenance, file=down)
    router.get("/", lambda r: "live")
    router.get("/status", lambda r: "status")
    with TestClient(kernel) as client:
        client.get("/").assert_ok()
        down.write_text(json.dumps({"retry": 60, "secret": "letmein", "except": ["/status"]}))
        kernel.instance(PreventRequestsDuringMaintenance)._checked_at = -10  # skip the 1 s cache
        client.get("/").assert_status(503).assert_header("retry-after", "60")
        client.get("/status").assert_ok()
        client.get("/letmein").assert_redirect("/")
        client.get("/").assert_ok()  # bypass cookie


@pytest.fixture
def down_file(kernel: Kernel, router: Any, tmp_path: Path) -> Any:
    """Write a maintenance payload the middleware reads at once (no 1 s cache)."""
    down = tmp_path / "down"
    kernel.configure(PreventRequestsDuringMaintenance, file=down)
    router.get("/", lambda r: "live")
    router.get("/maintenance", lambda r: "we will be back")

    def write(payload: dict[str, Any]) -> None:
        down.write_text(json.dumps(payload))
        kernel.instance(PreventRequestsDuringMaintenance)._checked_at = -10

    return write


def test_maintenance_redirect_sends_every_other_path_there(kernel: Kernel, down_file: Any) -> None:
    with TestClient(kernel) as client:
        down_file({"redirect": "maintenance", "status": 503})
        client.get("/").assert_status(302).assert_header("location", "/maintenance")
        client.get("/elsewhere").assert_redirect("/maintenance")
        client.get("/maintenance").assert_status(503)  # the target itself: no redirect loop


def test_maintenance_refresh_and_retry_headers(kernel: Kernel, down_file: Any) -> None:
    with TestClient(kernel) as client:
        down_file({"refresh": 15, "retry": 60})
        res = client.get("/").assert_status(503)
        res.assert_header("refresh", "15").assert_header("retry-after", "60")


def test_maintenance_template_is_the_body(kernel: Kernel, down_file: Any) -> None:
    with TestClient(kernel) as client:
        down_file({"template": "<h1>Back soon</h1>", "status": 503, "refresh": 5})
        res = client.get("/").assert_status(503).assert_header("refresh", "5")
        assert res.text == "<h1>Back soon</h1>"
        assert (res.headers.get("content-type") or "").startswith("text/html")
        client.get_json("/").assert_status(503)  # an API client gets the same page (Laravel)


def test_static_files(kernel: Kernel, router: Any, tmp_path: Path) -> None:
    public = tmp_path / "public"
    (public / "css").mkdir(parents=True)
    (public / "css" / "app.css").write_text("body{}")
    (public / ".env").write_text("SECRET=1")
    (tmp_path / "secret.txt").write_text("outside")
    kernel.push_middleware(ServeStaticFiles(public))
    router.get("/{anything}", lambda r, anything: "app")
    with TestClient(kernel) as client:
        res = (
            client.get("/css/app.css")
            .assert_ok()
            .assert_header("content-type", "text/css; charset=utf-8")
        )
        assert res.text == "body{}"
        client.get(
            "/css/app.css", headers={"If-None-Match": res.headers.get("etag") or ""}
        ).assert_status(304)
        assert client.get("/css/app.css", headers={"Range": "bytes=0-3"}).text == "body"
        for path in ("/../secret.txt", "/css/../../secret.txt", "/%2e%2e/secret.txt", "/.env"):
            assert "outside" not in client.get(path).text
            assert "SECRET" not in client.get(path).text
        client.get("/missing.css").assert_see("app")


@pytest.mark.parametrize("path", ["/../secret.txt", "/a/../../b", "/a\\..\\b", "/a\x00b", "/.git"])
def test_static_lookup_refuses_escapes(tmp_path: Path, path: str) -> None:
    assert ServeStaticFiles(tmp_path).lookup(path) is None


def test_throttle(router: Any, client: TestClient) -> None:
    router.get("/t", lambda r: "ok", middleware=["throttle:2,1"])
    client.get("/t").assert_ok().assert_header("x-ratelimit-remaining", "1")
    client.get("/t").assert_ok().assert_header("x-ratelimit-remaining", "0")
    client.get("/t").assert_status(429).assert_header("retry-after")


def test_body_limit_alias(router: Any, client: TestClient) -> None:
    router.post("/upload", lambda r: "ok", middleware=["body_limit:1K"])
    client.post("/upload", json={"x": "y" * 2000}).assert_status(413)
    client.post("/upload", json={"x": "y"}).assert_ok()


def test_body_limit_caps_forms_read_before_routing(router: Any, client: TestClient) -> None:
    # POSTed forms are read before routing (for ``_method``): the route's limit still holds.
    router.post("/upload", lambda r: r.input("x"), middleware=["body_limit:1K"])
    client.post("/upload", data={"x": "y" * 2000}).assert_status(413)
    client.post("/upload", files={"f": ("a.txt", b"z" * 2000, "text/plain")}).assert_status(413)
    client.post("/upload", data={"x": "small"}).assert_ok().assert_see("small")


def test_access_log_escapes_paths(
    kernel: Kernel, router: Any, client: TestClient, caplog: Any
) -> None:
    kernel.push_middleware(AccessLog)
    router.get("/{x}", lambda r, x: "ok")
    with caplog.at_level(logging.INFO, logger="lararust.access"):
        client.get("/a%0aFAKE")
    assert '"GET /a\\nFAKE" 200' in caplog.text


def test_middleware_config_from_the_builder_callbacks(kernel: Kernel, router: Any) -> None:
    from lararust_http import MiddlewareConfig

    def configure(m: MiddlewareConfig) -> None:
        m.append(RequestId).trust_proxies(at="*").alias({"rid": RequestId})
        m.web(remove=["missing"], append=["rid"]).throttle_api("5,1")

    configure(MiddlewareConfig(kernel))
    assert kernel.middleware[-1] is RequestId
    assert kernel.middleware_groups["web"][-1] == "rid"
    assert kernel.middleware_groups["api"] == ["throttle:5,1"]
    assert kernel.instance(TrustProxies).trust_all


def test_request_is_a_request(router: Any, client: TestClient) -> None:
    router.get("/", lambda r: type(r).__name__)
    assert client.get("/").text == Request.__name__


def test_static_symlinks_out_of_public_are_refused(tmp_path: Path) -> None:
    public = tmp_path / "public"
    public.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    (public / "link.txt").symlink_to(tmp_path / "secret.txt")
    (public / "ok.txt").write_text("inside")
    files = ServeStaticFiles(public)
    assert files.lookup("/link.txt") is None
    assert files.lookup("/ok.txt") == (public / "ok.txt").resolve()


class _LoggingMaintenance(PreventRequestsDuringMaintenance):
    """A user subclass awaiting ``super().handle`` (the usual way to extend a middleware)."""

    seen: list[str] = []

    async def handle(self, request: Any, next: Any) -> Any:
        self.seen.append(request.path)
        return await super().handle(request, next)


def test_maintenance_subclass_awaiting_super_handle(
    kernel: Kernel, router: Any, tmp_path: Path
) -> None:
    down = tmp_path / "down"
    kernel.middleware = [
        _LoggingMaintenance if m is PreventRequestsDuringMaintenance else m
        for m in kernel.middleware
    ]
    kernel.configure(_LoggingMaintenance, file=down)
    router.get("/", lambda r: "live")
    with TestClient(kernel) as client:
        client.get("/").assert_ok().assert_see("live")
        down.write_text(json.dumps({"status": 503}))
        kernel.instance(_LoggingMaintenance)._checked_at = -10
        client.get("/").assert_status(503)
    assert _LoggingMaintenance.seen == ["/", "/"]
