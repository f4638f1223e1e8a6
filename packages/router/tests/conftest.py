"""Shared fixtures: a fresh router per test, and requests built from ASGI scopes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from lararust_http import Request
from lararust_router import Route, Router


@pytest.fixture
def router() -> Iterator[Router]:
    """A router the ``Route`` facade also points at, for the test's duration."""
    fresh = Router()
    Route.swap(fresh)
    yield fresh
    Route.clear()


def make_request(
    method: str = "GET",
    path: str = "/",
    *,
    host: str = "testserver",
    query: str = "",
    headers: list[tuple[bytes, bytes]] | None = None,
    body: bytes = b"",
) -> Request:
    """A request as the kernel would build it from an ASGI scope."""
    scope: dict[str, Any] = {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query.encode(),
        "headers": [(b"host", host.encode()), *(headers or [])],
        "scheme": "http",
        "server": (host, 80),
        "root_path": "",
    }
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return Request(scope, receive)


@pytest.fixture
def request_factory() -> Any:
    """``make_request`` as a fixture."""
    return make_request
