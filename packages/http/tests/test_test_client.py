"""The test client: cookies, redirects, assertions that fail with useful messages."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from lararust_core import Container
from lararust_http import Kernel, Response, TestClient, redirect


def run_pytest(folder: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Write ``files`` into ``folder`` and run pytest there in a fresh interpreter."""
    for name, source in files.items():
        (folder / name).write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cookies_persist_and_deletions_apply(router: Any, client: TestClient) -> None:
    router.get("/set", lambda r: Response("x").set_cookie("a", "1", encrypt=False))
    router.get("/read", lambda r: r.cookies)
    router.get("/forget", lambda r: Response("x").delete_cookie("a"))
    client.get("/set").assert_cookie("a", "1")
    client.get("/read").assert_json({"a": "1"})
    client.get("/forget")
    client.get("/read").assert_exact_json({})


def test_redirects_are_followed_when_asked(router: Any, client: TestClient) -> None:
    router.post("/a", lambda r: redirect("/b"))
    router.get("/b", lambda r: redirect("/c", 301))
    router.get("/c", lambda r: "final")
    client.post("/a").assert_redirect("/b")
    client.post("/a", follow_redirects=True).assert_ok().assert_see("final")


def test_assertions_explain_failures(router: Any, client: TestClient) -> None:
    router.get("/j", lambda r: {"user": {"name": "Ada", "roles": ["admin"]}})
    res = client.get("/j")
    res.assert_json({"user": {"roles": ["admin"]}}).assert_json_path("user.name", "Ada")
    res.assert_json_path("user.roles.0", "admin").assert_json_missing_path("user.age")
    with pytest.raises(AssertionError, match=r"Expected status 404, got 200\.\n  GET"):
        res.assert_not_found()
    with pytest.raises(AssertionError, match=r"JSON path 'user\.name' is 'Ada'"):
        res.assert_json_path("user.name", "Grace")
    with pytest.raises(AssertionError, match="Expected header 'x-nope'"):
        res.assert_header("x-nope")
    with pytest.raises(AssertionError, match="Expected to see"):
        res.assert_see("Grace")


def test_assert_see_escapes_like_blade(router: Any, client: TestClient) -> None:
    router.get("/h", lambda r: "<p>Tom &amp; Jerry</p>")
    client.get("/h").assert_see("Tom & Jerry").assert_see("<p>", escape=False)


def test_without_context_manager_each_request_has_its_own_loop(kernel: Kernel, router: Any) -> None:
    router.get("/", lambda r: "ok")
    TestClient(kernel).get("/").assert_ok()


def test_url_generator_for_redirect_route(
    container: Container, router: Any, client: TestClient
) -> None:
    class Urls:
        def route(
            self, name: str, parameters: Mapping[str, Any] | None = None, absolute: bool = True
        ) -> str:
            return f"http://testserver/{name}/{(parameters or {}).get('id')}"

        def to(self, path: str, absolute: bool = True) -> str:
            return f"http://testserver/{path.lstrip('/')}"

        def asset(self, path: str) -> str:
            return path

    container.instance("url", Urls())
    router.get("/r", lambda r: redirect().route("users.show", {"id": 5}))
    router.get("/t", lambda r: redirect("/home"))
    client.get("/r").assert_redirect("http://testserver/users.show/5")
    client.get("/t").assert_redirect("http://testserver/home")


def test_redirect_route_without_router_is_explained(router: Any, client: TestClient) -> None:
    router.get("/r", lambda r: redirect().route("home"))
    res = client.get_json("/r").assert_status(500)
    assert res.json("message") == "Server Error"


def test_pytest_plugin_gives_app_and_client_fixtures(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        {
            "myapp.py": """
        from lararust_http import Kernel

        class Routes:
            async def dispatch(self, request):
                return {"path": request.path}

        app = Kernel(dispatcher=Routes())
    """,
            "test_it.py": """
        def test_client(client):
            client.get("/hello").assert_ok().assert_json({"path": "/hello"})

        def test_app(app):
            assert type(app).__name__ == "Kernel"
    """,
            "pytest.ini": "[pytest]\nlararust_app = myapp:app\n",
        },
    )
    assert "2 passed" in result.stdout, result.stdout + result.stderr


def test_pytest_plugin_gives_each_test_a_fresh_booted_app(tmp_path: Path) -> None:
    # The client's lifespan shuts the app down after each test (pools closed): the next test
    # must get a new application, booted again, not the closed one.
    result = run_pytest(
        tmp_path,
        {
            "myapp.py": """
        from pathlib import Path

        from lararust_core import Application, ServiceProvider

        class Pool:
            def __init__(self):
                self.open = True

        class PoolProvider(ServiceProvider):
            def register(self):
                self.app.singleton("pool", lambda app: Pool())

            def boot(self):
                self.app.make("pool")

            def shutdown(self):
                self.app.make("pool").open = False

        app = (
            Application.configure(base_path=Path(__file__).parent)
            .with_providers([PoolProvider])
            .create()
        )
    """,
            "test_it.py": """
        seen = []

        def test_first(client, app):
            assert app.is_booted() and app.make("pool").open
            seen.append(app)

        def test_second(client, app):
            assert app.is_booted() and app.make("pool").open
            assert app is not seen[0]

        def test_the_module_holds_this_tests_app(app):
            from myapp import app as imported

            assert imported is app
    """,
            "pytest.ini": "[pytest]\nlararust_app = myapp:app\n",
        },
    )
    assert "3 passed" in result.stdout, result.stdout + result.stderr


def test_pytest_plugin_forgets_the_served_application_after_each_test(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        {
            "test_it.py": """
        from lararust_core import Application
        from lararust_http import HttpServiceProvider
        from lararust_http._context import get_container

        def test_registers_the_http_provider(tmp_path):
            app = Application(tmp_path)
            app.register(HttpServiceProvider)
            assert get_container() is app

        def test_does_not_see_it():
            assert get_container() is None
    """,
        },
    )
    assert "2 passed" in result.stdout, result.stdout + result.stderr


def test_pytest_plugin_explains_a_missing_app(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        {
            "test_it.py": "def test_client(client):\n    pass\n",
        },
    )
    assert "cannot import 'bootstrap.app'" in result.stdout, result.stdout


async def test_async_client_shares_the_test_loop(kernel: Kernel, router: Any) -> None:
    import asyncio

    from lararust_http import AsyncTestClient

    loop = asyncio.get_running_loop()
    router.get("/loop", lambda r: {"same": asyncio.get_running_loop() is loop})
    router.post("/login", lambda r: redirect("/loop"))
    router.get("/set", lambda r: Response("x").set_cookie("a", "1", encrypt=False))
    router.get("/read", lambda r: r.cookies)
    async with AsyncTestClient(kernel) as client:
        (await client.get("/loop")).assert_exact_json({"same": True})
        (await client.post("/login", follow_redirects=True)).assert_ok()
        (await client.get("/set")).assert_cookie("a", "1")
        (await client.get("/read")).assert_json({"a": "1"})
        (await client.json("POST", "/loop")).assert_status(405)
