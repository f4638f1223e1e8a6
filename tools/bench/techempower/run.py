"""TechEmpower's four database tests on our whole stack against Starlette peers, in ONE run.

Contenders (one process each, uvloop, httptools, the same pool size, the same tables):

- ``lararust``: our server (direct path) + router + ``lararust_orm.Model`` + LaraBlade;
- ``starlette-asyncpg``: Starlette + raw asyncpg + Jinja2 on uvicorn (the baseline);
- ``starlette-sqlalchemy``: Starlette + SQLAlchemy 2 async ORM + Jinja2 on uvicorn.

Tests, to TechEmpower's rules: ``/db`` (one random row), ``/queries?queries=20`` (20 rows;
the count is clamped to 1..500, anything not an integer is 1), ``/fortunes`` (all rows + one
added at request time, sorted by message, escaped HTML from a template), ``/updates?queries=20``
(20 distinct random rows, each read then written; the writes batched as each stack does best).

Method: the tables ``tfb_world`` (10,000 rows) and ``tfb_fortune`` in db ``test`` are made
idempotently; all three servers start, each is VERIFIED (status, content type, headers, JSON
shape, values against the database, the escaped ``<script>`` fortune, updates really written)
and a contender answering wrongly is refused, not measured. Then ``wrk`` (loopback, 64
connections, 1 thread) runs test by test, the contenders interleaved within each test so a
noisy neighbour on the shared CPU hurts everyone alike. Printed: req/s, p99 and the ratio to
starlette-asyncpg. ``--profile N`` ends with N seconds of cProfile on our server under /db load.

    BENCH=$(ls -d /root/.local/share/hatch/env/virtual/main/*/bench)/bin/python
    $BENCH tools/bench/techempower/run.py                  # 10 s per test, 2 s warm-up
    $BENCH tools/bench/techempower/run.py --quick          # 3 s per test, 1 s warm-up
    $BENCH tools/bench/techempower/run.py --verify-only    # correctness only
    $BENCH tools/bench/techempower/run.py --only lararust --profile 8

Needs ``wrk`` (``apt-get install -y wrk``) and the local PostgreSQL (``BENCH_PG`` overrides the
DSN, ``TFB_POOL`` the pool size, default 16). Benchmarks are never tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DSN, POOL  # noqa: E402
from database import prepare  # noqa: E402
from verify import Wrong, verify  # noqa: E402

APPS = HERE / "apps"
CONTENDERS = {
    "lararust": "serve_ours.py",
    "starlette-asyncpg": "starlette_raw.py",
    "starlette-sqlalchemy": "starlette_sqlalchemy.py",
}
BASELINE = "starlette-asyncpg"
TESTS = {
    "db": "/db",
    "queries=20": "/queries?queries=20",
    "fortunes": "/fortunes",
    "updates=20": "/updates?queries=20",
}


@dataclass
class Result:
    rps: float
    p99_ms: float
    errors: int


@dataclass
class Running:
    name: str
    port: int
    process: subprocess.Popen[str]
    path: str = "ASGI"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(name: str, extra: list[str] | None = None) -> Running:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(APPS / CONTENDERS[name]), "--port", str(port), *(extra or [])],
        cwd=APPS,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "BENCH_PG": DSN, "TFB_POOL": str(POOL)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    running = Running(name, port, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            raise RuntimeError(f"exited with {process.returncode}: {output[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    else:
        stop(running)
        raise RuntimeError(f"port {port} not listening after 30 s")
    if name == "lararust":
        assert process.stdout is not None
        for _ in range(5):  # the banner, then PATH=...
            line = process.stdout.readline().strip()
            if line.startswith("PATH="):
                running.path = line.removeprefix("PATH=")
                break
    return running


def stop(running: Running) -> None:
    try:
        os.killpg(running.process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        running.process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(running.process.pid, signal.SIGKILL)
        running.process.wait()


_LATENCY = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url: str, duration: float, connections: int, threads: int) -> Result:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(duration))}s",
         "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps_match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    rps = float(rps_match.group(1)) if rps_match else 0.0
    p99 = 0.0
    match = _LATENCY.search(out)
    if match:
        p99 = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Result(rps, p99, errors)


def measure(servers: list[Running], args: argparse.Namespace) -> dict[str, dict[str, Result]]:
    table: dict[str, dict[str, Result]] = {s.name: {} for s in servers}
    for label, path in TESTS.items():
        for server in servers:
            url = f"http://127.0.0.1:{server.port}{path}"
            if args.warmup:
                wrk(url, args.warmup, args.connections, args.threads)
            result = wrk(url, args.duration, args.connections, args.threads)
            table[server.name][label] = result
            print(
                f"  {label:<11} {server.name:<21} {result.rps:>9,.0f} req/s  "
                f"p99 {result.p99_ms:8.2f} ms"
                + (f"  {result.errors} ERRORS (not reported)" if result.errors else ""),
                flush=True,
            )
    return table


def print_table(table: dict[str, dict[str, Result]], paths: dict[str, str]) -> None:
    base = table.get(BASELINE, {})
    print()
    header = f"{'contender':<22}" + "".join(f"{label:>28}" for label in TESTS)
    print(header)
    print("-" * len(header))
    for name, results in table.items():
        cells = []
        for label in TESTS:
            r = results.get(label)
            if r is None or r.errors:
                cells.append(f"{'errors' if r else '-':>28}")
                continue
            b = base.get(label)
            ratio = f"{r.rps / b.rps:5.2f}x" if b and not b.errors and b.rps else "  -  "
            cells.append(f"{r.rps:>9,.0f} {r.p99_ms:7.1f}ms {ratio:>7}".rjust(28))
        print(f"{name + ('' if name != 'lararust' else f' ({paths[name]})'):<22}" + "".join(cells))
    print(f"\ncells: req/s, p99 latency, ratio of req/s to {BASELINE}")


def profile(seconds: float, args: argparse.Namespace) -> None:
    """cProfile our server while wrk loads /db; print where the time goes."""
    stats_file = Path(tempfile.mkdtemp(prefix="tfb-prof-")) / "ours.prof"
    print(f"\nprofile: lararust under cProfile, wrk on /db for {seconds:g} s", flush=True)
    server = start("lararust", ["--profile", str(stats_file)])
    try:
        result = wrk(f"http://127.0.0.1:{server.port}/db", seconds, args.connections, 1)
        print(f"  (under the profiler: {result.rps:,.0f} req/s)")
    finally:
        stop(server)
    if not stats_file.exists():
        print("  no profile written", file=sys.stderr)
        return
    stats = pstats.Stats(str(stats_file))
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    groups: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        groups[_area(filename)] = groups.get(_area(filename), 0.0) + tottime
    print(f"  own time by area (total {total:.2f} s of profiled Python + C calls):")
    for area, spent in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        print(f"    {area:<34} {spent / total:6.1%}")
    print("  top functions by own time:")
    stats.sort_stats("tottime").print_stats(22)
    shutil.rmtree(stats_file.parent, ignore_errors=True)


def _area(filename: str) -> str:
    match = re.search(r"/(lararust_\w+)/(?:(server|_\w+)[/.])?", filename)
    if match:
        return match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
    for lib in ("asyncpg", "uvloop", "lark", "orjson", "asyncio", "contextvars"):
        if f"/{lib}/" in filename or filename.startswith(f"<{lib}"):
            return lib
    if filename == "~":
        return "builtins / C functions"
    return Path(filename).name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per test")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up per test")
    parser.add_argument("--quick", action="store_true", help="3 s per test, 1 s warm-up")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (2 cores here)")
    parser.add_argument("--only", default="", help="comma-separated contender names")
    parser.add_argument("--verify-only", action="store_true", help="check answers, no load")
    parser.add_argument("--profile", type=float, default=0.0, metavar="SECONDS",
                        help="then cProfile our server under /db load")  # fmt: skip
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup = 3.0, 1.0
    if shutil.which("wrk") is None and not args.verify_only:
        print("wrk not found: apt-get update && apt-get install -y wrk", file=sys.stderr)
        return 2
    names = [n for n in CONTENDERS if not args.only or n in args.only.split(",")]
    print(f"database: {asyncio.run(prepare())}; pool {POOL} per contender", flush=True)
    servers: list[Running] = []
    paths: dict[str, str] = {}
    try:
        for name in names:
            try:
                server = start(name)
            except Exception as exc:
                print(f"  {name}: FAILED to start ({exc})", flush=True)
                continue
            try:
                asyncio.run(verify(server.port))
            except (Wrong, OSError) as exc:
                print(f"  {name}: REFUSED, answers wrongly: {exc}", flush=True)
                stop(server)
                continue
            print(f"  {name}: verified (path {server.path})", flush=True)
            servers.append(server)
            paths[name] = server.path
        if not args.verify_only and servers:
            print(
                f"wrk: {args.connections} connections, {args.threads} thread(s), "
                f"{args.duration:g} s per test (warm-up {args.warmup:g} s), contenders "
                "interleaved per test",
                flush=True,
            )
            print_table(measure(servers, args), paths)
    finally:
        for server in servers:
            stop(server)
    if args.profile:
        profile(args.profile, args)
    return 0 if len(servers) == len(names) else 1


if __name__ == "__main__":
    raise SystemExit(main())
