"""DDL grammars: compile a :class:`Blueprint` into each database's statements.

Rules: identifiers go through the query grammar's quoting; defaults and comments are
rendered as escaped literals (``'`` doubled, and ``\\`` too on MySQL); timestamps are
``timestamptz`` on PostgreSQL, ``DATETIME`` (UTC) on MySQL and ISO text on SQLite. Changes
SQLite cannot do with ALTER TABLE are left to the schema builder's table rebuild.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

from ._blueprint import Blueprint, ColumnDefinition, ForeignKeyDefinition, IndexCommand
from ._errors import QueryError
from ._expression import Expression
from ._grammar import Grammar

SQLITE_REBUILD = frozenset({"change", "drop_column", "foreign", "drop_foreign", "drop_primary"})


class SchemaGrammar:
    """The DDL shared by every database."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar

    def q(self, name: str) -> str:
        """Quote an identifier."""
        return self.grammar.quote_identifier(name)

    def table(self, bp_or_name: Blueprint | str) -> str:
        """Quote a table name with the prefix."""
        name = bp_or_name.table if isinstance(bp_or_name, Blueprint) else bp_or_name
        return self.grammar.wrap_table(name)

    def literal(self, value: Any) -> str:
        """Render a default value as an SQL literal."""
        if isinstance(value, Expression):
            return value.sql
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, bool):
            return self.boolean(value)
        if isinstance(value, int | float | Decimal):
            return str(value)
        return "'" + str(value).replace("'", "''") + "'"

    def boolean(self, value: bool) -> str:
        """A boolean literal."""
        return "1" if value else "0"

    def type_sql(self, col: ColumnDefinition) -> str:
        """The SQL type of a column."""
        a = col.attrs
        types = self.types()
        if col.type == "string":
            return f"varchar({a['length']})"
        if col.type == "char":
            return f"char({a['length']})"
        if col.type == "decimal":
            return f"decimal({a['total']}, {a['places']})"
        if col.type == "enum":
            return self.enum_type(col)
        if col.type not in types:
            raise QueryError(f"unknown column type {col.type!r}")
        return types[col.type]

    def types(self) -> dict[str, str]:
        """Plain type names."""
        raise NotImplementedError

    def enum_type(self, col: ColumnDefinition) -> str:
        """A CHECK-constrained varchar (MySQL overrides with ENUM)."""
        allowed = ", ".join(self.literal(v) for v in col.attrs["allowed"])
        return f"varchar(255) check ({self.q(col.name)} in ({allowed}))"

    def column_sql(self, col: ColumnDefinition, inline_primary: bool = True) -> str:
        """``"name" type [not null] [default …] [primary key]``."""
        raise NotImplementedError

    def _null_default(self, col: ColumnDefinition) -> str:
        sql = " null" if col.attrs["nullable"] else " not null"
        if "default" in col.attrs and col.attrs["default"] is not None:
            sql += f" default {self.literal(col.attrs['default'])}"
        return sql

    def primary_columns(self, bp: Blueprint) -> list[str]:
        """Columns of a composite primary key command, if any."""
        for cmd in bp._commands:
            if cmd[0] == "index" and cmd[1].kind == "primary":
                return list(cmd[1].columns)
        return []

    def compile_create(self, bp: Blueprint) -> list[str]:
        """CREATE TABLE plus its indexes, keys and comments."""
        if not bp._columns:
            raise QueryError(f"table {bp.table!r} needs at least one column")
        parts = [self.column_sql(c) for c in bp._columns]
        primary = self.primary_columns(bp)
        if primary:
            parts.append(f"primary key ({', '.join(self.q(c) for c in primary)})")
        parts.extend(self.inline_constraints(bp))
        temporary = "temporary " if bp.temporary else ""
        sql = f"create {temporary}table {self.table(bp)} ({', '.join(parts)})"
        statements = [sql + self.table_options()]
        statements.extend(self.after_columns(bp, bp._columns))
        statements.extend(self.compile_commands(bp, creating=True))
        return statements

    def table_options(self) -> str:
        """Text after CREATE TABLE (…)."""
        return ""

    def inline_constraints(self, bp: Blueprint) -> list[str]:
        """Constraints written inside CREATE TABLE (SQLite's foreign keys)."""
        return []

    def after_columns(self, bp: Blueprint, cols: list[ColumnDefinition]) -> list[str]:
        """Statements following new columns (PostgreSQL comments)."""
        return []

    def compile_commands(self, bp: Blueprint, creating: bool) -> list[str]:
        """Indexes, foreign keys, drops and renames, in the order given."""
        out: list[str] = []
        for cmd in bp._commands:
            kind = cmd[0]
            if kind == "index":
                if cmd[1].kind != "primary" or not creating:
                    out.append(self.index(bp, cmd[1]))
            elif kind == "foreign":
                out.extend(self.foreign(bp, cmd[1]))
            elif kind == "drop_index":
                out.append(self.drop_index(bp, cmd[2]))
            elif kind == "drop_foreign":
                out.append(self.drop_foreign(bp, cmd[1]))
            elif kind == "drop_primary":
                out.append(self.drop_primary(bp, cmd[1]))
            elif kind == "drop_column":
                out.append(self.drop_columns(bp, cmd[1]))
            elif kind == "rename_column":
                old, new = self.q(cmd[1]), self.q(cmd[2])
                out.append(f"alter table {self.table(bp)} rename column {old} to {new}")
            elif kind == "change":
                out.extend(self.change(bp, cmd[1]))
            elif kind == "rename":
                out.append(self.rename(bp.table, cmd[1]))
        return out

    def compile_alter(self, bp: Blueprint) -> list[str]:
        """ALTER TABLE statements for new columns, then the commands."""
        out: list[str] = []
        if bp._columns:
            out.append(self.add_columns(bp, bp._columns))
            out.extend(self.after_columns(bp, bp._columns))
        out.extend(self.compile_commands(bp, creating=False))
        return out

    def add_columns(self, bp: Blueprint, cols: list[ColumnDefinition]) -> str:
        """ALTER TABLE … ADD COLUMN …"""
        adds = ", ".join(f"add column {self.column_sql(c)}" for c in cols)
        return f"alter table {self.table(bp)} {adds}"

    def index(self, bp: Blueprint, cmd: IndexCommand) -> str:
        """CREATE [UNIQUE] INDEX (or a primary key constraint)."""
        cols = ", ".join(self.q(c) for c in cmd.columns)
        if cmd.kind == "primary":
            return f"alter table {self.table(bp)} add primary key ({cols})"
        unique = "unique " if cmd.kind == "unique" else ""
        return f"create {unique}index {self.q(cmd.name)} on {self.table(bp)} ({cols})"

    def foreign_sql(self, fk: ForeignKeyDefinition) -> str:
        """``foreign key (…) references t (…) on delete …``."""
        if not fk.ref_table:
            raise QueryError(f"foreign key {fk.name!r} needs .on(table)")
        sql = (
            f"foreign key ({', '.join(self.q(c) for c in fk.columns)}) references "
            f"{self.table(fk.ref_table)} ({', '.join(self.q(c) for c in fk.ref_columns)})"
        )
        if fk.on_delete_action:
            sql += f" on delete {fk.on_delete_action}"
        if fk.on_update_action:
            sql += f" on update {fk.on_update_action}"
        return sql

    def foreign(self, bp: Blueprint, fk: ForeignKeyDefinition) -> list[str]:
        """ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY."""
        return [
            f"alter table {self.table(bp)} add constraint {self.q(fk.name)} {self.foreign_sql(fk)}"
        ]

    def drop_index(self, bp: Blueprint, name: str) -> str:
        """DROP INDEX."""
        return f"drop index {self.q(name)}"

    def drop_foreign(self, bp: Blueprint, name: str) -> str:
        """Drop a foreign key constraint."""
        return f"alter table {self.table(bp)} drop constraint {self.q(name)}"

    def drop_primary(self, bp: Blueprint, name: str) -> str:
        """Drop the primary key."""
        return f"alter table {self.table(bp)} drop constraint {self.q(name)}"

    def drop_columns(self, bp: Blueprint, columns: list[str]) -> str:
        """ALTER TABLE … DROP COLUMN …"""
        drops = ", ".join(f"drop column {self.q(c)}" for c in columns)
        return f"alter table {self.table(bp)} {drops}"

    def change(self, bp: Blueprint, col: ColumnDefinition) -> list[str]:
        """Statements changing a column to a new definition."""
        raise NotImplementedError

    def rename(self, old: str, new: str) -> str:
        """Rename a table."""
        return f"alter table {self.table(old)} rename to {self.table(new)}"

    def drop(self, table: str, if_exists: bool = False) -> str:
        """DROP TABLE."""
        return f"drop table {'if exists ' if if_exists else ''}{self.table(table)}"


class PostgresSchemaGrammar(SchemaGrammar):
    """PostgreSQL DDL."""

    def foreign_sql(self, fk: ForeignKeyDefinition) -> str:
        """Deferrable (still checked immediately) so ``without_foreign_key_constraints`` works."""
        return super().foreign_sql(fk) + " deferrable initially immediate"

    def types(self) -> dict[str, str]:
        """PostgreSQL types."""
        return {
            "text": "text", "medium_text": "text", "long_text": "text",
            "integer": "integer", "tiny_integer": "smallint", "small_integer": "smallint",
            "medium_integer": "integer", "big_integer": "bigint", "boolean": "boolean",
            "float": "double precision", "double": "double precision", "json": "json",
            "jsonb": "jsonb", "date": "date", "time": "time(0) without time zone",
            "datetime": "timestamp(0) with time zone", "uuid": "uuid", "binary": "bytea",
        }  # fmt: skip

    def type_sql(self, col: ColumnDefinition) -> str:
        """Serial types for auto-increment; timestamp precision."""
        if col.attrs.get("auto_increment"):
            return {"big_integer": "bigserial", "small_integer": "smallserial"}.get(
                col.type, "serial"
            )
        if col.type == "datetime":
            return f"timestamp({col.attrs.get('precision', 0)}) with time zone"
        return super().type_sql(col)

    def boolean(self, value: bool) -> str:
        """``true``/``false``."""
        return "true" if value else "false"

    def column_sql(self, col: ColumnDefinition, inline_primary: bool = True) -> str:
        """A column definition."""
        sql = f"{self.q(col.name)} {self.type_sql(col)}{self._null_default(col)}"
        if inline_primary and (col.attrs.get("auto_increment") or col.attrs.get("primary")):
            sql += " primary key"
        return sql

    def after_columns(self, bp: Blueprint, cols: list[ColumnDefinition]) -> list[str]:
        """COMMENT ON COLUMN."""
        return [
            f"comment on column {self.table(bp)}.{self.q(c.name)} "
            f"is {self.literal(c.attrs['comment'])}"
            for c in cols
            if c.attrs.get("comment") is not None
        ]

    def change(self, bp: Blueprint, col: ColumnDefinition) -> list[str]:
        """ALTER COLUMN type/null/default (+ comment)."""
        t, c = self.table(bp), self.q(col.name)
        type_sql = self.type_sql(col)
        parts = [f"alter column {c} type {type_sql} using {c}::{type_sql.split(' check ')[0]}"]
        parts.append(f"alter column {c} {'drop' if col.attrs['nullable'] else 'set'} not null")
        default = col.attrs.get("default")
        parts.append(
            f"alter column {c} drop default"
            if default is None
            else f"alter column {c} set default {self.literal(default)}"
        )
        return [f"alter table {t} {', '.join(parts)}", *self.after_columns(bp, [col])]


class MySqlSchemaGrammar(SchemaGrammar):
    """MySQL/MariaDB DDL (each statement commits: not atomic)."""

    def types(self) -> dict[str, str]:
        """MySQL types."""
        return {
            "text": "text", "medium_text": "mediumtext", "long_text": "longtext",
            "integer": "int", "tiny_integer": "tinyint", "small_integer": "smallint",
            "medium_integer": "mediumint", "big_integer": "bigint", "boolean": "tinyint(1)",
            "float": "double", "double": "double", "json": "json", "jsonb": "json",
            "date": "date", "time": "time", "datetime": "datetime", "uuid": "char(36)",
            "binary": "blob",
        }  # fmt: skip

    def type_sql(self, col: ColumnDefinition) -> str:
        """Datetime precision."""
        if col.type == "datetime" and col.attrs.get("precision"):
            return f"datetime({col.attrs['precision']})"
        return super().type_sql(col)

    def literal(self, value: Any) -> str:
        """Escape backslashes too (MySQL string literals honour them)."""
        if isinstance(value, str):
            return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
        return super().literal(value)

    def enum_type(self, col: ColumnDefinition) -> str:
        """ENUM('a', 'b')."""
        return "enum(" + ", ".join(self.literal(v) for v in col.attrs["allowed"]) + ")"

    def column_sql(self, col: ColumnDefinition, inline_primary: bool = True) -> str:
        """A column definition (unsigned, auto_increment, comment, after)."""
        a = col.attrs
        sql = f"{self.q(col.name)} {self.type_sql(col)}"
        if a.get("unsigned") and col.type.endswith("integer"):
            sql += " unsigned"
        sql += self._null_default(col)
        if a.get("auto_increment"):
            sql += " auto_increment" + (" primary key" if inline_primary else "")
        elif a.get("primary") and inline_primary:
            sql += " primary key"
        if a.get("comment") is not None:
            sql += f" comment {self.literal(a['comment'])}"
        if a.get("first"):
            sql += " first"
        elif a.get("after"):
            sql += f" after {self.q(a['after'])}"
        return sql

    def table_options(self) -> str:
        """utf8mb4 everywhere."""
        return " default character set utf8mb4 collate 'utf8mb4_unicode_ci'"

    def add_columns(self, bp: Blueprint, cols: list[ColumnDefinition]) -> str:
        """ALTER TABLE … ADD …"""
        return f"alter table {self.table(bp)} " + ", ".join(
            f"add {self.column_sql(c)}" for c in cols
        )

    def change(self, bp: Blueprint, col: ColumnDefinition) -> list[str]:
        """MODIFY."""
        return [f"alter table {self.table(bp)} modify {self.column_sql(col, inline_primary=False)}"]

    def drop_index(self, bp: Blueprint, name: str) -> str:
        """ALTER TABLE … DROP INDEX."""
        return f"alter table {self.table(bp)} drop index {self.q(name)}"

    def drop_foreign(self, bp: Blueprint, name: str) -> str:
        """ALTER TABLE … DROP FOREIGN KEY."""
        return f"alter table {self.table(bp)} drop foreign key {self.q(name)}"

    def drop_primary(self, bp: Blueprint, name: str) -> str:
        """ALTER TABLE … DROP PRIMARY KEY."""
        return f"alter table {self.table(bp)} drop primary key"

    def rename(self, old: str, new: str) -> str:
        """RENAME TABLE."""
        return f"rename table {self.table(old)} to {self.table(new)}"


class SQLiteSchemaGrammar(SchemaGrammar):
    """SQLite DDL (changes, drops and keys go through a table rebuild)."""

    def types(self) -> dict[str, str]:
        """SQLite type names (affinities)."""
        return {
            "text": "text", "medium_text": "text", "long_text": "text",
            "integer": "integer", "tiny_integer": "integer", "small_integer": "integer",
            "medium_integer": "integer", "big_integer": "integer", "boolean": "tinyint(1)",
            "float": "float", "double": "double", "json": "text", "jsonb": "text",
            "date": "date", "time": "time", "datetime": "datetime", "uuid": "varchar(36)",
            "binary": "blob",
        }  # fmt: skip

    def type_sql(self, col: ColumnDefinition) -> str:
        """``decimal`` is numeric."""
        if col.type == "decimal":
            return "numeric"
        return super().type_sql(col)

    def column_sql(self, col: ColumnDefinition, inline_primary: bool = True) -> str:
        """``integer primary key autoincrement`` for auto-increment keys."""
        if col.attrs.get("auto_increment"):
            return f"{self.q(col.name)} integer primary key autoincrement not null"
        sql = f"{self.q(col.name)} {self.type_sql(col)}{self._null_default(col)}"
        if col.attrs.get("primary") and inline_primary:
            sql += " primary key"
        return sql

    def inline_constraints(self, bp: Blueprint) -> list[str]:
        """Foreign keys live inside CREATE TABLE on SQLite."""
        return [self.foreign_sql(cmd[1]) for cmd in bp._commands if cmd[0] == "foreign"]

    def compile_commands(self, bp: Blueprint, creating: bool) -> list[str]:
        """Skip foreign keys (inline) and rebuild-only commands."""
        kept = [c for c in bp._commands if c[0] != "foreign" and c[0] not in SQLITE_REBUILD]
        original, bp._commands = bp._commands, kept
        try:
            return super().compile_commands(bp, creating)
        finally:
            bp._commands = original

    def add_columns(self, bp: Blueprint, cols: list[ColumnDefinition]) -> str:
        """One ADD COLUMN per statement (joined with ``;`` by the caller)."""
        raise NotImplementedError

    def compile_alter(self, bp: Blueprint) -> list[str]:
        """One ALTER per new column, then simple commands (the rest is a rebuild)."""
        out = [f"alter table {self.table(bp)} add column {self.column_sql(c)}" for c in bp._columns]
        out.extend(self.compile_commands(bp, creating=False))
        return out

    def needs_rebuild(self, bp: Blueprint) -> bool:
        """Tell whether the blueprint changes what ALTER TABLE cannot."""
        return any(cmd[0] in SQLITE_REBUILD for cmd in bp._commands)

    def rename(self, old: str, new: str) -> str:
        """ALTER TABLE … RENAME TO."""
        return f"alter table {self.table(old)} rename to {self.table(new)}"
