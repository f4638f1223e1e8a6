"""The schema builder on all three databases: create, change, rename, drop, keys."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from lararust_orm import Blueprint, Connection, QueryError, QueryException, SchemaBuilder
from lararust_orm_testkit import SUFFIX


@pytest.fixture
async def schema(conn: Connection) -> AsyncIterator[SchemaBuilder]:
    """A schema builder; tables named ``s_*`` of this run are dropped afterwards."""
    builder = conn.get_schema_builder()
    yield builder
    cascade = " cascade" if conn.driver == "pgsql" else ""
    mine = [t for t in await builder.get_tables() if t.startswith("s_") and t.endswith(SUFFIX)]
    if mine:
        async with builder.without_foreign_key_constraints():
            for table in mine:
                await conn.statement(
                    f"drop table if exists {conn.grammar.wrap_table(table)}{cascade}"
                )


def name(stem: str) -> str:
    return f"s_{stem}_{SUFFIX}"


def every_type(table: Blueprint) -> None:
    table.id()
    table.string("title", 100).default("untitled").comment("the title")
    table.char("code", 3).nullable()
    table.text("body").nullable()
    table.medium_text("summary").nullable()
    table.long_text("notes").nullable()
    table.integer("count").default(0)
    table.tiny_integer("tiny").default(1)
    table.small_integer("small").default(2)
    table.big_integer("big").default(3)
    table.unsigned_integer("positive").default(4)
    table.boolean("flag").default(False)
    table.decimal("price", 10, 2).default(0)
    table.float("ratio").nullable()
    table.double("precise").nullable()
    table.json("meta").nullable()
    table.jsonb("meta_b").nullable()
    table.date("born_on").nullable()
    table.time("alarm").nullable()
    table.datetime("seen_at").nullable()
    table.timestamps()
    table.soft_deletes()
    table.uuid("uuid").nullable()
    table.ulid("ulid").nullable()
    table.enum("status", ["draft", "published"]).default("draft")
    table.binary("blob").nullable()
    table.morphs("owner")
    table.remember_token()


async def test_create_with_every_column_type(schema: SchemaBuilder) -> None:
    table = name("all")
    async with schema.create(table) as t:
        every_type(t)
    assert await schema.has_table(table)
    expected = ["id", "title", "code", "big", "flag", "price", "meta_b", "seen_at", "created_at",
                "updated_at", "deleted_at", "uuid", "ulid", "status", "owner_type", "owner_id",
                "remember_token"]  # fmt: skip
    assert await schema.has_columns(table, expected)
    conn = schema.connection
    new_id = await conn.table(table).insert_get_id({"owner_type": "users", "owner_id": 1})
    row = await conn.table(table).find(new_id)
    assert (row["title"], row["count"], row["status"]) == ("untitled", 0, "draft")
    assert not row["flag"]
    columns = {c["name"]: c for c in await schema.get_columns(table)}
    assert columns["code"]["nullable"] is True
    assert columns["title"]["nullable"] is False
    indexes = {i["name"]: i for i in await schema.get_indexes(table)}
    assert indexes[f"{table}_owner_type_owner_id_index"]["columns"] == ["owner_type", "owner_id"]


async def test_enum_refuses_other_values(schema: SchemaBuilder) -> None:
    table = name("enum")
    async with schema.create(table) as t:
        t.id()
        t.enum("status", ["a", "b"])
    with pytest.raises(QueryException):
        await schema.connection.table(table).insert({"status": "c"})


async def test_blueprint_that_raises_runs_nothing(schema: SchemaBuilder) -> None:
    table = name("never")
    with pytest.raises(RuntimeError):  # noqa: PT012
        async with schema.create(table) as t:
            t.id()
            raise RuntimeError
    assert not await schema.has_table(table)


async def test_indexes_unique_and_composite(schema: SchemaBuilder) -> None:
    table = name("idx")
    async with schema.create(table) as t:
        t.id()
        t.string("email").unique()
        t.string("first")
        t.string("last")
        t.index(["first", "last"], "full_name_idx")
    conn = schema.connection
    await conn.table(table).insert({"email": "a@b", "first": "a", "last": "b"})
    with pytest.raises(QueryException):
        await conn.table(table).insert({"email": "a@b", "first": "c", "last": "d"})
    names = {i["name"] for i in await schema.get_indexes(table)}
    assert {f"{table}_email_unique", "full_name_idx"} <= names
    async with schema.table(table) as t:
        t.drop_unique(["email"])
        t.drop_index("full_name_idx")
    names = {i["name"] for i in await schema.get_indexes(table)}
    assert f"{table}_email_unique" not in names
    assert "full_name_idx" not in names


async def test_composite_primary_key(schema: SchemaBuilder) -> None:
    table = name("pk")
    async with schema.create(table) as t:
        t.integer("a")
        t.integer("b")
        t.primary(["a", "b"])
    conn = schema.connection
    await conn.table(table).insert([{"a": 1, "b": 1}, {"a": 1, "b": 2}])
    with pytest.raises(QueryException):
        await conn.table(table).insert({"a": 1, "b": 1})


async def test_add_change_rename_and_drop_columns_keep_data(schema: SchemaBuilder) -> None:
    table = name("chg")
    async with schema.create(table) as t:
        t.id()
        t.string("name", 20)
        t.integer("age")
        t.string("gone").nullable()
    conn = schema.connection
    await conn.table(table).insert({"name": "ann", "age": 3})
    async with schema.table(table) as t:
        t.string("nickname").nullable()
        t.string("name", 200).nullable().change()
        t.big_integer("age").default(7).change()
    async with schema.table(table) as t:
        t.rename_column("nickname", "alias")
        t.drop_column("gone")
    columns = {c["name"]: c for c in await schema.get_columns(table)}
    assert set(columns) == {"id", "name", "age", "alias"}
    assert columns["name"]["nullable"] is True
    await conn.table(table).insert({"name": None, "alias": "x"})
    rows = await conn.table(table).order_by("id").get()
    assert [(r["name"], r["age"]) for r in rows] == [("ann", 3), (None, 7)]
    assert await conn.table(table).insert_get_id({"name": "new"}) == 3


async def test_rename_and_drop_tables(schema: SchemaBuilder) -> None:
    old, new = name("old"), name("new")
    async with schema.create(old) as t:
        t.id()
    await schema.rename(old, new)
    assert not await schema.has_table(old)
    assert await schema.has_table(new)
    await schema.drop(new)
    assert not await schema.has_table(new)
    await schema.drop_if_exists(new)


async def test_foreign_keys_cascade_and_can_be_dropped(schema: SchemaBuilder) -> None:
    parent, child = name("par"), name("kid")
    async with schema.create(parent) as t:
        t.id()
        t.string("label")
    async with schema.create(child) as t:
        t.id()
        t.foreign_id("par_id").constrained(parent).cascade_on_delete()
    conn = schema.connection
    pid = await conn.table(parent).insert_get_id({"label": "p"})
    await conn.table(child).insert({"par_id": pid})
    with pytest.raises(QueryException):
        await conn.table(child).insert({"par_id": 999})
    keys = await schema.get_foreign_keys(child)
    assert [(k["columns"], k["foreign_table"], k["on_delete"]) for k in keys] == [
        (["par_id"], parent, "cascade")
    ]
    async with schema.table(child) as t:
        t.drop_foreign(["par_id"])
    assert await schema.get_foreign_keys(child) == []
    await conn.table(child).insert({"par_id": 999})


async def test_changing_a_parent_table_never_deletes_children(schema: SchemaBuilder) -> None:
    parent, child = name("p2"), name("c2")
    async with schema.create(parent) as t:
        t.id()
        t.string("label", 10)
    async with schema.create(child) as t:
        t.id()
        t.foreign_id("p2_id").constrained(parent).cascade_on_delete()
    conn = schema.connection
    pid = await conn.table(parent).insert_get_id({"label": "p"})
    await conn.table(child).insert([{"p2_id": pid}, {"p2_id": pid}])
    async with schema.table(parent) as t:
        t.string("label", 50).nullable().change()
        t.string("extra").nullable()
    async with schema.table(parent) as t:
        t.drop_column("extra")
    assert await conn.table(child).count() == 2
    assert await conn.table(parent).count() == 1
    await conn.table(parent).delete(pid)
    assert await conn.table(child).count() == 0


async def test_adding_a_foreign_key_to_an_existing_table(schema: SchemaBuilder) -> None:
    parent, child = name("p3"), name("c3")
    async with schema.create(parent) as t:
        t.id()
    async with schema.create(child) as t:
        t.id()
        t.unsigned_big_integer("p3_id").nullable()
    async with schema.table(child) as t:
        t.foreign("p3_id").references("id").on(parent).null_on_delete()
    conn = schema.connection
    pid = await conn.table(parent).insert_get_id({"id": 5})
    await conn.table(child).insert({"p3_id": pid})
    await conn.table(parent).delete(pid)
    assert await conn.table(child).value("p3_id") is None


async def test_schema_errors_name_the_problem(schema: SchemaBuilder) -> None:
    with pytest.raises(QueryError, match="invalid identifier"):
        schema.create("users; drop table x")
    with pytest.raises(QueryError, match="foreign key action"):
        Blueprint("t", True).foreign("a").on_delete("cascade; drop table x")
    with pytest.raises(QueryError, match="at least one column"):
        async with schema.create(name("empty")):
            pass


async def test_without_foreign_key_constraints(schema: SchemaBuilder) -> None:
    parent, child = name("p4"), name("c4")
    async with schema.create(parent) as t:
        t.id()
    async with schema.create(child) as t:
        t.id()
        t.foreign_id("p4_id").constrained(parent)
    conn = schema.connection
    async with schema.without_foreign_key_constraints():
        await conn.table(child).insert({"p4_id": 7})
        await conn.table(parent).insert({"id": 7})
    assert await conn.table(child).count() == 1
    with pytest.raises(QueryException):
        await conn.table(child).insert({"p4_id": 8})


@pytest.mark.smoke
def test_to_sql_of_a_create_blueprint() -> None:
    from lararust_orm import DatabaseManager

    conn = DatabaseManager({"driver": "pgsql", "database": "x"}).connection()
    builder = conn.get_schema_builder()
    op = builder.create("users")
    op.blueprint.id()
    op.blueprint.string("email").unique()
    op.blueprint.timestamps()
    assert builder.to_sql(op.blueprint) == [
        'create table "users" ("id" bigserial not null primary key, "email" varchar(255) not null, '
        '"created_at" timestamp(0) with time zone null, '
        '"updated_at" timestamp(0) with time zone null)',
        'create unique index "users_email_unique" on "users" ("email")',
    ]
