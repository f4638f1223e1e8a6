"""The async test client: the same requests and assertions, awaited on the test's own loop.

Use it from ``async def`` tests whose app shares loop-bound resources with the test (a database
pool made in a fixture): ``async with AsyncTestClient(app) as client: (await
client.get("/")).assert_ok()``. Lifespan startup/shutdown run around the ``async with`` block.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any
from urllib.parse import urljoin

import anyio
from lararust_contracts import ASGIApp

from ._testing import _MISSING as _MISSING
from ._testing import (
    FileSpec,
    TestResponse,
    _ClientBase,
    build_scope,
    call_app,
    encode_body,
    store_cookies,
)


class AsyncTestClient(_ClientBase):
    """Calls an ASGI app in process from async tests: ``await client.get("/")``."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        follow_redirects: bool = False,
        headers: Mapping[str, str] | None = None,
        client: tuple[str, int] = ("127.0.0.1", 50000),
    ) -> None:
        super().__init__(app, base_url, follow_redirects, headers, client)
        self._group: Any = None

    async def __aenter__(self) -> AsyncTestClient:
        self._open_streams()
        self._group = anyio.create_task_group()
        await self._group.__aenter__()
        self._group.start_soon(self._run_lifespan)
        await self._startup()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._shutdown()

    async def _close(self) -> None:
        await super()._close()
        group, self._group = self._group, None
        if group is not None:
            await group.__aexit__(None, None, None)

    async def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = _MISSING,
        data: Mapping[str, Any] | bytes | str | None = None,
        files: Mapping[str, FileSpec] | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        follow_redirects: bool | None = None,
    ) -> TestResponse:
        """Send one request (and follow redirects when asked)."""
        follow = self.follow_redirects if follow_redirects is None else follow_redirects
        body, content_type = encode_body(json, data, files)
        response = await self._send(method.upper(), url, body, content_type, headers, query)
        hops = 0
        while follow and response.status_code in (301, 302, 303, 307, 308):
            hops += 1
            if hops > 10:
                raise AssertionError(f"More than 10 redirects starting at {url!r}.")
            location = urljoin(response.url, response.headers.get("location") or "/")
            if response.status_code in (307, 308):
                response = await self._send(
                    response.request_method, location, body, content_type, headers, None
                )
            else:
                response = await self._send("GET", location, b"", None, headers, None)
        return response

    async def _send(
        self,
        method: str,
        url: str,
        body: bytes,
        content_type: str | None,
        headers: Mapping[str, str] | None,
        query: Mapping[str, Any] | None,
    ) -> TestResponse:
        scope, full_url = build_scope(self, method, url, body, content_type, headers, query)
        result = await call_app(self.app, scope, body)
        status, raw_headers, content = result
        response = TestResponse(status, raw_headers, content, method, full_url)
        store_cookies(self.cookies, response)
        return response

    async def get(self, url: str, **kwargs: Any) -> TestResponse:
        """GET ``url``."""
        return await self.request("GET", url, **kwargs)

    async def head(self, url: str, **kwargs: Any) -> TestResponse:
        """HEAD ``url``."""
        return await self.request("HEAD", url, **kwargs)

    async def options(self, url: str, **kwargs: Any) -> TestResponse:
        """OPTIONS ``url``."""
        return await self.request("OPTIONS", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> TestResponse:
        """POST ``url``."""
        return await self.request("POST", url, **kwargs)

    async def put(self, url: str, **kwargs: Any) -> TestResponse:
        """PUT ``url``."""
        return await self.request("PUT", url, **kwargs)

    async def patch(self, url: str, **kwargs: Any) -> TestResponse:
        """PATCH ``url``."""
        return await self.request("PATCH", url, **kwargs)

    async def delete(self, url: str, **kwargs: Any) -> TestResponse:
        """DELETE ``url``."""
        return await self.request("DELETE", url, **kwargs)

    async def json(
        self, method: str, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """Send ``data`` as JSON, asking for JSON back."""
        return await self.request(
            method, url, json=data, headers={"Accept": "application/json", **(headers or {})}
        )
