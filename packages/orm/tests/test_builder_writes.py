"""Writing with the query builder (each test rolled back), on all three databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lararust_orm import Connection, QueryError, UniqueConstraintViolation
from lararust_orm_testkit import T, rolled_back


def _new(name: str, age: int = 1, **extra: object) -> dict[str, object]:
    return {"name": name, "email": f"{name}@example.net", "age": age, **extra}


async def test_insert_many_rows_in_one_statement(conn: Connection) -> None:
    async with rolled_back(conn):
        conn.enable_query_log()
        assert await conn.table(T.users).insert([_new("x1"), _new("x2"), _new("x3")]) is True
        assert len(conn.get_query_log()) == 1
        assert await conn.table(T.users).count() == 8


async def test_insert_rows_with_different_columns_is_refused(conn: Connection) -> None:
    with pytest.raises(QueryError, match="row 1"):
        await conn.table(T.users).insert([_new("a"), {"name": "b"}])


async def test_insert_get_id(conn: Connection) -> None:
    async with rolled_back(conn):
        new_id = await conn.table(T.users).insert_get_id(_new("idy"))
        assert (await conn.table(T.users).find(new_id))["name"] == "idy"


async def test_insert_or_ignore_returns_rows_inserted(conn: Connection) -> None:
    async with rolled_back(conn):
        rows = [_new("dup", email="ann@example.com"), _new("fresh")]
        rows[0]["email"] = "ann@example.com"
        assert await conn.table(T.users).insert_or_ignore(rows) == 1
        assert await conn.table(T.users).where("name", "dup").count() == 0


async def test_upsert_returns_rows_written(conn: Connection) -> None:
    async with rolled_back(conn):
        rows = [
            {"name": "ann2", "email": "ann@example.com", "age": 31},
            {"name": "zed", "email": "zed@example.com", "age": 50},
        ]
        assert await conn.table(T.users).upsert(rows, "email", ["age"]) == 2
        assert await conn.table(T.users).where("email", "ann@example.com").value("age") == 31
        assert await conn.table(T.users).where("email", "ann@example.com").value("name") == "ann"
        assert await conn.table(T.users).where("name", "zed").count() == 1


async def test_update_returns_rows_matched_even_when_unchanged(conn: Connection) -> None:
    async with rolled_back(conn):
        assert await conn.table(T.users).where("age", 17).update({"age": 17}) == 1
        assert await conn.table(T.users).where("active", True).update({"age": 99}) == 3
        assert await conn.table(T.users).where("age", 99).count() == 3


async def test_update_json_path(conn: Connection) -> None:
    async with rolled_back(conn):
        await conn.table(T.users).where("name", "ann").update({"options->theme": "blue"})
        assert await conn.table(T.users).where("options->theme", "blue").pluck("name") == ["ann"]
        assert await conn.table(T.users).where("options->size", 3).count() == 1


async def test_update_or_insert(conn: Connection) -> None:
    async with rolled_back(conn):
        await conn.table(T.users).update_or_insert({"email": "bob@example.com"}, {"age": 18})
        assert await conn.table(T.users).where("name", "bob").value("age") == 18
        await conn.table(T.users).update_or_insert(
            {"email": "new@example.com"}, {"name": "new", "age": 3}
        )
        assert await conn.table(T.users).where("email", "new@example.com").value("age") == 3


async def test_increment_and_decrement(conn: Connection) -> None:
    async with rolled_back(conn):
        assert await conn.table(T.users).where("name", "ann").increment("age", 5) == 1
        assert await conn.table(T.users).where("name", "ann").value("age") == 35
        await conn.table(T.users).where("name", "ann").decrement("age", 2, {"active": False})
        row = await conn.table(T.users).where("name", "ann").first()
        assert (row["age"], bool(row["active"])) == (33, False)


async def test_increment_refuses_text(conn: Connection) -> None:
    with pytest.raises(TypeError):
        await conn.table(T.users).increment("age", "1; drop table x")  # type: ignore[arg-type]


async def test_delete_returns_rows_and_cascades(conn: Connection) -> None:
    async with rolled_back(conn):
        assert await conn.table(T.users).where("name", "dee").delete() == 1
        assert await conn.table(T.posts).where("user_id", 4).count() == 0
        assert await conn.table(T.users).delete(2) == 1
        assert await conn.table(T.users).count() == 3


async def test_unique_violation_is_a_typed_error(conn: Connection) -> None:
    async with rolled_back(conn):
        with pytest.raises(UniqueConstraintViolation) as info:
            await conn.table(T.users).insert(
                _new("clash", email="ann@example.com") | {"email": "ann@example.com"}
            )
        assert "ann@example.com" in str(info.value.bindings)


async def test_datetimes_are_stored_in_utc(conn: Connection) -> None:
    async with rolled_back(conn):
        paris = timezone(timedelta(hours=2))
        await conn.table(T.users).insert(
            _new("tz", created_at=datetime(2024, 6, 1, 14, 0, tzinfo=paris))
        )
        await conn.table(T.users).insert(_new("naive", created_at=datetime(2024, 6, 1, 12, 0)))
        stored = await conn.table(T.users).where_in("name", ["tz", "naive"]).pluck("created_at")
        for value in stored:
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            assert value == datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
        assert (
            await conn.table(T.users)
            .where("created_at", ">=", datetime(2024, 6, 1, 12, 0, tzinfo=UTC))
            .count()
            == 2
        )


async def test_truncate_restarts_ids(conn: Connection) -> None:
    table = f"trunc_{T.users}"
    schema = conn.get_schema_builder()
    await schema.drop_if_exists(table)
    async with schema.create(table) as t:
        t.id()
        t.string("name")
    try:
        await conn.table(table).insert([{"name": "a"}, {"name": "b"}])
        await conn.table(table).truncate()
        assert await conn.table(table).count() == 0
        assert await conn.table(table).insert_get_id({"name": "c"}) == 1
    finally:
        await schema.drop_if_exists(table)


async def test_raw_statements(conn: Connection) -> None:
    q = conn.grammar.quote_identifier
    async with rolled_back(conn):
        assert await conn.insert(
            f"insert into {q(T.users)} (name, email, age) values (?, ?, ?)", ["r", "r@x.y", 9]
        )
        assert (
            await conn.update(
                f"update {q(T.users)} set age = :age where name = :n", {"age": 10, "n": "r"}
            )
            == 1
        )
        assert await conn.delete(f"delete from {q(T.users)} where name = ?", ["r"]) == 1
        assert await conn.statement(f"update {q(T.users)} set age = age where 1 = 0") is True


async def test_insert_many_rows_stores_every_datetime_in_utc(conn: Connection) -> None:
    paris = timezone(timedelta(hours=2))
    rows = [
        _new("m1", created_at=datetime(2024, 6, 1, 14, 0, tzinfo=paris)),
        _new("m2", created_at=datetime(2024, 6, 1, 12, 0)),
        _new("m3", created_at=None),
    ]
    async with rolled_back(conn):
        await conn.table(T.users).insert(rows)
        stored = await conn.table(T.users).where_like("name", "m_").order_by("name").get()
        assert [row["name"] for row in stored] == ["m1", "m2", "m3"]
        for value in stored.pluck("created_at")[:2]:
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
            assert value == datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
        assert stored[2]["created_at"] is None


async def test_insert_many_runs_a_one_row_statement_for_every_row(conn: Connection) -> None:
    q = conn.grammar.quote_identifier
    sql = f"insert into {q(T.users)} (name, email, age) values (?, ?, ?)"
    async with rolled_back(conn):
        conn.enable_query_log()
        try:
            assert await conn.insert_many(sql, [("k1", "k1@x.y", 1), ("k2", "k2@x.y", 2)]) == 2
            log = conn.get_query_log()
        finally:
            conn.disable_query_log()
            conn.flush_query_log()
        assert len(log) == 1
        assert [list(row) for row in log[0]["bindings"]] == [
            ["k1", "k1@x.y", 1],
            ["k2", "k2@x.y", 2],
        ]
        assert await conn.table(T.users).where_in("name", ["k1", "k2"]).sum("age") == 3


async def test_insert_many_refuses_a_row_of_the_wrong_width(conn: Connection) -> None:
    q = conn.grammar.quote_identifier
    sql = f"insert into {q(T.users)} (name, email, age) values (?, ?, ?)"
    with pytest.raises(QueryError, match="row 1 has 2 value"):
        await conn.insert_many(sql, [("k1", "k1@x.y", 1), ("k2", "k2@x.y")])


async def test_insert_rows_with_other_columns_of_the_same_count_are_refused(
    conn: Connection,
) -> None:
    other = {"name": "b", "email": "b@example.net", "nickname": "bee"}
    with pytest.raises(QueryError, match="row 1 has columns"):
        await conn.table(T.users).insert([_new("a"), other])
