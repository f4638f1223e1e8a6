"""Reading with the query builder, on all three databases."""

from __future__ import annotations

from datetime import date

import pytest
from lararust_orm import Connection, MultipleRecordsFound, QueryError, RecordNotFound
from lararust_orm._records import PgRecord
from lararust_orm_testkit import T, Tables
from lararust_support import Collection


async def names(query) -> list[str]:  # type: ignore[no-untyped-def]
    return list(await query.order_by("name").pluck("name"))


async def test_get_returns_a_collection_of_dict_like_rows(conn: Connection) -> None:
    rows = await conn.table(T.users).where("name", "ann").get()
    assert isinstance(rows, Collection)
    row = rows.first()
    assert row["email"] == "ann@example.com"
    assert row.email == "ann@example.com"
    assert dict(row.items())["age"] == 30


async def test_each_get_gives_a_collection_of_its_own(conn: Connection) -> None:
    # get() wraps the driver's row list without copying it: nothing else may share it.
    first = await conn.table(T.users).order_by("id").get()
    count = len(first)
    first.push("not a row")
    again = await conn.table(T.users).order_by("id").get()
    assert len(again) == count
    assert [row["id"] for row in again] == sorted(row["id"] for row in again)
    row = again.first()
    assert row.name == row["name"]
    if conn.driver == "pgsql":  # the asyncpg.Record subclass issue 7 specifies
        assert isinstance(row, PgRecord)
        assert row.to_dict() == dict(row.items())


async def test_select_and_aliases(conn: Connection) -> None:
    row = await conn.table(T.users).select("name as who", "age").where("name", "bob").first()
    assert dict(row.items()) == {"who": "bob", "age": 17}


async def test_add_select_and_select_raw(conn: Connection) -> None:
    row = await (
        conn.table(T.users).select("name").add_select("age")
        .select_raw("age * ? as double_age", [2]).where("name", "cy").first()
    )  # fmt: skip
    assert (row["name"], row["age"], int(row["double_age"])) == ("cy", 45, 90)


async def test_distinct(conn: Connection) -> None:
    rows = await conn.table(T.users).select("active").distinct().get()
    assert sorted(bool(r["active"]) for r in rows) == [False, True]


async def test_where_two_and_three_arguments(conn: Connection) -> None:
    assert await names(conn.table(T.users).where("age", ">", 40)) == ["cy", "eve"]
    assert await names(conn.table(T.users).where("age", 22)) == ["dee"]
    assert await names(conn.table(T.users).where({"age": 17, "name": "bob"})) == ["bob"]


async def test_or_where_and_nested_where(conn: Connection) -> None:
    query = (
        conn.table(T.users)
        .where("age", "<", 20)
        .or_where(lambda q: q.where("age", ">", 50).where("active", False))
    )
    assert await names(query) == ["bob", "eve"]


async def test_where_not(conn: Connection) -> None:
    query = conn.table(T.users).where_not(
        lambda q: q.where("age", "<", 25).or_where("age", ">", 50)
    )
    assert await names(query) == ["ann", "cy"]
    assert await names(conn.table(T.users).where_not("age", ">", 20)) == ["bob"]


async def test_where_none_is_null(conn: Connection) -> None:
    assert await names(conn.table(T.users).where("options", None)) == ["cy"]
    assert len(await names(conn.table(T.users).where("options", "!=", None))) == 4


async def test_where_in_and_not_in(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_in("age", [17, 30])) == ["ann", "bob"]
    assert await names(conn.table(T.users).where_not_in("age", [17, 30])) == ["cy", "dee", "eve"]


async def test_where_in_empty_matches_nothing_and_not_in_empty_everything(conn: Connection) -> None:
    assert await conn.table(T.users).where_in("id", []).count() == 0
    assert await conn.table(T.users).where_not_in("id", []).count() == 5


async def test_where_in_subquery(conn: Connection) -> None:
    query = conn.table(T.users).where_in(
        "id", lambda q: q.from_(T.posts).select("user_id").where("views", ">", 8)
    )
    assert await names(query) == ["ann"]


async def test_where_null_and_not_null(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_null("options")) == ["cy"]
    assert await conn.table(T.users).where_not_null("options").count() == 4
    assert await names(conn.table(T.users).where("age", 60).or_where_null("options")) == [
        "cy",
        "eve",
    ]


async def test_where_between(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_between("age", [20, 31])) == ["ann", "dee"]
    assert await names(conn.table(T.users).where_not_between("age", [20, 50])) == ["bob", "eve"]


async def test_where_column(conn: Connection) -> None:
    query = conn.table(T.posts).where_column("views", ">", "user_id")
    assert sorted(await query.pluck("title")) == ["again", "bob's", "hello"]


async def test_where_exists(conn: Connection) -> None:
    query = conn.table(T.users).where_exists(
        lambda q: q.from_(T.posts).where_column(f"{T.posts}.user_id", f"{T.users}.id")
    )
    assert await names(query) == ["ann", "bob", "dee"]
    missing = conn.table(T.users).where_not_exists(
        lambda q: q.from_(T.posts).where_column(f"{T.posts}.user_id", f"{T.users}.id")
    )
    assert await names(missing) == ["cy", "eve"]


async def test_where_date_month_year_day(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_date("created_at", "2024-01-15")) == ["ann"]
    assert await names(conn.table(T.users).where_date("created_at", ">=", date(2024, 2, 20))) == [
        "bob",
        "cy",
    ]
    assert await names(conn.table(T.users).where_month("created_at", 2)) == ["bob", "eve"]
    assert await names(conn.table(T.users).where_year("created_at", 2023)) == ["dee"]
    assert await names(conn.table(T.users).where_day("created_at", 5)) == ["cy"]


async def test_json_path_where(conn: Connection) -> None:
    assert await names(conn.table(T.users).where("options->theme", "dark")) == ["ann", "dee"]
    assert await names(conn.table(T.users).where("options->tags[0]", "b")) == ["bob"]
    assert await names(conn.table(T.users).where("options->size", ">", 1)) == ["ann", "eve"]


async def test_where_json_contains_and_length(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_json_contains("options->tags", "b")) == [
        "ann",
        "bob",
    ]
    assert await names(conn.table(T.users).where_json_contains("options->tags", ["a", "b"])) == [
        "ann"
    ]
    assert await names(conn.table(T.users).where_json_length("options->tags", 0)) == ["dee"]
    assert await names(conn.table(T.users).where_json_length("options->tags", ">", 1)) == ["ann"]


async def test_where_like_is_case_insensitive_by_default(conn: Connection) -> None:
    assert await names(conn.table(T.users).where_like("name", "A%")) == ["ann"]
    assert await names(conn.table(T.users).where_like("name", "A%", case_sensitive=True)) == []
    assert await names(conn.table(T.users).where_like("name", "a%", case_sensitive=True)) == ["ann"]
    assert len(await names(conn.table(T.users).where_not_like("name", "%e%"))) == 3


async def test_when_and_unless(conn: Connection) -> None:
    def adults(q, value):  # type: ignore[no-untyped-def]
        q.where("age", ">=", value)

    assert await conn.table(T.users).when(40, adults).count() == 2
    assert await conn.table(T.users).when(0, adults).count() == 5
    fallback = conn.table(T.users).when(None, adults, lambda q, v: q.where("age", 17))
    assert await names(fallback) == ["bob"]
    assert await conn.table(T.users).unless(False, lambda q, v: q.where("age", 17)).count() == 1


async def test_order_by_latest_oldest_and_random(conn: Connection) -> None:
    assert list(await conn.table(T.users).order_by("age", "desc").limit(2).pluck("name")) == [
        "eve",
        "cy",
    ]
    assert (await conn.table(T.users).order_by_desc("age").first())["name"] == "eve"
    assert (await conn.table(T.users).latest().first())["name"] == "cy"
    assert (await conn.table(T.users).oldest().first())["name"] == "dee"
    assert len(await conn.table(T.users).in_random_order().get()) == 5


async def test_group_by_and_having(conn: Connection) -> None:
    rows = await (
        conn.table(T.posts).select("user_id").select_raw("count(*) as total")
        .group_by("user_id").having(conn.raw("count(*)"), ">", 1).order_by("user_id").get()
    )  # fmt: skip
    assert [(r["user_id"], int(r["total"])) for r in rows] == [(1, 2), (4, 3)]
    raw = (
        conn.table(T.posts).select("user_id").group_by("user_id").having_raw("sum(views) > ?", [6])
    )
    assert sorted(await raw.pluck("user_id")) == [1]


async def test_limit_offset_and_for_page(conn: Connection) -> None:
    ordered = conn.table(T.users).order_by("age")
    assert list(await ordered.clone().take(2).pluck("name")) == ["bob", "dee"]
    assert list(await ordered.clone().skip(3).pluck("name")) == ["cy", "eve"]
    assert list(await ordered.clone().offset(1).limit(1).pluck("name")) == ["dee"]
    assert list(await ordered.clone().for_page(2, 2).pluck("name")) == ["ann", "cy"]


async def test_joins(conn: Connection) -> None:
    rows = await (
        conn.table(T.users).join(T.posts, f"{T.users}.id", "=", f"{T.posts}.user_id")
        .select(f"{T.users}.name", f"{T.posts}.title").where(f"{T.posts}.views", ">", 9)
        .order_by(f"{T.posts}.views").get()
    )  # fmt: skip
    assert [(r["name"], r["title"]) for r in rows] == [("ann", "hello"), ("ann", "again")]
    left = await (
        conn.table(T.users).left_join(T.posts, f"{T.users}.id", "=", f"{T.posts}.user_id")
        .where_null(f"{T.posts}.id").pluck(f"{T.users}.name")
    )  # fmt: skip
    assert sorted(left) == ["cy", "eve"]


async def test_join_with_clause_callable_and_values(conn: Connection) -> None:
    rows = await (
        conn.table(T.users)
        .join(T.posts, lambda j: j.on(f"{T.users}.id", "=", f"{T.posts}.user_id").where(
            f"{T.posts}.views", ">", 2))
        .pluck(f"{T.posts}.title")
    )  # fmt: skip
    assert sorted(rows) == ["again", "bob's", "hello", "three"]


async def test_right_and_cross_join(conn: Connection) -> None:
    right = conn.table(T.posts).right_join(T.users, f"{T.users}.id", "=", f"{T.posts}.user_id")
    assert await right.count() == 8
    assert await conn.table(T.users).cross_join(T.posts).count() == 30


async def test_join_sub(conn: Connection) -> None:
    totals = (
        conn.table(T.posts).select("user_id").select_raw("sum(views) as total").group_by("user_id")
    )
    rows = await (
        conn.table(T.users).join_sub(totals, "totals", f"{T.users}.id", "=", "totals.user_id")
        .select("name", "totals.total").order_by("name").get()
    )  # fmt: skip
    assert [(r["name"], int(r["total"])) for r in rows] == [("ann", 30), ("bob", 5), ("dee", 6)]


async def test_subqueries_in_select_and_from(conn: Connection) -> None:
    count = (
        conn.table(T.posts)
        .select_raw("count(*)")
        .where_column(f"{T.posts}.user_id", f"{T.users}.id")
    )
    rows = (
        await conn.table(T.users).select("name").add_select({"posts": count}).order_by("name").get()
    )
    assert [(r["name"], int(r["posts"])) for r in rows][:2] == [("ann", 2), ("bob", 1)]
    young = conn.table(T.users).where("age", "<", 25)
    assert await conn.query().from_sub(young, "young").count() == 2
    sub_select = conn.table(T.users).select_sub(conn.table(T.posts).select_raw("max(views)"), "top")
    assert int((await sub_select.first())["top"]) == 20


async def test_union(conn: Connection) -> None:
    first = conn.table(T.users).select("name").where("age", "<", 20)
    query = first.union(conn.table(T.users).select("name").where("age", ">", 50))
    assert sorted(r["name"] for r in await query.get()) == ["bob", "eve"]
    dupes = conn.table(T.users).select("name").where("name", "ann")
    dupes.union_all(conn.table(T.users).select("name").where("name", "ann"))
    assert len(await dupes.get()) == 2


async def test_locks_run(conn: Connection) -> None:
    async with conn.transaction():
        row = await conn.table(T.users).where("name", "ann").lock_for_update().first()
        assert row["name"] == "ann"
        assert await conn.table(T.users).where("name", "bob").shared_lock().count() == 1


async def test_first_find_value_sole(conn: Connection) -> None:
    assert (await conn.table(T.users).find(2))["name"] == "bob"
    assert await conn.table(T.users).find(999) is None
    assert await conn.table(T.users).where("name", "cy").value("age") == 45
    assert await conn.table(T.users).where("name", "nobody").value("age") is None
    assert (await conn.table(T.users).where("name", "dee").sole())["age"] == 22
    with pytest.raises(MultipleRecordsFound):
        await conn.table(T.users).where("active", True).sole()
    with pytest.raises(RecordNotFound):
        await conn.table(T.users).where("name", "nobody").sole()


async def test_first_or_fail_raises_record_not_found(conn: Connection) -> None:
    from lararust_contracts import NotFound

    with pytest.raises(RecordNotFound) as info:
        await conn.table(T.users).where("name", "nobody").first_or_fail()
    assert isinstance(info.value, NotFound)
    assert info.value.status == 404


async def test_pluck_with_key(conn: Connection) -> None:
    assert (await conn.table(T.users).where("age", "<", 25).pluck("age", "name")) == {
        "bob": 17,
        "dee": 22,
    }


async def test_aggregates(conn: Connection) -> None:
    users = conn.table(T.users)
    assert await users.count() == 5
    assert int(await users.sum("age")) == 174
    assert float(await users.avg("age")) == pytest.approx(34.8)
    assert await users.min("age") == 17
    assert await users.max("age") == 60
    assert await conn.table(T.users).select("active").distinct().count() == 2


async def test_aggregates_of_nothing(conn: Connection) -> None:
    empty = conn.table(T.users).where("age", ">", 1000)
    assert await empty.count() == 0
    assert await empty.sum("age") == 0
    assert await empty.avg("age") is None
    assert await empty.min("age") is None
    assert await empty.max("age") is None


async def test_exists_and_doesnt_exist(conn: Connection) -> None:
    assert await conn.table(T.users).where("name", "ann").exists() is True
    assert await conn.table(T.users).where("name", "zed").doesnt_exist() is True


async def test_count_of_grouped_query_counts_groups(conn: Connection) -> None:
    assert await conn.table(T.posts).group_by("user_id").count() == 3


async def test_chunk_pages_in_order_and_stops_on_false(conn: Connection) -> None:
    seen: list[list[str]] = []

    async def collect(rows):  # type: ignore[no-untyped-def]
        seen.append([r["name"] for r in rows])

    assert await conn.table(T.users).order_by("age").chunk(2, collect) is True
    assert seen == [["bob", "dee"], ["ann", "cy"], ["eve"]]
    calls: list[int] = []
    stopped = (
        await conn.table(T.users).order_by("age").chunk(2, lambda rows: calls.append(1) or False)
    )
    assert stopped is False
    assert calls == [1]


async def test_chunk_without_order_raises(conn: Connection) -> None:
    with pytest.raises(QueryError, match="order"):
        await conn.table(T.users).chunk(2, lambda rows: None)


async def test_chunk_by_id(conn: Connection) -> None:
    seen: list[int] = []
    await conn.table(T.posts).chunk_by_id(4, lambda rows: seen.extend(r["id"] for r in rows))
    assert seen == [1, 2, 3, 4, 5, 6]


async def test_lazy_streams_pages(conn: Connection) -> None:
    conn.enable_query_log()
    got = [row["name"] async for row in conn.table(T.users).order_by("age").lazy(2)]
    assert got == ["bob", "dee", "ann", "cy", "eve"]
    assert len(conn.get_query_log()) == 3


async def test_lazy_by_key_when_the_primary_key_is_known(conn: Connection) -> None:
    query = conn.table(T.posts)
    query.primary_key = "id"
    assert [row["id"] async for row in query.lazy(4)] == [1, 2, 3, 4, 5, 6]
    assert [row["id"] async for row in conn.table(T.posts).lazy_by_id(5)] == [1, 2, 3, 4, 5, 6]


async def test_cursor_yields_every_row(conn: Connection) -> None:
    assert len([row async for row in conn.table(T.users).cursor()]) == 5


async def test_builder_is_not_changed_by_terminals(conn: Connection) -> None:
    query = conn.table(T.users).where("age", ">", 20)
    await query.first()
    await query.count()
    assert len(await query.get()) == 4


async def test_raw_select_with_named_and_positional_bindings(conn: Connection) -> None:
    rows = await conn.select(
        f"select name from {_q(conn, T.users)} where age > ? order by age", [40]
    )
    assert [r["name"] for r in rows] == ["cy", "eve"]
    one = await conn.select_one(
        f"select name from {_q(conn, T.users)} where age = :age and name = :name",
        {"age": 17, "name": "bob"},
    )
    assert one["name"] == "bob"
    assert await conn.scalar(f"select count(*) from {_q(conn, T.users)} where age < ?", [30]) == 2


def _q(conn: Connection, name: str) -> str:
    return conn.grammar.quote_identifier(name)


def test_tables_fixture_names_are_unique_per_run(tables: Tables) -> None:
    assert tables.users.startswith("users_")
    assert tables.users != "users"
