"""In-process cost of one request through our server, without sockets or wrk (for profiling).

A fake transport feeds the same keep-alive GET to one ``HttpProtocol`` again and again and
waits for the answer; the figure is CPU time per request (best of the repeats), so it is
steadier than wrk on a busy machine. Compare against uvicorn's protocol on the same harness.

    BENCH=$(ls -d /root/.local/share/hatch/env/virtual/main/*/bench)/bin/python
    $BENCH tools/bench/http/inprocess.py                      # raw app: direct, ASGI, h11
    $BENCH tools/bench/http/inprocess.py --uvicorn            # + uvicorn's and the bare protocol
    $BENCH tools/bench/http/inprocess.py --framework /api/page --profile tottime

Instructions per request (steady on a busy machine): run one contender under callgrind twice,
with different --requests, and divide the difference of the totals by the difference of the
request counts (each run makes requests/10 warm-up + repeats x requests requests):

    valgrind --tool=callgrind --callgrind-out-file=/dev/null $BENCH tools/bench/http/inprocess.py \
        --uvicorn --only "bare httptools" --repeats 1 --requests 2000

Benchmarks are never tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "apps"))

from lararust_http.server import ServerConfig
from lararust_http.server._protocol import HttpProtocol, ServerContext


def request(path: str) -> bytes:
    """The request wrk sends."""
    return (
        b"GET " + path.encode() + b" HTTP/1.1\r\nHost: localhost:8080\r\n"
        b"User-Agent: wrk\r\nAccept: */*\r\n\r\n"
    )


class FakeTransport:
    """Records writes and wakes the driver when a response ends."""

    def __init__(self, done: bytes | None = None) -> None:
        self.out: list[bytes] = []
        self.ev: asyncio.Future[None] | None = None
        self.done = done  # uvicorn writes head and body apart: wait for the body's end

    def write(self, data: bytes) -> None:
        self.out.append(data)
        if self.done is not None and not data.endswith(self.done):
            return
        if self.ev is not None and not self.ev.done():
            self.ev.set_result(None)

    def get_extra_info(self, key: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5555)}.get(key)

    def set_write_buffer_limits(self, high: int, low: int) -> None:
        pass

    def is_closing(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def drive(protocol: Any, transport: FakeTransport, raw: bytes, n: int) -> float:
    """CPU microseconds per request over ``n`` keep-alive requests.

    Bytes are fed from a loop callback (``call_soon``), outside any task, as a real socket's
    ``data_received`` is (called from this coroutine, every request would start inside a task).
    """
    loop = asyncio.get_running_loop()
    protocol.connection_made(transport)
    feed = protocol.data_received
    start = time.process_time()
    for _ in range(n):
        transport.ev = loop.create_future()
        loop.call_soon(feed, raw)
        await transport.ev
    cost = (time.process_time() - start) / n * 1e6
    protocol.connection_lost(None)
    return cost


def ours(app: Any, parser: str, direct: Any) -> tuple[Any, FakeTransport]:
    """Our protocol around ``app`` (``direct`` = the fast-path handler or None)."""
    ctx = ServerContext(app, ServerConfig(access_log=False, http=parser))
    ctx.direct = direct
    return HttpProtocol(ctx, asyncio.get_running_loop()), FakeTransport()


def bare_protocol() -> tuple[Any, FakeTransport]:
    """The bare asyncio + httptools protocol of ``apps/bare_httptools.py`` (the floor)."""
    from bare_httptools import Proto

    return Proto(), FakeTransport()


def uvicorn_protocol(app: Any) -> tuple[Any, FakeTransport]:
    """uvicorn's httptools protocol around ``app``."""
    from uvicorn.config import Config
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    from uvicorn.server import ServerState

    config = Config(app=app, lifespan="off", access_log=False, http="httptools")
    config.load()
    protocol = HttpToolsProtocol(config, ServerState(), {}, asyncio.get_running_loop())
    return protocol, FakeTransport(done=b"Hello, World!")


async def best(make: Any, raw: bytes, n: int, repeats: int) -> float:
    """Best of ``repeats`` runs (after a warm-up run)."""
    await drive(*make(), raw, n // 10)
    return min([await drive(*make(), raw, n) for _ in range(repeats)])


async def main(args: argparse.Namespace) -> None:
    if args.framework:
        from framework import build_app

        app = build_app()
        if hasattr(app, "boot"):
            await app.boot()
        handler = app.direct_handler()
        raw = request(args.framework)
        runs = {"framework direct": lambda: ours(app, args.parser, handler)}
    else:
        from raw_asgi import DirectApp
        from raw_asgi import app as asgi_app

        raw = request("/plaintext")
        direct_app = DirectApp()
        runs = {
            "raw direct": lambda: ours(direct_app, args.parser, direct_app.direct_handler()),
            "raw ASGI": lambda: ours(asgi_app, args.parser, None),
        }
        if args.uvicorn:
            runs["uvicorn raw ASGI"] = lambda: uvicorn_protocol(asgi_app)
            runs["bare httptools"] = bare_protocol
    if args.only:
        runs = {name: make for name, make in runs.items() if name == args.only}
    for name, make in runs.items():
        cost = await best(make, raw, args.requests, args.repeats)
        shown = args.parser if name.startswith("raw") or name.startswith("framework") else ""
        print(f"{name:<20} {shown:<10} {cost:6.1f} us/request", flush=True)
    if args.profile:
        make = next(iter(runs.values()))
        profiler = cProfile.Profile()
        profiler.enable()
        await drive(*make(), raw, args.requests)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(args.profile).print_stats(25)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", metavar="PATH", help="our framework app, this path")
    parser.add_argument("--parser", default="httptools", choices=("httptools", "h11"))
    parser.add_argument(
        "--uvicorn", action="store_true", help="also uvicorn's and the bare httptools protocol"
    )
    parser.add_argument(
        "--only", metavar="NAME", help='one contender by its printed name, e.g. "bare httptools"'
    )
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", metavar="SORT", help="cProfile the first run, sorted so")
    arguments = parser.parse_args()
    try:
        import uvloop
    except ImportError:
        asyncio.run(main(arguments))
    else:
        uvloop.run(main(arguments))
