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
connections, 1 thread, TechEmpower's 8 s timeout) runs test by test, the contenders
interleaved within each test so a noisy neighbour on the shared CPU hurts everyone alike; a
cell with non-2xx answers or socket errors is not reported. Printed: req/s, p99, the ratio to
starlette-asyncpg and the server process's CPU time per request (from ``/proc``: steadier
than req/s on a shared machine). Our stack also answers ``/queries-tx`` and ``/updates-tx``
(the same handlers inside ``DB.transaction()``, holding one pooled connection): an extra
row, verified like the rest. ``--profile N`` ends with N seconds of cProfile on our server
under load (``--profile-test`` picks the test, default db).

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
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import asyncpg  # noqa: E402
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
#: Our stack also serves queries/updates inside ``DB.transaction()`` (one pooled connection
#: for the whole request instead of one checkout per statement): measured as an extra row.
VARIANTS = {"queries=20": "/queries-tx?queries=20", "updates=20": "/updates-tx?queries=20"}
VARIANT_ROW = "lararust in DB.transaction"


@dataclass
class Result:
    rps: float
    p99_ms: float
    errors: int
    requests: int = 0
    cpu_us: float = 0.0  # the server process's CPU time per request (user + system)


@dataclass
class Running:
    name: str
    port: int
    process: subprocess.Popen[str]
    path: str = "ASGI"
    #: The server's last output lines: a reader thread drains the pipe so a chatty server
    #: never blocks on a full pipe in the middle of a measurement.
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=40))

    def drain(self) -> None:
        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                self.tail.append(line.rstrip())

        threading.Thread(target=read, daemon=True).start()


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
    running.drain()
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
         "--timeout", "8s", "--latency", url],
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
    done = re.search(r"(\d+) requests in", out)
    return Result(rps, p99, errors, int(done.group(1)) if done else 0)


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def load(server: Running, path: str, args: argparse.Namespace) -> Result:
    """Warm up, then measure one test on one server (req/s, p99, CPU per request)."""
    url = f"http://127.0.0.1:{server.port}{path}"
    if args.warmup:
        wrk(url, args.warmup, args.connections, args.threads)
    before = cpu_seconds(server.process.pid)
    result = wrk(url, args.duration, args.connections, args.threads)
    if result.requests:
        result.cpu_us = (cpu_seconds(server.process.pid) - before) * 1e6 / result.requests
    return result


def measure(servers: list[Running], args: argparse.Namespace) -> dict[str, dict[str, Result]]:
    table: dict[str, dict[str, Result]] = {s.name: {} for s in servers}
    for label, path in TESTS.items():
        runs = [(server.name, server, path) for server in servers]
        if label in VARIANTS and not args.no_variants:
            runs += [(VARIANT_ROW, s, VARIANTS[label]) for s in servers if s.name == "lararust"]
        for row, server, url_path in runs:
            result = load(server, url_path, args)
            table.setdefault(row, {})[label] = result
            print(
                f"  {label:<11} {row:<27} {result.rps:>9,.0f} req/s  "
                f"p99 {result.p99_ms:8.2f} ms  CPU {result.cpu_us:6.0f} us/req"
                + (f"  {result.errors} ERRORS (not reported)" if result.errors else ""),
                flush=True,
            )
    return table


def print_table(table: dict[str, dict[str, Result]], paths: dict[str, str]) -> None:
    base = table.get(BASELINE, {})
    print()
    header = f"{'contender':<27}" + "".join(f"{label:>34}" for label in TESTS)
    print(header)
    print("-" * len(header))
    for name, results in table.items():
        cells = []
        for label in TESTS:
            r = results.get(label)
            if r is None or r.errors:
                cells.append(f"{'errors: not reported' if r else '-':>34}")
                continue
            b = base.get(label)
            ratio = f"{r.rps / b.rps:5.2f}x" if b and not b.errors and b.rps else "  -  "
            cells.append(f"{r.rps:>8,.0f} {r.p99_ms:6.0f}ms {ratio} {r.cpu_us:5.0f}us".rjust(34))
        shown = f"{name} ({paths[name]})" if name in paths and name == "lararust" else name
        print(f"{shown:<27}" + "".join(cells))
    print(
        f"\ncells: req/s, p99 latency, req/s ratio to {BASELINE}, server CPU time per request"
        "\n(the CPU column is the steadier one on a shared machine: it ignores time spent waiting)"
    )


def profile(seconds: float, args: argparse.Namespace) -> None:
    """cProfile our server while wrk loads one test; print where the time goes."""
    path = TESTS[args.profile_test]
    stats_file = Path(tempfile.mkdtemp(prefix="tfb-prof-")) / "ours.prof"
    print(f"\nprofile: lararust under cProfile, wrk on {path} for {seconds:g} s", flush=True)
    server = start("lararust", ["--profile", str(stats_file)])
    try:
        result = wrk(f"http://127.0.0.1:{server.port}{path}", seconds, args.connections, 1)
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
    parser.add_argument("--no-variants", action="store_true", help="skip the DB.transaction row")
    parser.add_argument("--profile", type=float, default=0.0, metavar="SECONDS",
                        help="then cProfile our server under load")  # fmt: skip
    parser.add_argument("--profile-test", default="db", choices=list(TESTS),
                        help="the test loading the profiled server (default db)")  # fmt: skip
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup = 3.0, 1.0
    if shutil.which("wrk") is None and not args.verify_only:
        print("wrk not found: apt-get update && apt-get install -y wrk", file=sys.stderr)
        return 2
    names = [n for n in CONTENDERS if not args.only or n in args.only.split(",")]
    try:
        prepared = asyncio.run(prepare())
    except (OSError, asyncpg.PostgresError) as exc:
        print(f"cannot prepare the tables at {DSN} (BENCH_PG): {exc}", file=sys.stderr)
        return 2
    print(f"database: {prepared}; pool {POOL} per contender", flush=True)
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
                asyncio.run(verify(server.port, variants=name == "lararust"))
            except (Wrong, OSError) as exc:
                print(f"  {name}: REFUSED, answers wrongly: {exc}", flush=True)
                stop(server)
                if server.tail:
                    print("    its last output:\n      " + "\n      ".join(server.tail))
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
