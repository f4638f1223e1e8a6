"""HTTP benchmark: our server + framework against the peers, side by side, in ONE run.

Each contender runs as its own single process on a free port; ``wrk`` (loopback, 64
connections) hits the same four endpoints on each, back to back. Printed: req/s, p99 latency,
the ratio to Starlette on uvicorn, and which path (direct/ASGI) our server took.

    BENCH=$(ls -d /root/.local/share/hatch/env/virtual/main/*/bench)/bin/python
    $BENCH tools/bench/http/run.py                 # 10 s per endpoint
    $BENCH tools/bench/http/run.py --quick         # 3 s, no warm-up: a rough look
    $BENCH tools/bench/http/run.py --only ours-framework,starlette-uvicorn --duration 5

Needs ``wrk`` (Debian: ``apt-get install -y wrk``) and the bench env (granian, fastapi...).
For the server's own CPU cost per request without sockets (steadier on a busy machine, and
profilable), see ``inprocess.py`` next to this file.
Benchmarks are never tests: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
APPS = HERE / "apps"
REPO = HERE.parents[2]


@dataclass
class Contender:
    """One server+app combination and its URL for each endpoint."""

    name: str
    script: str
    server: str
    prefix: str = ""
    env: dict[str, str] = field(default_factory=dict)


CONTENDERS = [
    Contender("ours-framework", "framework.py", "ours", prefix="/api"),
    Contender("framework-uvicorn", "framework.py", "uvicorn", prefix="/api"),
    Contender("ours-raw-direct", "raw_asgi.py", "ours-direct"),
    Contender("ours-raw-asgi", "raw_asgi.py", "ours"),
    Contender("starlette-uvicorn", "starlette_app.py", "uvicorn"),
    Contender("starlette-granian", "starlette_app.py", "granian"),
    Contender("fastapi-uvicorn", "starlette_app.py", "uvicorn", env={"BENCH_FASTAPI": "1"}),
    Contender("raw-asgi-uvicorn", "raw_asgi.py", "uvicorn"),
    Contender("bare-httptools", "bare_httptools.py", "bare"),
]
ENDPOINTS = {
    "plaintext": "/plaintext",
    "json": "/json",
    "route 100": "/r99/42",
    "template": "/page",
}
BASELINE = "starlette-uvicorn"


@dataclass
class Result:
    rps: float
    p99_ms: float
    errors: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} not listening after {timeout}s")


def check(url: str) -> None:
    """One request before measuring: a contender answering non-200 would measure nothing."""
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")


_LATENCY = re.compile(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(url: str, duration: float, connections: int, threads: int) -> Result:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    match = _LATENCY.search(out)
    p99 = 0.0
    if match:
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
        p99 = float(match.group(1)) * scale
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    socket_errors = re.search(r"Socket errors: (.*)", out)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Result(rps, p99, errors)


def run_contender(contender: Contender, args: argparse.Namespace) -> tuple[dict[str, Result], str]:
    port = free_port()
    env = {**os.environ, **contender.env, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            str(APPS / contender.script),
            "--port",
            str(port),
            "--server",
            contender.server,
        ],
        cwd=APPS,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    results: dict[str, Result] = {}
    path = "ASGI" if contender.server not in ("bare",) else "-"
    try:
        wait_for_port(port, process)
        if contender.server.startswith("ours"):
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            path = line.removeprefix("PATH=") if line.startswith("PATH=") else "?"
        for label, endpoint in ENDPOINTS.items():
            url = f"http://127.0.0.1:{port}{contender.prefix}{endpoint}"
            check(url)
            if args.warmup:
                wrk(url, args.warmup, args.connections, args.threads)
            results[label] = wrk(url, args.duration, args.connections, args.threads)
            r = results[label]
            print(
                f"  {contender.name:<18} {label:<10} {r.rps:>10,.0f} req/s  "
                f"p99 {r.p99_ms:7.2f} ms" + (f"  ERRORS {r.errors}" if r.errors else ""),
                flush=True,
            )
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return results, path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads (2 cores here)")
    parser.add_argument("--quick", action="store_true", help="3 s per endpoint, no warm-up")
    parser.add_argument("--only", default="", help="comma-separated contender names")
    parser.add_argument("--endpoints", default="", help="comma-separated endpoint labels")
    parser.add_argument(
        "--rounds", type=int, default=1, help="repeat the whole run, keep each cell's best"
    )
    args = parser.parse_args()
    if args.quick:
        args.duration, args.warmup = 3.0, 0.0
    if shutil.which("wrk") is None:
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2
    chosen = [c for c in CONTENDERS if not args.only or c.name in args.only.split(",")]
    if args.endpoints:
        wanted = args.endpoints.split(",")
        for label in [label for label in ENDPOINTS if label not in wanted]:
            del ENDPOINTS[label]
    print(
        f"wrk: {args.connections} connections, {args.threads} thread(s), "
        f"{args.duration:g} s per endpoint (warm-up {args.warmup:g} s); route endpoint = "
        f"the last of 100 routes",
        flush=True,
    )
    table: dict[str, dict[str, Result]] = {}
    paths: dict[str, str] = {}
    # Rounds interleave the contenders, so a burst of load elsewhere on a shared machine hurts
    # one round of each rather than every cell of one contender.
    for round_number in range(1, args.rounds + 1):
        if args.rounds > 1:
            print(f"round {round_number}/{args.rounds}", flush=True)
        for contender in chosen:
            try:
                results, paths[contender.name] = run_contender(contender, args)
            except Exception as exc:  # one broken contender must not sink the run
                print(f"  {contender.name}: FAILED ({exc})", flush=True)
                continue
            best = table.setdefault(contender.name, {})
            for label, result in results.items():
                if label not in best or result.rps > best[label].rps:
                    best[label] = result
    print_table(table, paths)
    return 0


def print_table(table: dict[str, dict[str, Result]], paths: dict[str, str]) -> None:
    base = table.get(BASELINE, {})
    print()
    header = f"{'contender':<19}{'path':<7}" + "".join(f"{label:>30}" for label in ENDPOINTS)
    print(header)
    print("-" * len(header))
    for name, results in table.items():
        cells = []
        for label in ENDPOINTS:
            r = results.get(label)
            if r is None:
                cells.append(f"{'-':>30}")
                continue
            ratio = f"{r.rps / base[label].rps:5.2f}x" if label in base else "   - "
            cells.append(f"{r.rps:>10,.0f} {r.p99_ms:6.2f}ms {ratio:>7}".rjust(30))
        print(f"{name:<19}{paths.get(name, '?'):<7}" + "".join(cells))
    print(f"\ncells: req/s, p99 latency, ratio of req/s to {BASELINE}")


if __name__ == "__main__":
    raise SystemExit(main())
