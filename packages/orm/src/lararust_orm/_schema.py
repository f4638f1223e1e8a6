"""The schema builder: ``async with Schema.create("users") as table: ...``.

Rules: a blueprint's statements run when its block exits without error (an exception inside
the block runs nothing). SQLite changes that ALTER TABLE cannot express (column changes and
drops, foreign keys) rebuild the table: foreign keys are switched off *before* the
transaction (SQLite ignores the pragma inside one, and a DROP TABLE with them on would
cascade-delete child rows), and ``PRAGMA foreign_key_check`` runs before COMMIT.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator, Callable, Generator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._blueprint import Blueprint, ForeignKeyDefinition
from ._errors import QueryError, TransactionError
from ._identifiers import identifier
from ._schema_grammar import SQLiteSchemaGrammar

if TYPE_CHECKING:
    from ._connection import Connection


class BlueprintOperation:
    """``async with`` yields the blueprint and runs it on exit; ``await`` runs a callback."""

    def __init__(
        self,
        schema: SchemaBuilder,
        table: str,
        creating: bool,
        callback: Callable[[Blueprint], Any] | None,
    ) -> None:
        self._schema = schema
        self.blueprint = Blueprint(table, creating, schema.connection.table_prefix)
        self._callback = callback

    async def __aenter__(self) -> Blueprint:
        return self.blueprint

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            await self._schema.build(self.blueprint)

    def __await__(self) -> Generator[Any, None, None]:
        if self._callback is None:
            raise TypeError("use 'async with Schema.create(name) as table:' or pass a callback")
        self._callback(self.blueprint)
        return self._schema.build(self.blueprint).__await__()


class SchemaBuilder:
    """DDL and introspection for one connection."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.grammar = connection.schema_grammar()

    # -- blueprints -------------------------------------------------------------------------

    def create(
        self, table: str, callback: Callable[[Blueprint], Any] | None = None
    ) -> BlueprintOperation:
        """Create a table: ``async with Schema.create("users") as table:``."""
        return BlueprintOperation(self, table, True, callback)

    def table(
        self, table: str, callback: Callable[[Blueprint], Any] | None = None
    ) -> BlueprintOperation:
        """Change a table: ``async with Schema.table("users") as table:``."""
        return BlueprintOperation(self, table, False, callback)

    def to_sql(self, blueprint: Blueprint) -> list[str]:
        """The statements a blueprint runs (SQLite rebuilds are not included)."""
        if blueprint.creating:
            return self.grammar.compile_create(blueprint)
        return self.grammar.compile_alter(blueprint)

    async def build(self, blueprint: Blueprint) -> None:
        """Run a blueprint's statements."""
        if self.connection.driver == "sqlite" and not blueprint.creating:
            await self._sqlite_alter(blueprint)
            return
        for sql in self.to_sql(blueprint):
            await self.connection.statement(sql)

    async def drop(self, table: str) -> None:
        """DROP TABLE."""
        await self.connection.statement(self.grammar.drop(identifier(table)))

    async def drop_if_exists(self, table: str) -> None:
        """DROP TABLE IF EXISTS."""
        await self.connection.statement(self.grammar.drop(identifier(table), if_exists=True))

    async def rename(self, old: str, new: str) -> None:
        """Rename a table."""
        await self.connection.statement(self.grammar.rename(identifier(old), identifier(new)))

    # -- introspection ----------------------------------------------------------------------

    def _full(self, table: str) -> str:
        return self.connection.table_prefix + identifier(table)

    async def get_tables(self) -> list[str]:
        """Names of the tables of the current database/schema (sorted)."""
        driver = self.connection.driver
        if driver == "sqlite":
            sql = (
                "select name from sqlite_master where type = 'table' "
                "and name not like 'sqlite_%' order by name"
            )
        elif driver == "pgsql":
            sql = (
                "select table_name as name from information_schema.tables where "
                "table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name"
            )
        else:
            sql = (
                "select table_name as name from information_schema.tables where "
                "table_schema = database() and table_type = 'BASE TABLE' order by table_name"
            )
        return [row["name"] for row in await self.connection.select(sql, write=True)]

    async def has_table(self, table: str) -> bool:
        """Tell whether ``table`` exists."""
        return self._full(table) in await self.get_tables()

    async def get_columns(self, table: str) -> list[dict[str, Any]]:
        """Columns of ``table``: dicts of ``name``, ``type``, ``nullable``, ``default``."""
        name = self._full(table)
        conn = self.connection
        if conn.driver == "sqlite":
            rows = await conn.select(
                f"pragma table_info({conn.grammar.quote_identifier(name)})", write=True
            )
            return [
                {"name": r["name"], "type": str(r["type"]).lower(), "nullable": not r["notnull"],
                 "default": r["dflt_value"]}
                for r in rows
            ]  # fmt: skip
        schema = "current_schema()" if conn.driver == "pgsql" else "database()"
        rows = await conn.select(
            "select column_name as name, data_type as type, is_nullable as nullable, "
            "column_default as dflt from information_schema.columns where "
            f"table_schema = {schema} and table_name = ? order by ordinal_position",
            [name],
            write=True,
        )
        return [
            {"name": r["name"], "type": str(r["type"]).lower(), "nullable": r["nullable"] == "YES",
             "default": r["dflt"]}
            for r in rows
        ]  # fmt: skip

    async def get_column_listing(self, table: str) -> list[str]:
        """Column names of ``table``."""
        return [c["name"] for c in await self.get_columns(table)]

    async def has_column(self, table: str, column: str) -> bool:
        """Tell whether ``table`` has ``column``."""
        return column.lower() in {c.lower() for c in await self.get_column_listing(table)}

    async def has_columns(self, table: str, columns: list[str]) -> bool:
        """Tell whether ``table`` has every one of ``columns``."""
        have = {c.lower() for c in await self.get_column_listing(table)}
        return all(c.lower() in have for c in columns)

    async def get_indexes(self, table: str) -> list[dict[str, Any]]:
        """Indexes of ``table``: dicts of ``name``, ``columns``, ``unique``."""
        name = self._full(table)
        conn = self.connection
        if conn.driver == "sqlite":
            q = conn.grammar.quote_identifier
            out = []
            for idx in await conn.select(f"pragma index_list({q(name)})", write=True):
                cols = await conn.select(f"pragma index_info({q(idx['name'])})", write=True)
                out.append({"name": idx["name"], "columns": [c["name"] for c in cols],
                            "unique": bool(idx["unique"])})  # fmt: skip
            return out
        if conn.driver == "pgsql":
            rows = await conn.select(
                "select i.relname as name, ix.indisunique as uniq, "
                "array_to_string(array_agg(a.attname order by k.n), ',') as cols "
                "from pg_index ix join pg_class t on t.oid = ix.indrelid "
                "join pg_class i on i.oid = ix.indexrelid "
                "join pg_namespace ns on ns.oid = t.relnamespace "
                "cross join lateral unnest(ix.indkey) with ordinality as k(attnum, n) "
                "join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum "
                "where t.relname = ? and ns.nspname = current_schema() "
                "group by i.relname, ix.indisunique",
                [name],
                write=True,
            )
        else:
            rows = await conn.select(
                "select index_name as name, min(non_unique) = 0 as uniq, "
                "group_concat(column_name order by seq_in_index separator ',') as cols "
                "from information_schema.statistics where table_schema = database() "
                "and table_name = ? group by index_name",
                [name],
                write=True,
            )
        return [
            {"name": r["name"], "columns": str(r["cols"]).split(","), "unique": bool(r["uniq"])}
            for r in rows
        ]

    async def get_foreign_keys(self, table: str) -> list[dict[str, Any]]:
        """Foreign keys of ``table``: dicts of ``columns``, ``foreign_table``, ``on_delete``."""
        name = self._full(table)
        conn = self.connection
        if conn.driver == "sqlite":
            rows = await conn.select(
                f"pragma foreign_key_list({conn.grammar.quote_identifier(name)})", write=True
            )
            keys: dict[int, dict[str, Any]] = {}
            for r in rows:
                key = keys.setdefault(
                    r["id"], _fk(None, r["table"], r["on_delete"], r["on_update"])
                )
                key["columns"].append(r["from"])
                key["foreign_columns"].append(r["to"])
            return list(keys.values())
        schema = "current_schema()" if conn.driver == "pgsql" else "database()"
        rows = await conn.select(
            "select tc.constraint_name as name, kcu.column_name as col, "
            "ccu.table_name as ftable, ccu.column_name as fcol, rc.delete_rule as del, "
            "rc.update_rule as upd from information_schema.table_constraints tc "
            "join information_schema.key_column_usage kcu "
            "on tc.constraint_name = kcu.constraint_name "
            "and tc.table_schema = kcu.table_schema and tc.table_name = kcu.table_name "
            "join information_schema.referential_constraints rc "
            "on rc.constraint_name = tc.constraint_name "
            "and rc.constraint_schema = tc.table_schema "
            + (
                "join information_schema.constraint_column_usage ccu "
                "on ccu.constraint_name = tc.constraint_name "
                "and ccu.table_schema = tc.table_schema "
                if conn.driver == "pgsql"
                else "join (select constraint_name, table_schema, "
                "referenced_table_name as table_name, "
                "referenced_column_name as column_name "
                "from information_schema.key_column_usage) ccu "
                "on ccu.constraint_name = tc.constraint_name "
                "and ccu.table_schema = tc.table_schema "
            )
            + f"where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = {schema} "
            "and tc.table_name = ?",
            [name],
            write=True,
        )
        found: dict[str, dict[str, Any]] = {}
        for r in rows:
            key = found.setdefault(r["name"], _fk(r["name"], r["ftable"], r["del"], r["upd"]))
            if r["col"] not in key["columns"]:
                key["columns"].append(r["col"])
            if r["fcol"] not in key["foreign_columns"]:
                key["foreign_columns"].append(r["fcol"])
        return list(found.values())

    # -- whole database ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def without_foreign_key_constraints(self) -> AsyncIterator[None]:
        """Run the block with foreign key checks off (on one pinned connection)."""
        conn = self.connection
        if conn.driver == "sqlite":
            await conn.statement("PRAGMA foreign_keys = OFF")
            try:
                yield
            finally:
                await conn.statement("PRAGMA foreign_keys = ON")
        elif conn.driver == "mysql":
            async with conn.transaction():  # pins one session for the SET to apply to
                await conn.statement("SET FOREIGN_KEY_CHECKS = 0")
                try:
                    yield
                finally:
                    await conn.statement("SET FOREIGN_KEY_CHECKS = 1")
        else:
            async with conn.transaction():
                await conn.statement("SET CONSTRAINTS ALL DEFERRED")
                yield

    async def drop_all_tables(self) -> list[str]:
        """Drop every table of the database (``db:wipe``); return their names."""
        tables = await self.get_tables()
        if not tables:
            return []
        conn = self.connection
        q = conn.grammar.quote_identifier
        if conn.driver == "pgsql":
            await conn.statement(f"drop table {', '.join(q(t) for t in tables)} cascade")
            return tables
        async with self.without_foreign_key_constraints():
            if conn.driver == "mysql":
                await conn.statement(f"drop table {', '.join(q(t) for t in tables)}")
            else:
                for t in tables:
                    await conn.statement(f"drop table {q(t)}")
        return tables

    async def drop_all_views(self) -> list[str]:
        """Drop every view."""
        conn = self.connection
        if conn.driver == "sqlite":
            sql = "select name from sqlite_master where type = 'view'"
        elif conn.driver == "pgsql":
            sql = _VIEWS + "current_schema()"
        else:
            sql = _VIEWS + "database()"
        views = [r["name"] for r in await conn.select(sql, write=True)]
        q = conn.grammar.quote_identifier
        for view in views:
            await conn.statement(
                f"drop view {q(view)}" + (" cascade" if conn.driver == "pgsql" else "")
            )
        return views

    # -- SQLite table rebuild ---------------------------------------------------------------

    async def _sqlite_alter(self, bp: Blueprint) -> None:
        conn = self.connection
        drops = [c for c in bp._commands if c[0] == "drop_index"]
        simple = Blueprint(bp.table, False, bp.prefix)
        simple._columns = list(bp._columns)
        simple._commands = [c for c in bp._commands if c[0] in ("rename_column",)]
        creates = [c for c in bp._commands if c[0] == "index"]
        renames = [c for c in bp._commands if c[0] == "rename"]
        for cmd in drops:
            await conn.statement(self.grammar.drop_index(bp, cmd[2]))
        for sql in self.grammar.compile_alter(simple):
            await conn.statement(sql)
        if isinstance(self.grammar, SQLiteSchemaGrammar) and self.grammar.needs_rebuild(bp):
            await self._rebuild(bp)
        for cmd in creates:
            await conn.statement(self.grammar.index(bp, cmd[1]))
        for cmd in renames:
            await conn.statement(self.grammar.rename(bp.table, cmd[1]))

    async def _rebuild(self, bp: Blueprint) -> None:
        conn = self.connection
        if conn.transaction_level() > 0:
            if await conn.scalar("PRAGMA foreign_keys"):
                raise TransactionError(
                    f"changing table {bp.table!r} on SQLite rebuilds it; inside a transaction "
                    "that needs foreign keys off before BEGIN (migrations do this for you)"
                )
            await self._rebuild_statements(bp)
            await self._foreign_key_check(bp.table)
            return
        await conn.statement("PRAGMA foreign_keys = OFF")
        try:
            async with conn.transaction():
                await self._rebuild_statements(bp)
                await self._foreign_key_check(bp.table)
        finally:
            if self.connection.config.get("foreign_key_constraints", True):
                await conn.statement("PRAGMA foreign_keys = ON")

    async def _foreign_key_check(self, table: str) -> None:
        problems = await self.connection.select("PRAGMA foreign_key_check")
        if problems:
            first = problems[0]
            raise QueryError(
                f"rebuilding table {table!r} would break {len(problems)} foreign key(s), e.g. "
                f"table {first['table']!r} row {first['rowid']} -> {first['parent']!r}"
            )

    async def _rebuild_statements(self, bp: Blueprint) -> None:
        conn = self.connection
        g = self.grammar
        q = g.q
        name = self._full(bp.table)
        master = await conn.select_one(
            "select sql from sqlite_master where type = 'table' and name = ?", [name]
        )
        if master is None:
            raise QueryError(f"table {bp.table!r} does not exist")
        autoincrement = "autoincrement" in str(master["sql"]).lower()
        info = await conn.select(f"pragma table_info({q(name)})")
        fks = await self.get_foreign_keys(bp.table)
        index_sql = [
            r["sql"]
            for r in await conn.select(
                "select sql from sqlite_master "
                "where type = 'index' and tbl_name = ? and sql is not null",
                [name],
            )
        ]
        uniques = [
            i for i in await self.get_indexes(bp.table) if i["name"].startswith("sqlite_autoindex")
        ]
        changed = {c[1].name: c[1] for c in bp._commands if c[0] == "change"}
        dropped = {n for c in bp._commands if c[0] == "drop_column" for n in c[1]}
        drop_fk = {c[1] for c in bp._commands if c[0] == "drop_foreign"}
        drop_pk = any(c[0] == "drop_primary" for c in bp._commands)
        new_fks = [c[1] for c in bp._commands if c[0] == "foreign"]
        for col in list(changed) + list(dropped):
            if col not in {r["name"] for r in info}:
                raise QueryError(f"table {bp.table!r} has no column {col!r}")
        pk_cols = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
        defs: list[str] = []
        kept: list[str] = []
        for r in info:
            col_name = r["name"]
            if col_name in dropped:
                continue
            kept.append(col_name)
            if col_name in changed:
                defs.append(g.column_sql(changed[col_name]))
                continue
            if not drop_pk and pk_cols == [col_name] and autoincrement:
                defs.append(f"{q(col_name)} integer primary key autoincrement not null")
                continue
            sql = f"{q(col_name)} {r['type'] or ''}".rstrip()
            if r["notnull"]:
                sql += " not null"
            if r["dflt_value"] is not None:
                sql += f" default {r['dflt_value']}"
            if not drop_pk and pk_cols == [col_name]:
                sql += " primary key"
            defs.append(sql)
        if not drop_pk and len(pk_cols) > 1:
            defs.append(f"primary key ({', '.join(q(c) for c in pk_cols if c not in dropped)})")
        for u in uniques:
            if not set(u["columns"]) & dropped:
                defs.append(f"unique ({', '.join(q(c) for c in u['columns'])})")
        for fk in fks:
            fk_name = bp.index_name("foreign", fk["columns"])
            if fk_name in drop_fk or set(fk["columns"]) & dropped:
                continue
            existing = ForeignKeyDefinition(bp, fk["columns"], fk_name)
            existing.references(*fk["foreign_columns"]).on(
                fk["foreign_table"][len(conn.table_prefix) :]
                if conn.table_prefix and fk["foreign_table"].startswith(conn.table_prefix)
                else fk["foreign_table"]
            )
            if fk["on_delete"] and fk["on_delete"] != "no action":
                existing.on_delete(fk["on_delete"])
            if fk["on_update"] and fk["on_update"] != "no action":
                existing.on_update(fk["on_update"])
            defs.append(g.foreign_sql(existing))
        defs.extend(g.foreign_sql(fk) for fk in new_fks)
        temp = f"__temp__{name}"
        cols = ", ".join(q(c) for c in kept)
        await conn.statement(f"create table {q(temp)} ({', '.join(defs)})")
        await conn.statement(f"insert into {q(temp)} ({cols}) select {cols} from {q(name)}")
        await conn.statement(f"drop table {q(name)}")
        await conn.statement(f"alter table {q(temp)} rename to {q(name)}")
        for sql in index_sql:
            if not any(
                re.search(rf'["`\[]?\b{re.escape(d)}\b["`\]]?', sql.split(" on ", 1)[-1])
                for d in dropped
            ):
                await conn.statement(sql)


_VIEWS = "select table_name as name from information_schema.views where table_schema = "


def _fk(name: str | None, table: str, on_delete: Any, on_update: Any) -> dict[str, Any]:
    return {
        "name": name,
        "columns": [],
        "foreign_table": table,
        "foreign_columns": [],
        "on_delete": str(on_delete).lower(),
        "on_update": str(on_update).lower(),
    }
