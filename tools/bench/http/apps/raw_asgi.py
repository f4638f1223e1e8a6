"""A raw ASGI app (no framework): the ceiling of anything running on an ASGI server.

``--server uvicorn`` runs it under uvicorn; ``--server ours`` under our server through the ASGI
edge; ``--server ours-direct`` under our server with a hand-written direct handler (the fast
path's floor, no framework).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import orjson
from common import MESSAGE, PLAINTEXT, ROWS, TITLE, parse_args

JSON_BODY = orjson.dumps(MESSAGE)
TEXT = [(b"content-type", b"text/plain; charset=utf-8")]
JSON = [(b"content-type", b"application/json")]
HTML = [(b"content-type", b"text/html; charset=utf-8")]


def page() -> bytes:
    rows = "".join(
        f"<tr><td>{r['id']}</td><td>{html.escape(str(r['name']))}</td>"
        f"<td>{html.escape(str(r['email']))}</td><td>{r['score']}</td></tr>"
        for r in ROWS
    )
    title = html.escape(TITLE)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><main><h1>{title}</h1>"
        f"<table>{rows}</table></main></body></html>"
    ).encode()


def route(path: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    if path == "/plaintext":
        return 200, TEXT, PLAINTEXT
    if path == "/json":
        return 200, JSON, JSON_BODY
    if path == "/page":
        return 200, HTML, page()
    if path.startswith("/r"):
        index, _, ident = path[2:].partition("/")
        if index.isdigit() and int(index) < 100 and ident.isdigit():
            return 200, JSON, orjson.dumps({"route": int(index), "id": int(ident)})
    return 404, TEXT, b"Not Found"


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    status, headers, body = route(scope["path"])
    # Like any framework would, say the length (else uvicorn falls back to chunked).
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Reply:
    __slots__ = ("body", "raw_headers", "status_code", "stream")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status_code = status
        self.raw_headers = headers
        self.body = body
        self.stream = None


class DirectApp:
    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        await app(scope, receive, send)

    def direct_handler(self) -> Any:
        async def handle(scope: dict[str, Any], receive: Any) -> Reply:
            return Reply(*route(scope["path"]))

        return handle


if __name__ == "__main__":
    args = parse_args()
    if args.server.startswith("ours"):
        from ours import serve

        serve(DirectApp() if args.server == "ours-direct" else app, args.port)
    else:
        import uvicorn

        uvicorn.run(
            app,
            host="127.0.0.1",
            port=args.port,
            log_level="warning",
            access_log=False,
            loop="uvloop",
            http="httptools",
            lifespan="off",
        )
