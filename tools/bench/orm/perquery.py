"""Per-query client CPU of the TechEmpower-shaped ORM paths vs raw asyncpg, in ONE run.

What TechEmpower's ``/queries`` and ``/updates`` do per statement, in a tight loop on one held
connection (ours: inside a lazy ``DB.pinned()``, as the ``ConnectionPerRequest`` middleware
holds one per request; raw asyncpg: one ``pool.acquire()`` and ``conn.fetchrow``, its
statement cache on)::

    $(hatch env find bench)/bin/python tools/bench/orm/perquery.py          # the table
    $(hatch env find bench)/bin/python tools/bench/orm/perquery.py --profile find

Printed per operation: the best round's client CPU µs per query (``time.process_time`` over
the round: steadier than wall time on a shared machine), ours and raw asyncpg side by side,
and the ratio. Rounds are interleaved (raw, ours, raw, ours...) and the best round of each
counts. ``--profile OP`` runs cProfile over OP instead and prints the top functions
(``SORT=cumulative`` changes the order). ``instructions.py`` beside it counts the same
paths' instructions with callgrind (load-independent). Benchmarks are never tests: nothing
here asserts.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import uvloop
from lararust_orm import DB, Model

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TABLE = "bench_orm_world"
ROWS = 10_000
BATCH = 20  # TechEmpower's queries=20 / updates=20
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
PER_ROUND = int(os.environ.get("BENCH_QUERIES", "2000"))

READ = f"SELECT id, randomnumber FROM {TABLE} WHERE id = $1"
WRITE = f"UPDATE {TABLE} SET randomnumber = $1 WHERE id = $2"

db = DB  # the facade: in a script, one standalone manager (what models use)


class World(Model):
    """A row of the TechEmpower-shaped table."""

    table = TABLE
    timestamps = False
    id: int
    randomnumber: int


async def setup() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {TABLE}")
        await conn.execute(f"create table {TABLE} (id integer primary key, randomnumber integer)")
        await conn.executemany(
            f"insert into {TABLE} values ($1, $2)", [(i, i) for i in range(1, ROWS + 1)]
        )
        await conn.execute(f"analyze {TABLE}")
    finally:
        await conn.close()


def ids() -> list[int]:
    return sorted(random.sample(range(1, ROWS + 1), BATCH))


# Each operation runs BATCH queries (one "request"); µs are reported per query.


# Each read row becomes TechEmpower's JSON dict (every contender reads both columns).


async def raw_find(conn: Any) -> list[dict[str, int]]:
    out = []
    for i in ids():
        row = await conn.fetchrow(READ, i)
        out.append({"id": row[0], "randomNumber": row[1]})
    return out


async def raw_update(conn: Any) -> None:
    out = []
    for i in ids():
        row = await conn.fetchrow(READ, i)
        out.append((random.randint(1, ROWS), row[0]))
    await conn.executemany(WRITE, out)


async def raw_update_each(conn: Any) -> None:
    for i in ids():
        row = await conn.fetchrow(READ, i)
        await conn.execute(WRITE, random.randint(1, ROWS), row[0])


async def ours_find(_: Any) -> list[dict[str, int]]:
    out = []
    for i in ids():
        world = await World.find(i)
        assert world is not None
        out.append({"id": world.id, "randomNumber": world.randomnumber})
    return out


async def ours_query_find(_: Any) -> list[dict[str, int]]:
    out = []
    for i in ids():
        world = await World.query().find(i)
        assert world is not None
        out.append({"id": world.id, "randomNumber": world.randomnumber})
    return out


async def ours_builder_find(_: Any) -> list[dict[str, int]]:
    out = []
    for i in ids():
        row = await db.table(TABLE).find(i)
        out.append({"id": row["id"], "randomNumber": row["randomnumber"]})
    return out


async def ours_update(_: Any) -> None:
    worlds = []
    for i in ids():
        world = await World.find(i)
        assert world is not None
        world.randomnumber = random.randint(1, ROWS)
        worlds.append(world)
    rows = [{"id": w.id, "randomnumber": w.randomnumber} for w in worlds]
    await World.upsert(rows, "id", ["randomnumber"])


async def ours_save(_: Any) -> None:
    for i in ids():
        world = await World.find(i)
        assert world is not None
        world.randomnumber = random.randint(1, ROWS)
        await world.save()


OPS: dict[str, tuple[Callable[[Any], Awaitable[Any]], Callable[[Any], Awaitable[Any]]]] = {
    "find (World.find)": (raw_find, ours_find),
    "query().find": (raw_find, ours_query_find),
    "builder find (DB.table)": (raw_find, ours_builder_find),
    "updates=20 (find + upsert)": (raw_update, ours_update),
    "find + save() each": (raw_update_each, ours_save),
}


async def run_round(op: Callable[[Any], Awaitable[Any]], conn: Any, n: int) -> float:
    """Client CPU µs per query over ``n`` operations."""
    cpu = time.process_time()
    for _ in range(n):
        await op(conn)
    return (time.process_time() - cpu) / (n * BATCH) * 1e6


async def main(args: argparse.Namespace) -> None:
    await setup()
    db.configure(
        {"default": "pgsql", "connections": {"pgsql": {"driver": "pgsql", "url": DSN,
                                                         "pool": {"min": 2, "max": 2}}}}
    )  # fmt: skip
    pool = await asyncpg.create_pool(DSN, min_size=2, max_size=2)
    n = max(PER_ROUND // BATCH, 1)
    try:
        async with pool.acquire() as conn, db.pinned(lazy=True):
            if args.profile:
                op = next(ours for label, (_, ours) in OPS.items() if args.profile in label)
                await run_round(op, conn, n)
                prof = cProfile.Profile()
                prof.enable()
                await run_round(op, conn, n * 2)
                prof.disable()
                pstats.Stats(prof).sort_stats(os.environ.get("SORT", "tottime")).print_stats(45)
                return
            print(f"client CPU µs per query, best of {ROUNDS} rounds of {n * BATCH} queries")
            for label, (raw, ours) in OPS.items():
                await run_round(raw, conn, n // 4)
                await run_round(ours, conn, n // 4)
                best_raw = best_ours = float("inf")
                for _ in range(ROUNDS):
                    best_raw = min(best_raw, await run_round(raw, conn, n))
                    best_ours = min(best_ours, await run_round(ours, conn, n))
                print(
                    f"  {label:<28} ours {best_ours:6.1f}  raw asyncpg {best_raw:6.1f}"
                    f"  x{best_ours / best_raw:4.2f}"
                )
    finally:
        await pool.close()
        await db.disconnect()
        conn2 = await asyncpg.connect(DSN)
        await conn2.execute(f"drop table if exists {TABLE}")
        await conn2.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="", help="profile ours on the op whose label has it")
    uvloop.run(main(parser.parse_args()))
