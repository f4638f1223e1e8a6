"""Start our server for a bench app and say which path (direct or ASGI) it took."""

from __future__ import annotations

import asyncio
from typing import Any

import uvloop
from lararust_http.server import Server, ServerConfig


def serve(app: Any, port: int) -> None:
    config = ServerConfig(port=port, access_log=False, lifespan="auto")
    server = Server(app, config, banner=False)

    async def main() -> None:
        await server.startup()
        print(f"PATH={'direct' if server.ctx.direct is not None else 'ASGI'}", flush=True)
        await asyncio.Event().wait()

    uvloop.run(main())
