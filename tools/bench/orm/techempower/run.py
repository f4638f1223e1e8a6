"""TechEmpower-style database tests on three stacks, one process each, in ONE run.

The four tests follow TechEmpower's rules (single query, 20 queries, fortunes rendered by the
stack's template engine with the extra fortune and sorting, 20 updates): our whole stack (our
server, router, models, LaraBlade) against Starlette + raw asyncpg + Jinja2 and Starlette +
SQLAlchemy 2 ORM + Jinja2, both on uvicorn. ``wrk`` on loopback; req/s and ratios printed.

    BENCH=$(ls -d /root/.local/share/hatch/env/virtual/main/*/bench)/bin/python
    $BENCH tools/bench/orm/techempower/run.py [--duration 5]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import asyncpg

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import DSN, FORTUNE, FORTUNES, WORLD  # noqa: E402


def _http_bench() -> object:
    """The http bench's helpers (``wrk``, ``free_port``, ``wait_for_port``), loaded by path."""
    path = HERE.parents[1] / "http" / "run.py"
    spec = importlib.util.spec_from_file_location("lararust_http_bench", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["lararust_http_bench"] = module
    spec.loader.exec_module(module)
    return module


CONTENDERS = {  # name: (script, URL prefix)
    "ours (server+router+models+Blade)": ("ours_app.py", "/api"),
    "starlette+asyncpg+jinja2": ("starlette_raw.py", ""),
    "starlette+SQLAlchemy ORM+jinja2": ("starlette_sa.py", ""),
}
TESTS = {
    "single query": "/db",
    "20 queries": "/queries?queries=20",
    "fortunes": "/fortunes",
    "20 updates": "/updates?queries=20",
}


async def setup() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {WORLD}, {FORTUNE}")
        await conn.execute(
            f'create table {WORLD} (id integer primary key, "randomNumber" integer not null)'
        )
        await conn.execute(f"create table {FORTUNE} (id integer primary key, message text)")
        await conn.executemany(
            f"insert into {WORLD} values ($1, $2)",
            [(i, (i * 7919) % 10000 + 1) for i in range(1, 10001)],
        )
        await conn.executemany(
            f"insert into {FORTUNE} values ($1, $2)", list(enumerate(FORTUNES, start=1))
        )
        await conn.execute(f"analyze {WORLD}; analyze {FORTUNE}")
    finally:
        await conn.close()


async def teardown() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {WORLD}, {FORTUNE}")
    finally:
        await conn.close()


def validate(base: str) -> None:
    """Check each endpoint's answer before measuring (a wrong answer would measure nothing)."""
    with urllib.request.urlopen(base + "/db", timeout=10) as r:
        one = json.loads(r.read())
    if set(one) != {"id", "randomNumber"}:
        raise RuntimeError(f"/db answered {one}")
    with urllib.request.urlopen(base + "/queries?queries=20", timeout=10) as r:
        assert len(json.loads(r.read())) == 20
    with urllib.request.urlopen(base + "/queries?queries=foo", timeout=10) as r:
        assert len(json.loads(r.read())) == 1
    with urllib.request.urlopen(base + "/fortunes", timeout=10) as r:
        html = r.read().decode()
    for needle in ("&lt;script&gt;", "Additional fortune added at request time.", "フレームワーク"):
        if needle not in html:
            raise RuntimeError(f"/fortunes lacks {needle!r}: {html[:300]}")
    with urllib.request.urlopen(base + "/updates?queries=20", timeout=10) as r:
        assert len(json.loads(r.read())) == 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    bench: object = _http_bench()
    asyncio.run(setup())
    results: dict[str, dict[str, float]] = {}
    try:
        for name, (script, prefix) in CONTENDERS.items():
            port = bench.free_port()  # type: ignore[attr-defined]
            process = subprocess.Popen(
                [sys.executable, str(HERE / script), "--port", str(port)],
                cwd=HERE,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            try:
                bench.wait_for_port(port, process)  # type: ignore[attr-defined]
                base = f"http://127.0.0.1:{port}{prefix}"
                validate(base)
                results[name] = {}
                for label, path in TESTS.items():
                    if args.warmup:
                        bench.wrk(base + path, args.warmup, args.connections, 1)  # type: ignore[attr-defined]
                    r = bench.wrk(base + path, args.duration, args.connections, 1)  # type: ignore[attr-defined]
                    results[name][label] = r.rps
                    errors = f"  ERRORS {r.errors}" if r.errors else ""
                    print(f"  {name:<36} {label:<13} {r.rps:>9,.0f} req/s{errors}", flush=True)
            finally:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(10)
    finally:
        asyncio.run(teardown())
    ours = next(iter(CONTENDERS))
    print(f"\nratios (ours / peer, req/s; > 1 means ours is faster), {args.duration:.0f} s each:")
    for label in TESTS:
        parts = [
            f"vs {peer.split('+')[1]}: {results[ours][label] / results[peer][label]:4.2f}x"
            for peer in list(CONTENDERS)[1:]
            if peer in results and ours in results
        ]
        print(f"  {label:<13} " + "   ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
