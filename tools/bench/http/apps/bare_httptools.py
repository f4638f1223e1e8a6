"""Bare asyncio + httptools + uvloop: the practical limit of Python (no ASGI, no framework)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import httptools
import uvloop
from common import parse_args
from raw_asgi import route

REASONS = {200: b"OK", 404: b"Not Found"}


class Proto(asyncio.Protocol):
    def connection_made(self, transport):  # type: ignore[no-untyped-def]
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)
        self.url = b""

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.close()

    def on_url(self, url: bytes) -> None:
        self.url = url

    def on_message_complete(self) -> None:
        path = httptools.parse_url(self.url).path.decode()
        status, headers, body = route(path)
        head = b"HTTP/1.1 %d %s\r\n" % (status, REASONS[status])
        head += b"".join(k + b": " + v + b"\r\n" for k, v in headers)
        self.transport.write(head + b"content-length: %d\r\n\r\n" % len(body) + body)


async def main(port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Proto, "127.0.0.1", port, backlog=2048)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    uvloop.run(main(parse_args().port))
