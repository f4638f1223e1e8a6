"""Where the time of "fetch 1,000 rows" goes: row type, garbage collection, our per-query code.

One process, the same imports as ``run.py`` (the heap a full collection scans), uvloop, the
client pinned to one CPU, one pool checkout per operation. Variants, interleaved in rounds,
best round of each::

    raw Record     asyncpg ``fetch`` (its plain Record: served from asyncpg's free list)
    raw PgRecord   asyncpg ``fetch(..., record_class=PgRecord)`` (our row type, nothing else;
                   compiled, with a free list of its own)
    raw PurePgRec  the same with ``PurePgRecord``, the pure-Python build of the row type (a
                   Python subclass: fresh allocations the garbage collector counts)
    ours           ``DB.table(...).where(...).order_by(...).limit(1000).get()``
    ours, Record   the same with the PostgreSQL fetch hook asking for plain Records
                   (what our own per-query code costs, the row type set aside)

Printed per variant: wall ops/s and client CPU µs per operation of the best round, and, over
all rounds, garbage collections per 100 operations by generation and the µs per operation
spent in them (``gc.callbacks``). ``BENCH_GC_FREEZE=1`` freezes the heap after setup (every
variant alike); ``BENCH_HEAP=lean`` leaves SQLAlchemy, Tortoise and run.py's models out of the
process (a full collection's cost grows with the heap it scans)::

    $(hatch env find bench)/bin/python tools/bench/orm/rows.py

Benchmarks are never tests: nothing here asserts.
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import uvloop
from items import create_items
from lararust_orm import DatabaseManager
from lararust_orm._postgres import PostgresConnection
from lararust_orm._records import PgRecord, PurePgRecord

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
ITEMS = "bench_orm_rows_items"
ROWS = 10_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
ROUND_SECONDS = float(os.environ.get("BENCH_SECONDS", "0.6"))
FREEZE = os.environ.get("BENCH_GC_FREEZE") == "1"
#: ``BENCH_HEAP=lean``: leave SQLAlchemy, Tortoise and run.py's models out of the process.
LEAN = os.environ.get("BENCH_HEAP") == "lean"
SQL = f"select * from {ITEMS} where id > $1 order by id limit 1000"


async def light_reset(conn: Any) -> None:
    """run.py's release (no reset query), for every pool alike."""
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


class GcClock:
    """Collections by generation and the time spent in them (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]
        self.seconds = 0.0
        self.by_gen = [0.0, 0.0, 0.0]
        self._start = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            spent = time.perf_counter() - self._start
            self.seconds += spent
            self.by_gen[info["generation"]] += spent
            self.counts[info["generation"]] += 1

    def snapshot(self) -> tuple[list[int], float]:
        return list(self.counts), self.seconds


async def main() -> None:
    if not LEAN:
        import models  # noqa: F401  (run.py's heap: SQLAlchemy, Tortoise, our models)
        import run  # noqa: F401

    conn = await asyncpg.connect(DSN)
    await create_items(conn, ITEMS, ROWS)
    await conn.close()

    pool = await asyncpg.create_pool(DSN, min_size=4, max_size=4, reset=light_reset)
    config = {"driver": "pgsql", "host": "127.0.0.1", "port": 5432, "database": "test",
              "username": "postgres", "pool": {"min": 4, "max": 4}}  # fmt: skip
    db, db_plain = DatabaseManager(dict(config)), DatabaseManager(dict(config))
    # A second manager whose connection's fetch hook asks for plain Records (set once on the
    # instance: patching the class per call would cost the type's attribute caches).
    plain = db_plain.connection()
    assert isinstance(plain, PostgresConnection)
    plain._fetch = plain._fetch_records  # type: ignore[method-assign]
    await db.select("select 1")
    await db_plain.select("select 1")
    rng = random.Random(7)

    async def raw_record() -> Any:
        async with pool.acquire() as c:
            return await c.fetch(SQL, rng.randint(0, ROWS - 1000))

    async def raw_pgrecord() -> Any:
        async with pool.acquire() as c:
            return await c.fetch(SQL, rng.randint(0, ROWS - 1000), record_class=PgRecord)

    async def raw_pure() -> Any:
        async with pool.acquire() as c:
            return await c.fetch(SQL, rng.randint(0, ROWS - 1000), record_class=PurePgRecord)

    async def ours() -> Any:
        start = rng.randint(0, ROWS - 1000)
        return await db.table(ITEMS).where("id", ">", start).order_by("id").limit(1000).get()

    async def ours_record() -> Any:
        start = rng.randint(0, ROWS - 1000)
        query = db_plain.table(ITEMS).where("id", ">", start).order_by("id").limit(1000)
        return await query.get()

    variants: dict[str, Callable[[], Awaitable[Any]]] = {
        "raw Record": raw_record,
        "raw PgRecord": raw_pgrecord,
        "raw PurePgRec": raw_pure,
        "ours": ours,
        "ours, Record": ours_record,
    }
    clock = GcClock()
    gc.callbacks.append(clock)
    if FREEZE:
        gc.collect()
        gc.freeze()
    best: dict[str, tuple[float, float]] = {}
    totals: dict[str, list[float]] = {name: [0, 0, 0, 0.0, 0] for name in variants}
    try:
        for op in variants.values():  # warm-up
            for _ in range(50):
                await op()
        for round_ in range(ROUNDS):
            names = list(variants)
            shift = round_ % len(names)
            for name in names[shift:] + names[:shift]:
                op = variants[name]
                counts, seconds = clock.snapshot()
                n, start, cpu = 0, time.perf_counter(), time.process_time()
                while (elapsed := time.perf_counter() - start) < ROUND_SECONDS:
                    await op()
                    n += 1
                cpu_us = (time.process_time() - cpu) / n * 1e6
                ops = n / elapsed
                old = best.get(name, (0.0, float("inf")))
                best[name] = (max(old[0], ops), min(old[1], cpu_us))
                total = totals[name]
                for gen in range(3):
                    total[gen] += clock.counts[gen] - counts[gen]
                total[3] += clock.seconds - seconds
                total[4] += n
    finally:
        gc.callbacks.remove(clock)
        await pool.close()
        await db.disconnect()
        await db_plain.disconnect()
        conn = await asyncpg.connect(DSN)
        await conn.execute(f"drop table if exists {ITEMS}")
        await conn.close()
    raw_ops, raw_cpu = best["raw Record"]
    print(
        f"fetch 1,000 rows, best of {ROUNDS} rounds, uvloop"
        + (", gc.freeze() after setup" if FREEZE else "")
        + (", lean heap (no SQLAlchemy/Tortoise)" if LEAN else ", run.py's heap")
        + f"; gc threshold {gc.get_threshold()}, {len(gc.get_objects())} tracked objects"
    )
    print(f"  {'':<14} {'ops/s':>8} {'time x':>7} {'CPU µs':>8} {'CPU x':>6}"
          f"   gc per 100 ops (gen0 gen1 gen2)   gc µs/op")  # fmt: skip
    for name, (ops, cpu) in best.items():
        g0, g1, g2, secs, n = totals[name]
        print(
            f"  {name:<14} {ops:8.1f} {raw_ops / ops:7.2f} {cpu:8.1f} {cpu / raw_cpu:6.2f}"
            f"   {g0 / n * 100:8.1f} {g1 / n * 100:5.1f} {g2 / n * 100:5.2f}"
            f"   {secs / n * 1e6:14.1f}"
        )
    pairs = zip(clock.by_gen, clock.counts, strict=True)
    per = [f"{t / c * 1e6:.0f}" if c else "-" for t, c in pairs]
    print(f"  µs per collection by generation (all variants): {' / '.join(per)}")


if __name__ == "__main__":
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:  # type: ignore[operator]
        os.sched_setaffinity(0, {os.cpu_count() - 1})  # type: ignore[operator]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(uvloop.run(main()))
