"""SQL injection attempts: values are bound, everything else is validated before any SQL runs."""

from __future__ import annotations

import pytest
from lararust_orm import Connection, QueryError
from lararust_orm_testkit import T

EVIL = [
    "name; drop table users",
    'name" --',
    "name`; drop table users; --",
    "name) or (1=1",
    "name as x; drop",
    "na me",
    "name'",
]


async def test_values_are_bound_never_interpolated(conn: Connection) -> None:
    evil = "x' or '1'='1"
    assert await conn.table(T.users).where("name", evil).count() == 0
    assert await conn.table(T.users).where_in("name", [evil, "'; drop table x; --"]).count() == 0
    assert await conn.table(T.users).where_like("name", "%' or 1=1 --").count() == 0
    assert await conn.table(T.users).count() == 5


@pytest.mark.parametrize("column", EVIL)
async def test_column_names_are_validated(conn: Connection, column: str) -> None:
    with pytest.raises(QueryError, match="invalid"):
        await conn.table(T.users).where(column, 1).get()
    with pytest.raises(QueryError):
        await conn.table(T.users).select(column).get()
    with pytest.raises(QueryError):
        await conn.table(T.users).order_by(column).get()
    with pytest.raises(QueryError):
        await conn.table(T.users).pluck(column)


@pytest.mark.parametrize("op", ["= 1 or 1 =", "; drop", "union select", "==", "in"])
async def test_operators_are_validated(conn: Connection, op: str) -> None:
    with pytest.raises(QueryError, match="invalid operator"):
        await conn.table(T.users).where("age", op, 1).get()


@pytest.mark.parametrize("direction", ["asc; drop table users", "desc, (select 1)", "up", ""])
async def test_order_directions_are_validated(conn: Connection, direction: str) -> None:
    with pytest.raises(QueryError, match="direction"):
        await conn.table(T.users).order_by("age", direction).get()


@pytest.mark.parametrize(
    "path",
    ["options->the'me", "options->a') or 1=1 --", "options->", "options->a->b c", 'options->"x"',
     "options->$.a", "options->a[x]"],
)  # fmt: skip
async def test_json_paths_are_validated(conn: Connection, path: str) -> None:
    with pytest.raises(QueryError, match="invalid"):
        await conn.table(T.users).where(path, "dark").get()


async def test_limit_and_offset_must_be_ints(conn: Connection) -> None:
    with pytest.raises(TypeError):
        conn.table(T.users).limit("1; drop table users")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        conn.table(T.users).offset("1")  # type: ignore[arg-type]
    with pytest.raises(QueryError):
        conn.table(T.users).limit(-1)


async def test_table_names_and_aliases_are_validated(conn: Connection) -> None:
    with pytest.raises(QueryError):
        conn.table("users; drop table users")
    with pytest.raises(QueryError):
        conn.table(T.users).join("posts p on 1=1 --", "a", "=", "b")
    with pytest.raises(QueryError):
        conn.table(T.users).from_sub(conn.table(T.posts), "x; drop")


async def test_insert_and_update_column_names_are_validated(conn: Connection) -> None:
    with pytest.raises(QueryError):
        await conn.table(T.users).insert({"name) values (1); --": "x"})
    with pytest.raises(QueryError):
        await conn.table(T.users).where("id", 1).update({"age = 0, name": "x"})


async def test_raw_methods_are_the_only_way_in(conn: Connection) -> None:
    rows = (
        await conn.table(T.users)
        .where_raw("age > ? and age < ?", [20, 40])
        .order_by_raw("age desc")
        .pluck("name")
    )
    assert list(rows) == ["ann", "dee"]
