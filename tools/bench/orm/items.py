"""The ORM benchmarks' items table (id, name, value, created_at), made with asyncpg alone.

asyncpg only, so a lean process (``rows.py`` with ``BENCH_HEAP=lean``) builds it without
importing the peers.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

NOW = datetime(2024, 1, 1, tzinfo=UTC)


async def create_items(conn: Any, table: str, rows: int = 0) -> None:
    """(Re)create ``table`` and fill it with ``rows`` rows (``item {i}``, ``i``, ``NOW``)."""
    await conn.execute(f"drop table if exists {table}")
    await conn.execute(
        f"create table {table} (id bigserial primary key, name text, value integer, "
        "created_at timestamptz)"
    )
    if rows:
        await conn.executemany(
            f"insert into {table} (name, value, created_at) values ($1, $2, $3)",
            [(f"item {i}", i, NOW) for i in range(rows)],
        )
        await conn.execute(f"analyze {table}")
