"""Client instructions per query (callgrind) of the TechEmpower-shaped ORM paths vs raw asyncpg.

Instruction counts do not move with the neighbours' load, unlike times on this shared machine.
Each variant runs twice under ``valgrind --tool=callgrind`` (N1 and N2 operations after the
same warm-up); the difference divided by N2 - N1 is what one operation costs, start-up and
warm-up cancelled out. Ours runs inside a lazy ``DB.pinned()`` (what the
``ConnectionPerRequest`` middleware holds per request), raw asyncpg on one acquired
connection; every variant builds TechEmpower's JSON dict from what it read::

    BENCH=$(hatch env find bench)/bin/python
    $BENCH tools/bench/orm/instructions.py                 # every variant (~3 min)
    $BENCH tools/bench/orm/instructions.py find raw_find   # some

The ``*thousand*`` variants are ``run.py``'s fetch of 1,000 rows: raw asyncpg with its plain
``Record`` and with our ``PgRecord`` (``record_class``), ours, and ours with the PostgreSQL fetch
hook asking for plain Records (our per-query code without the row type). ``BENCH_CHECKOUT=1``
checks a connection out of the pool per operation (``run.py``'s method: ours outside
``DB.pinned()``, raw asyncpg in ``pool.acquire()``). ``BENCH_GC=off`` disables the garbage
collector in the measured process: what is left of the row type's cost is its allocation and
deallocation, without the collections they trigger (this process's heap is small: the
collections cost more in ``run.py``'s, see ``rows.py``). The measured processes run with
``PYTHONHASHSEED=0`` (the same dict layouts in both runs). Needs ``valgrind`` and the local
PostgreSQL. Benchmarks are never tests: nothing here asserts.
"""

from __future__ import annotations

import asyncio
import gc
import os
import random
import re
import subprocess
import sys
from typing import Any

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TABLE = "bench_orm_world_cg"
READ = f"SELECT id, randomnumber FROM {TABLE} WHERE id = $1"
WRITE = f"UPDATE {TABLE} SET randomnumber = $1 WHERE id = $2"
#: variant -> (what it does, operations in the two runs)
VARIANTS = {
    "raw_find": ("raw asyncpg fetchrow", (200, 1200)),
    "find": ("await World.find(key)", (200, 1200)),
    "query_find": ("await World.query().find(key)", (200, 1200)),
    "builder_find": ('await DB.table("...").find(key)', (200, 1200)),
    "raw_save": ("raw fetchrow + execute(UPDATE)", (200, 1200)),
    "save": ("World.find + set + save()", (200, 1200)),
    "raw_queries20": ("raw: /queries?queries=20 body", (20, 120)),
    "queries20": ("ours: /queries?queries=20 body", (20, 120)),
    "raw_updates20": ("raw: /updates?queries=20 body (executemany)", (20, 120)),
    "updates20": ("ours: /updates?queries=20 body (upsert)", (20, 120)),
    # run.py's "fetch 1,000 rows" (4 columns): the row type and our per-query code apart
    "raw_thousand": ("raw asyncpg fetch of 1,000 rows (plain Record)", (10, 60)),
    "raw_thousand_pg": ("raw asyncpg fetch, record_class=PgRecord", (10, 60)),
    "thousand": ("ours: DB.table(...).where().order_by().limit(1000).get()", (10, 60)),
    "thousand_record": ("ours, the fetch hook asking for plain Records", (10, 60)),
}
ITEMS = "bench_orm_items_cg"
THOUSAND = f"select * from {ITEMS} where id > $1 order by id limit 1000"


async def _setup() -> None:
    import asyncpg
    from items import create_items

    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {TABLE}")
        await conn.execute(f"create table {TABLE} (id integer primary key, randomnumber integer)")
        await conn.executemany(
            f"insert into {TABLE} values ($1, $2)", [(i, i) for i in range(1, 10_001)]
        )
        await create_items(conn, ITEMS, 10_000)
    finally:
        await conn.close()


async def _teardown() -> None:
    import asyncpg

    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute(f"drop table if exists {TABLE}, {ITEMS}")
    finally:
        await conn.close()


async def _worker(which: str, count: int) -> None:
    import asyncpg
    from lararust_orm import DB, Model

    class World(Model):
        table = TABLE
        timestamps = False
        id: int
        randomnumber: int

    DB.configure({"default": "pgsql", "connections": {"pgsql": {
        "driver": "pgsql", "url": DSN, "pool": {"min": 1, "max": 1}}}})  # fmt: skip
    pool = await asyncpg.create_pool(DSN, min_size=1, max_size=1)
    rnd = random.randint

    async def raw_find(conn: Any, key: int) -> Any:
        row = await conn.fetchrow(READ, key)
        return {"id": row[0], "randomNumber": row[1]}

    async def find(conn: Any, key: int) -> Any:
        world = await World.find(key)
        return {"id": world.id, "randomNumber": world.randomnumber}  # type: ignore[union-attr]

    async def query_find(conn: Any, key: int) -> Any:
        world = await World.query().find(key)
        return {"id": world.id, "randomNumber": world.randomnumber}  # type: ignore[union-attr]

    async def builder_find(conn: Any, key: int) -> Any:
        row = await DB.table(TABLE).find(key)
        return {"id": row["id"], "randomNumber": row["randomnumber"]}

    async def raw_save(conn: Any, key: int) -> Any:
        row = await conn.fetchrow(READ, key)
        await conn.execute(WRITE, rnd(1, 10_000), row[0])

    async def save(conn: Any, key: int) -> Any:
        world = await World.find_or_fail(key)
        world.randomnumber = rnd(1, 10_000)
        await world.save()

    async def raw_queries20(conn: Any, key: int) -> Any:
        return [await raw_find(conn, rnd(1, 10_000)) for _ in range(20)]

    async def queries20(conn: Any, key: int) -> Any:
        return [await find(conn, rnd(1, 10_000)) for _ in range(20)]

    async def raw_updates20(conn: Any, key: int) -> Any:
        out = []
        for k in sorted(random.sample(range(1, 10_001), 20)):
            row = await conn.fetchrow(READ, k)
            out.append({"id": row[0], "randomNumber": rnd(1, 10_000)})
        await conn.executemany(WRITE, [(w["randomNumber"], w["id"]) for w in out])
        return out

    async def updates20(conn: Any, key: int) -> Any:
        worlds = []
        for k in sorted(random.sample(range(1, 10_001), 20)):
            world = await World.find_or_fail(k)
            world.randomnumber = rnd(1, 10_000)
            worlds.append(world)
        rows = [{"id": w.id, "randomnumber": w.randomnumber} for w in worlds]
        await World.upsert(rows, "id", ["randomnumber"])
        return [{"id": w.id, "randomNumber": w.randomnumber} for w in worlds]

    from lararust_orm._postgres import PostgresConnection
    from lararust_orm._records import PgRecord

    async def raw_thousand(conn: Any, key: int) -> Any:
        return await conn.fetch(THOUSAND, key % 9000)

    async def raw_thousand_pg(conn: Any, key: int) -> Any:
        return await conn.fetch(THOUSAND, key % 9000, record_class=PgRecord)

    async def thousand(conn: Any, key: int) -> Any:
        return await DB.table(ITEMS).where("id", ">", key % 9000).order_by("id").limit(1000).get()

    async def thousand_record(conn: Any, key: int) -> Any:
        return await thousand(conn, key)

    if which == "thousand_record":
        PostgresConnection._fetch = PostgresConnection._fetch_records  # type: ignore[method-assign]
    if os.environ.get("BENCH_GC") == "off":
        gc.disable()
    op = locals()[which]
    if os.environ.get("BENCH_CHECKOUT") == "1":  # run.py's method: a pool checkout per op
        if which.startswith("raw"):
            held = op

            async def op(conn: Any, key: int) -> Any:
                async with pool.acquire() as c:
                    return await held(c, key)

        for i in range(50):
            await op(None, i + 1)
        for _ in range(count):
            await op(None, rnd(1, 10_000))
    else:
        async with pool.acquire() as conn, DB.pinned(lazy=True):
            for i in range(50):  # warm-up: statement caches, plans
                await op(conn, i + 1)
            for _ in range(count):
                await op(conn, rnd(1, 10_000))
    await pool.close()
    await DB.disconnect()


def _instructions(which: str, count: int) -> int:
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
         __file__, "--worker", which, str(count)],
        capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )  # fmt: skip
    found = re.search(r"Collected\s*:\s*(\d+)", out.stderr)
    if found is None:
        raise RuntimeError(f"{which}: no callgrind total in:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main(names: list[str]) -> None:
    asyncio.run(_setup())
    try:
        print("client instructions per operation (callgrind, difference of two runs)")
        for name in names or list(VARIANTS):
            label, (low, high) = VARIANTS[name]
            per = (_instructions(name, high) - _instructions(name, low)) / (high - low)
            print(f"  {name:<14} {per:12,.0f}  {label}")
    finally:
        asyncio.run(_teardown())


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        import uvloop

        uvloop.run(_worker(sys.argv[2], int(sys.argv[3])))
    else:
        main(sys.argv[1:])
