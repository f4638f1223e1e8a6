"""ORM benchmark: part 1 (our query builder vs raw asyncpg vs SQLAlchemy 2 Core, async) and
part 2 (our models vs raw asyncpg vs SQLAlchemy 2 ORM vs Tortoise ORM: see ``models.py``).

Run on the local PostgreSQL (db ``test``) with the bench env's interpreter::

    $(hatch env find bench)/bin/python tools/bench/orm/run.py

Method: uvloop; one pool checkout per operation for every contender; the client process is
pinned to one CPU (the server is not pinned: it is the same server for everyone); contenders
run interleaved in rounds and each one's best round counts (the machine is shared: the best
round is the one least disturbed by neighbours; the median of the per-round ratios is
printed too). ``BENCH_PARTS=1`` runs part 1 only; ``BENCH_ROUNDS``/``BENCH_SECONDS`` size a
run; ``BENCH_GC_FREEZE=1`` calls ``gc.freeze()`` after setup (every contender alike: what
the PostgreSQL row type costs in garbage collection, see the orm README). Each contender
uses its bulk path for the insert (asyncpg ``executemany``, SQLAlchemy ``execute(insert,
rows)``, ours ``insert([...])``, an executemany on PostgreSQL). Raw
asyncpg's pool releases connections the way ours does (no reset query: ``light_reset``), so
the ratio measures the ORM, not a pool setting. Ratios are time relative to raw asyncpg
(lower is better; 1.00 = the limit).

Part 1 also runs ``raw asyncpg, PgRecord rows``: raw asyncpg itself, reads asking for our row
type (``record_class=PgRecord``, the ``asyncpg.Record`` subclass issue 7 specifies), nothing
else of ours: what the row type itself costs next to asyncpg's plain ``Record``, in the same
run. ``PgRecord`` is compiled and recycles its rows as asyncpg does; the pure-Python build
(``PurePgRecord``, used where the extension is not built) misses asyncpg's free list and costs
1.15-1.25x on the 1,000-row fetch in garbage collections (``rows.py`` shows both).
``BENCH_FLOOR=0`` leaves it out.
"""

from __future__ import annotations

import gc
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import uvloop
from items import NOW, create_items
from lararust_orm import DatabaseManager
from lararust_orm._records import PgRecord
from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    select,
)
from sqlalchemy.ext.asyncio import create_async_engine

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
ITEMS, SINK = "bench_orm_items", "bench_orm_sink"
ROWS = 10_000
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
ROUND_SECONDS = float(os.environ.get("BENCH_SECONDS", "0.6"))
PARTS = os.environ.get("BENCH_PARTS", "1,2").split(",")  # "1": only the query builder
#: ``BENCH_GC_FREEZE=1``: ``gc.freeze()`` once set up, for every contender (see main()).
FREEZE = os.environ.get("BENCH_GC_FREEZE") == "1"
#: ``BENCH_FLOOR=0``: leave out raw asyncpg with our row type (``RawRows``).
FLOOR = os.environ.get("BENCH_FLOOR", "1") != "0"
POOL = 4

meta = MetaData()
items = Table(ITEMS, meta, Column("id", BigInteger, primary_key=True), Column("name", String),
              Column("value", Integer), Column("created_at", DateTime(timezone=True)))  # fmt: skip
sink = Table(SINK, meta, Column("id", BigInteger, primary_key=True), Column("name", String),
             Column("value", Integer), Column("created_at", DateTime(timezone=True)))  # fmt: skip
BATCH = [{"name": f"n{i}", "value": i, "created_at": NOW} for i in range(1000)]


async def setup() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await create_items(conn, ITEMS, ROWS)
        await create_items(conn, SINK)
    finally:
        await conn.close()


async def teardown() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {ITEMS}, {SINK}")
    finally:
        await conn.close()


async def light_reset(conn: Any) -> None:
    """The release our PostgreSQL pools do (no reset query): the same for raw asyncpg."""
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


class Raw:
    name = "raw asyncpg"

    async def open(self) -> None:
        self.pool = await asyncpg.create_pool(DSN, min_size=POOL, max_size=POOL, reset=light_reset)

    async def close(self) -> None:
        await self.pool.close()

    async def by_key(self, key: int) -> Any:
        async with self.pool.acquire() as c:
            return await c.fetchrow(f"select * from {ITEMS} where id = $1", key)

    async def thousand(self, start: int) -> Any:
        async with self.pool.acquire() as c:
            return await c.fetch(
                f"select * from {ITEMS} where id > $1 order by id limit 1000", start
            )

    async def insert(self) -> None:
        async with self.pool.acquire() as c, c.transaction():
            await c.executemany(
                f"insert into {SINK} (name, value, created_at) values ($1, $2, $3)",
                [(r["name"], r["value"], r["created_at"]) for r in BATCH],
            )


class RawRows(Raw):
    """Raw asyncpg whose reads ask for our row type (``PgRecord``): the row type's own cost."""

    name = "raw asyncpg, PgRecord rows"

    async def by_key(self, key: int) -> Any:
        async with self.pool.acquire() as c:
            return await c.fetchrow(
                f"select * from {ITEMS} where id = $1", key, record_class=PgRecord
            )

    async def thousand(self, start: int) -> Any:
        async with self.pool.acquire() as c:
            return await c.fetch(
                f"select * from {ITEMS} where id > $1 order by id limit 1000",
                start,
                record_class=PgRecord,
            )


class Ours:
    name = "lararust_orm builder"

    async def open(self) -> None:
        url = DSN.replace("postgresql://", "")
        user, rest = url.split("@", 1)
        hostport, db = rest.split("/", 1)
        host, port = hostport.split(":")
        self.db = DatabaseManager(
            {"driver": "pgsql", "host": host, "port": int(port), "database": db,
             "username": user, "pool": {"min": POOL, "max": POOL}}
        )  # fmt: skip
        await self.db.select("select 1")

    async def close(self) -> None:
        await self.db.disconnect()

    async def by_key(self, key: int) -> Any:
        return await self.db.table(ITEMS).where("id", key).first()

    async def thousand(self, start: int) -> Any:
        return await self.db.table(ITEMS).where("id", ">", start).order_by("id").limit(1000).get()

    async def insert(self) -> None:
        async with self.db.transaction():
            await self.db.table(SINK).insert(BATCH)


class Alchemy:
    name = "SQLAlchemy 2 Core"

    async def open(self) -> None:
        self.engine = create_async_engine(
            DSN.replace("postgresql://", "postgresql+asyncpg://"), pool_size=POOL, max_overflow=0
        )
        async with self.engine.connect() as c:
            await c.execute(select(1))

    async def close(self) -> None:
        await self.engine.dispose()

    async def by_key(self, key: int) -> Any:
        async with self.engine.connect() as c:
            return (await c.execute(select(items).where(items.c.id == key))).first()

    async def thousand(self, start: int) -> Any:
        async with self.engine.connect() as c:
            query = select(items).where(items.c.id > start).order_by(items.c.id).limit(1000)
            return (await c.execute(query)).all()

    async def insert(self) -> None:
        async with self.engine.begin() as c:
            await c.execute(insert(sink), BATCH)


async def timed(op: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """Run ``op`` repeatedly for about ROUND_SECONDS; return (ops/s, client CPU µs per op)."""
    count, start, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < ROUND_SECONDS:
        await op()
        count += 1
    return count / elapsed, (time.process_time() - cpu) / count * 1e6


Sample = tuple[float, float]  # (ops/s, client CPU µs/op) of one round


async def measure(
    contenders: list[Any], ops: dict[str, Callable[[Any], Callable[[], Awaitable[Any]]]]
) -> dict[str, dict[str, list[Sample]]]:
    """Every round's (ops/s, CPU µs/op) of every contender for every operation (interleaved)."""
    for c in contenders:
        await c.open()
    results: dict[str, dict[str, list[Sample]]] = {}
    try:
        for label, make in ops.items():
            samples: dict[str, list[Sample]] = {c.name: [] for c in contenders}
            for c in contenders:  # warm-up: statement caches, pools
                await timed(make(c))
            for round_ in range(ROUNDS):
                # Rotate who goes first so no contender always follows the same neighbour.
                shift = round_ % len(contenders)
                for c in contenders[shift:] + contenders[:shift]:
                    samples[c.name].append(await timed(make(c)))
            results[label] = samples
    finally:
        for c in contenders:
            await c.close()
    return results


def report(
    title: str, results: dict[str, dict[str, list[Sample]]], ours: str, peers: list[str]
) -> None:
    """Print ops/s and client CPU per op relative to raw asyncpg, and ours vs each peer.

    ``time x`` is best round vs best round; ``median x`` is the median of the per-round ratios
    (each round's contenders ran back to back, under the same neighbours' load).
    """
    print(f"\n== {title}")
    for label, by_name in results.items():
        raw_rounds = by_name["raw asyncpg"]
        raw = max(r for r, _ in raw_rounds)
        raw_cpu = min(c for _, c in raw_rounds)
        print(f"\n{label}")
        for name, rounds in by_name.items():
            ops_s, cpu = max(r for r, _ in rounds), min(c for _, c in rounds)
            paired = statistics.median(a[0] / b[0] for a, b in zip(raw_rounds, rounds, strict=True))
            paired_cpu = statistics.median(
                b[1] / a[1] for a, b in zip(raw_rounds, rounds, strict=True)
            )
            print(
                f"  {name:<26} {ops_s:9.1f} ops/s  time x{raw / ops_s:5.2f} (median x{paired:5.2f})"
                f"  client CPU {cpu:8.1f} µs/op  x{cpu / raw_cpu:5.2f} (median x{paired_cpu:5.2f})"
            )
        best = {name: max(r for r, _ in rounds) for name, rounds in by_name.items()}
        for peer in peers:
            print(f"  ours vs {peer}: {best[ours] / best[peer]:4.2f}x as fast")


async def main() -> None:
    import models

    await setup()
    await models.setup_relations(DSN)
    rng = random.Random(7)
    if FREEZE:
        # What a production server may do once its app has booted (Python's gc docs, Instagram):
        # the startup heap leaves the collector's scans, so full collections get cheap. Applied
        # to every contender alike (one process).
        gc.collect()
        gc.freeze()
    core: dict[str, dict[str, list[Sample]]] = {}
    orm: dict[str, dict[str, list[Sample]]] = {}
    try:
        if "1" in PARTS:
            core = await measure(
                [Raw(), *([RawRows()] if FLOOR else []), Ours(), Alchemy()],
                {
                    "fetch by primary key": lambda c: lambda: c.by_key(rng.randint(1, ROWS)),
                    "fetch 1,000 rows": lambda c: lambda: c.thousand(rng.randint(0, ROWS - 1000)),
                    "insert 1,000 rows in a transaction": lambda c: c.insert,
                },
            )
        if "2" in PARTS:
            orm = await measure(
            [models.RawModels(DSN, POOL), models.OursModels(DSN, POOL),
             models.AlchemyModels(DSN, POOL), models.TortoiseModels(DSN, POOL)],
            models.operations(rng, ROWS),
        )  # fmt: skip
    finally:
        await teardown()
        await models.teardown_relations(DSN)
    print(
        f"PostgreSQL {DSN.rsplit('@', 1)[-1]}, {ROWS} rows, best of {ROUNDS} rounds, uvloop"
        + (", gc.freeze() after startup" if FREEZE else "")
    )
    if core:
        peers = [Alchemy.name, *([RawRows.name] if FLOOR else [])]
        report("part 1: query builder", core, Ours.name, peers)
    if orm:
        report("part 2: models", orm, models.OursModels.name, ["SQLAlchemy 2 ORM", "Tortoise ORM"])


if __name__ == "__main__":
    if hasattr(os, "sched_setaffinity") and os.cpu_count() and os.cpu_count() > 1:  # type: ignore[operator]
        os.sched_setaffinity(0, {os.cpu_count() - 1})  # type: ignore[operator]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(uvloop.run(main()))
