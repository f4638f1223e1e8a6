"""Shared test data and helpers of the ORM suite (imported by conftest and the tests).

``conn`` is parametrised over SQLite, the local PostgreSQL (db ``test``) and the local MariaDB
(db ``test``). A session check FAILS (never skips) when a server is down. The schema and seed
rows are built once per session under table names unique to this run, so parallel runs never
collide; tests that write wrap their work in :func:`rolled_back`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lararust_orm import Connection, SchemaBuilder

SERVERS = {"pgsql": ("127.0.0.1", 5432), "mysql": ("127.0.0.1", 3306)}
DRIVERS = ["sqlite", "pgsql", "mysql"]
SUFFIX = f"{os.getpid()}_{secrets.token_hex(3)}"


def connection_config(driver: str, sqlite_path: Path) -> dict[str, Any]:
    """The config of each test database."""
    if driver == "sqlite":
        return {"driver": "sqlite", "database": str(sqlite_path)}
    if driver == "pgsql":
        return {"driver": "pgsql", "host": "127.0.0.1", "port": 5432, "database": "test",
                "username": "postgres", "pool": {"min": 1, "max": 4}}  # fmt: skip
    return {"driver": "mysql", "host": "127.0.0.1", "port": 3306, "database": "test",
            "username": "root", "password": "", "pool": {"min": 1, "max": 4}}  # fmt: skip


@dataclass(frozen=True)
class Tables:
    """This run's table names."""

    users: str = f"users_{SUFFIX}"
    posts: str = f"posts_{SUFFIX}"


T = Tables()

USERS = [
    {"name": "ann", "email": "ann@example.com", "age": 30, "active": True,
     "options": {"theme": "dark", "tags": ["a", "b"], "size": 3},
     "created_at": datetime(2024, 1, 15, 10, 0, tzinfo=UTC)},
    {"name": "bob", "email": "bob@example.com", "age": 17, "active": False,
     "options": {"theme": "light", "tags": ["b"], "size": 1},
     "created_at": datetime(2024, 2, 20, 11, 30, tzinfo=UTC)},
    {"name": "cy", "email": "cy@example.com", "age": 45, "active": True, "options": None,
     "created_at": datetime(2024, 3, 5, 9, 15, tzinfo=UTC)},
    {"name": "dee", "email": "dee@example.com", "age": 22, "active": True,
     "options": {"theme": "dark", "tags": [], "size": 0},
     "created_at": datetime(2023, 12, 31, 23, 0, tzinfo=UTC)},
    {"name": "eve", "email": "eve@example.com", "age": 60, "active": False,
     "options": {"theme": "light", "tags": ["c"], "size": 2},
     "created_at": datetime(2024, 2, 1, 8, 0, tzinfo=UTC)},
]  # fmt: skip
POSTS = [(1, "hello", 10), (1, "again", 20), (2, "bob's", 5), (4, "one", 1), (4, "two", 2),
         (4, "three", 3)]  # fmt: skip


class _Rollback(Exception):
    pass


@contextlib.asynccontextmanager
async def rolled_back(conn: Connection) -> AsyncIterator[None]:
    """Run the block in a transaction that is always rolled back."""
    try:
        async with conn.transaction():
            yield
            raise _Rollback
    except _Rollback:
        pass


@contextlib.asynccontextmanager
async def fresh_tables(schema: SchemaBuilder, *names: str) -> AsyncIterator[None]:
    """Drop ``names`` (dependants first) before the block and again after it, however it ends."""
    for name in names:
        await schema.drop_if_exists(name)
    try:
        yield
    finally:
        for name in names:
            await schema.drop_if_exists(name)
