"""Fixtures for the http-app tests: a container with config, a kernel, a tiny router, a client.

Routing belongs to lararust-router; these tests use ``TinyRouter``, a minimal
``lararust_contracts.Dispatcher`` that compiles each route's middleware through the kernel.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lararust_contracts import MethodNotAllowed, NotFound
from lararust_core import Container, Encrypter, Repository, generate_key
from lararust_http import Kernel, Request, TestClient


class TinyRouter:
    """``router.get("/users/{id}", handler, middleware=["web"])`` and nothing more."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Any], list[Any]]] = []
        self._compiled: dict[int, Any] = {}

    def add(
        self,
        method: str,
        path: str,
        handler: Callable[..., Any],
        middleware: list[Any] | None = None,
    ) -> None:
        pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", path) + "$")
        self.routes.append((method, pattern, handler, list(middleware or [])))

    def get(
        self, path: str, handler: Callable[..., Any], middleware: list[Any] | None = None
    ) -> None:
        self.add("GET", path, handler, middleware)

    def post(
        self, path: str, handler: Callable[..., Any], middleware: list[Any] | None = None
    ) -> None:
        self.add("POST", path, handler, middleware)

    async def dispatch(self, request: Request) -> Any:
        allowed: list[str] = []
        for index, (method, pattern, handler, middleware) in enumerate(self.routes):
            match = pattern.match(request.path)
            if match is None:
                continue
            if method != request.method and not (method == "GET" and request.method == "HEAD"):
                allowed.append(method)
                continue
            request.route_params = match.groupdict()
            compiled = self._compiled.get(index)
            if compiled is None:
                compiled = self._compiled[index] = self.kernel.compile(
                    middleware, _destination(handler)
                )
            return await compiled(request)
        if allowed:
            raise MethodNotAllowed(allowed)
        raise NotFound()


def _destination(handler: Callable[..., Any]) -> Callable[[Request], Any]:
    async def call(request: Request) -> Any:
        result = handler(request, **request.route_params)
        if inspect.isawaitable(result):
            result = await result
        return result

    return call


@pytest.fixture
def settings(tmp_path: Path) -> dict[str, Any]:
    """Configuration the container serves (tests may edit it before building the kernel)."""
    return {
        "app": {"key": generate_key(), "env": "local"},
        "session": {"driver": "file", "files": str(tmp_path / "sessions")},
    }


@pytest.fixture
def container(settings: dict[str, Any]) -> Container:
    """A core container holding config and the real encrypter."""
    app = Container()
    app.instance("config", Repository(settings))
    app.instance("encrypter", Encrypter(settings["app"]["key"]))
    return app


@pytest.fixture
def kernel(container: Container) -> Kernel:
    """A kernel on the container (debug off)."""
    return Kernel(container)


@pytest.fixture
def router(kernel: Kernel) -> TinyRouter:
    """The test dispatcher, installed in the kernel."""
    tiny = TinyRouter(kernel)
    kernel.set_dispatcher(tiny)
    return tiny


@pytest.fixture
def client(kernel: Kernel, router: TinyRouter) -> Iterator[TestClient]:
    """A test client on the kernel (one loop for the whole test)."""
    with TestClient(kernel) as test_client:
        yield test_client


def _make_scope(
    method: str = "GET",
    path: str = "/",
    query: bytes = b"",
    headers: list[tuple[bytes, bytes]] | None = None,
    client: tuple[str, int] | None = ("10.0.0.1", 1234),
) -> dict[str, Any]:
    """An ASGI http scope for unit tests of Request."""
    return {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": headers or [],
        "scheme": "http",
        "server": ("testserver", 80),
        "client": client,
        "root_path": "",
    }


def _body_receiver(*chunks: bytes) -> Callable[[], Any]:
    """A receive callable delivering ``chunks`` (more_body on all but the last)."""
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ] or [{"type": "http.request", "body": b""}]

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    return receive


@pytest.fixture
def make_scope() -> Callable[..., dict[str, Any]]:
    """Build ASGI http scopes."""
    return _make_scope


@pytest.fixture
def body_receiver() -> Callable[..., Callable[[], Any]]:
    """Build receive callables delivering body chunks."""
    return _body_receiver
