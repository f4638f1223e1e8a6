"""Create and fill ``tfb_world`` (10,000 rows) and ``tfb_fortune`` (12 rows), idempotently.

Tables that exist with the right content are left alone (a run's updates change
``randomnumber`` values, which is fine: TechEmpower only fixes the ids and the range).
"""

from __future__ import annotations

import random

import asyncpg
from common import DSN, FORTUNE, FORTUNES, WORLD, WORLD_ROWS


async def prepare(dsn: str = DSN) -> str:
    """Make both tables right; return what was done (for the run's header)."""
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            f"create table if not exists {WORLD} "
            "(id integer primary key, randomnumber integer not null default 0)"
        )
        await conn.execute(
            f"create table if not exists {FORTUNE} "
            "(id integer primary key, message varchar(2048) not null)"
        )
        done = []
        ok = await conn.fetchval(
            f"select count(*) = $1 and min(id) = 1 and max(id) = $1 "
            f"and min(randomnumber) >= 1 and max(randomnumber) <= $1 from {WORLD}",
            WORLD_ROWS,
        )
        if not ok:
            async with conn.transaction():
                await conn.execute(f"truncate {WORLD}")
                await conn.copy_records_to_table(
                    WORLD,
                    records=[(i, random.randint(1, WORLD_ROWS)) for i in range(1, WORLD_ROWS + 1)],
                    columns=["id", "randomnumber"],
                )
            done.append(f"filled {WORLD}")
        rows = await conn.fetch(f"select id, message from {FORTUNE} order by id")
        if [tuple(r) for r in rows] != FORTUNES:
            async with conn.transaction():
                await conn.execute(f"truncate {FORTUNE}")
                await conn.executemany(
                    f"insert into {FORTUNE} (id, message) values ($1, $2)", FORTUNES
                )
            done.append(f"filled {FORTUNE}")
        if done:
            await conn.execute(f"analyze {WORLD}; analyze {FORTUNE}")
        return ", ".join(done) or "tables already in place"
    finally:
        await conn.close()
