"""``run()`` in real processes: banner, SIGTERM graceful shutdown, workers, reload.

These start ``python -c "...run(...)"`` subprocesses, so they also exercise uvloop (the default
loop of ``run`` when installed) and the signal handling that in-process tests cannot.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

APP = """
import asyncio, gc, os, pathlib
EVENTS = pathlib.Path(__file__).with_name("events.log")
VERSION = "v1"

def note(text):
    with EVENTS.open("a") as handle:
        handle.write(text + "\\n")

async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                note("shutdown")
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] == "/slow":
        note("slow started")
        await asyncio.sleep(0.5)
    if scope["path"] == "/gc":
        body = f"frozen={gc.get_freeze_count()}"
    else:
        body = f"{VERSION} {os.getpid()}"
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body.encode()})
"""

DEADLINE = 30.0  # safety net for a broken server; never asserted on


class Running:
    """A server subprocess and the port it announced."""

    def __init__(self, process: asyncio.subprocess.Process, port: int, folder: Path) -> None:
        self.process = process
        self.port = port
        self.folder = folder

    async def get(self, path: str = "/") -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".encode())
        raw = await asyncio.wait_for(reader.read(), DEADLINE)
        writer.close()
        await writer.wait_closed()
        return raw

    def events(self) -> list[str]:
        path = self.folder / "events.log"
        return path.read_text().splitlines() if path.exists() else []

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return await asyncio.wait_for(self.process.wait(), DEADLINE)


Start = Callable[..., Awaitable[Running]]


@pytest.fixture
async def start(tmp_path: Path) -> AsyncIterator[Start]:
    """Start ``run("app:app", port=0, ...)`` in a subprocess; killed at teardown if still up."""
    (tmp_path / "app.py").write_text(APP)
    started: list[Running] = []

    async def _start(**options: Any) -> Running:
        args = ", ".join(f"{key}={value!r}" for key, value in options.items())
        code = (
            "from lararust_http.server import run\n"
            f"run('app:app', port=0, access_log=False, {args})\n"
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            code,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), DEADLINE)
        match = re.fullmatch(rb"LaraRust serving on http://127\.0\.0\.1:(\d+)\n", line)
        assert match, f"unexpected banner {line!r}"
        running = Running(process, int(match.group(1)), tmp_path)
        started.append(running)
        return running

    yield _start
    for running in started:
        if running.process.returncode is None:
            running.process.kill()
            await running.process.wait()


async def test_banner_names_the_real_port_and_the_server_answers(start: Start) -> None:
    server = await start()
    assert server.port != 0
    assert (await server.get()).endswith(b"v1 %d" % server.process.pid)
    assert await server.stop() == 0


async def test_run_freezes_what_boot_left_out_of_the_collectors_sight(start: Start) -> None:
    server = await start()
    frozen = int((await server.get("/gc")).rsplit(b"=", 1)[1])
    assert frozen > 1000  # the interpreter, the server and the app, all booted
    assert await server.stop() == 0


async def test_gc_freeze_can_be_turned_off(start: Start) -> None:
    server = await start(gc_freeze=False)
    assert (await server.get("/gc")).endswith(b"frozen=0")
    assert await server.stop() == 0


@pytest.mark.parametrize("http", ["httptools", "h11"])
async def test_sigterm_finishes_in_flight_request_then_runs_lifespan_shutdown(
    start: Start, http: str
) -> None:
    server = await start(http=http)
    slow = asyncio.create_task(server.get("/slow"))
    for _ in range(300):
        if "slow started" in server.events():
            break
        await asyncio.sleep(0.02)
    assert server.events() == ["slow started"]
    code = await server.stop(signal.SIGTERM)
    raw = await slow
    assert raw.startswith(b"HTTP/1.1 200 ")
    assert raw.endswith(b"v1 %d" % server.process.pid)
    assert code == 0
    assert server.events() == ["slow started", "shutdown"]


async def test_sigint_stops_gracefully_too(start: Start) -> None:
    server = await start(http="h11")
    assert (await server.get()).startswith(b"HTTP/1.1 200 ")
    assert await server.stop(signal.SIGINT) == 0
    assert server.events() == ["shutdown"]


async def test_workers_share_the_port_and_a_crashed_worker_is_replaced(start: Start) -> None:
    server = await start(workers=2)
    first = await server.get()
    worker_pid = int(first.rsplit(b" ", 1)[1])
    assert worker_pid != server.process.pid  # served by a worker, not the supervisor
    os.kill(worker_pid, signal.SIGKILL)
    assert server.process.stderr is not None
    line = b""
    for _ in range(50):
        line = await asyncio.wait_for(server.process.stderr.readline(), DEADLINE)
        if b"starting a new one" in line:
            break
    assert b"Worker %d exited" % worker_pid in line
    for _ in range(10):
        reply = await server.get()
        assert reply.startswith(b"HTTP/1.1 200 ")
        assert not reply.endswith(b" %d" % worker_pid)
    assert await server.stop() == 0


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has exited (a zombie nobody reaped yet counts as exited)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux's /proc)."""
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


async def test_workers_stop_gracefully_when_their_supervisor_is_killed(start: Start) -> None:
    server = await start(workers=2)
    worker_pid = int((await server.get()).rsplit(b" ", 1)[1])
    children = _children(server.process.pid)

    server.process.kill()  # SIGKILL: the supervisor cannot forward anything
    try:
        for _ in range(int(DEADLINE / 0.1)):
            if all(_gone(pid) for pid in children):
                break
            await asyncio.sleep(0.1)
        stopped = [_gone(pid) for pid in children]
    finally:
        for pid in children:  # orphans left running would hold the test's pipes open
            if not _gone(pid):
                os.kill(pid, signal.SIGKILL)
    await asyncio.wait_for(server.process.wait(), DEADLINE)

    assert worker_pid in children
    assert all(stopped)
    assert "shutdown" in server.events()  # a worker ran its lifespan shutdown


async def test_reload_restarts_on_code_change(start: Start, tmp_path: Path) -> None:
    server = await start(reload=True, reload_dirs=(str(tmp_path),))
    assert b"v1 " in await server.get()
    (tmp_path / "app.py").write_text(APP.replace('VERSION = "v1"', 'VERSION = "v2"'))
    reply = b""
    for _ in range(300):
        try:
            reply = await server.get()
        except OSError:
            reply = b""
        if b"v2 " in reply:
            break
        await asyncio.sleep(0.05)
    assert b"v2 " in reply
    assert await server.stop() == 0
