"""The table blueprint: columns, modifiers, indexes and foreign keys, in Python shape.

``async with Schema.create("users") as table:`` hands out a :class:`Blueprint`; column methods
return a :class:`ColumnDefinition` whose modifiers chain (``table.string("email").unique()``).
Nothing runs until the block exits; then the schema grammar of the connection compiles the
commands. Names are validated like every other identifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

from ._errors import QueryError
from ._expression import Expression
from ._identifiers import identifier


class ColumnDefinition:
    """One column and its modifiers."""

    def __init__(self, blueprint: Blueprint, type: str, name: str, **attrs: Any) -> None:
        self.blueprint = blueprint
        self.type = type
        self.name = identifier(name)
        self.attrs: dict[str, Any] = {"nullable": False, **attrs}

    def nullable(self, value: bool = True) -> Self:
        """Allow NULL."""
        self.attrs["nullable"] = value
        return self

    def default(self, value: Any) -> Self:
        """Set the default (a value, or ``DB.raw(...)`` for an expression)."""
        self.attrs["default"] = value
        return self

    def use_current(self) -> Self:
        """Default to the current timestamp."""
        self.attrs["default"] = Expression("CURRENT_TIMESTAMP")
        return self

    def unsigned(self) -> Self:
        """Unsigned integer (MySQL; ignored elsewhere)."""
        self.attrs["unsigned"] = True
        return self

    def comment(self, text: str) -> Self:
        """A column comment (MySQL, PostgreSQL)."""
        self.attrs["comment"] = str(text)
        return self

    def after(self, column: str) -> Self:
        """Place the new column after ``column`` (MySQL)."""
        self.attrs["after"] = identifier(column)
        return self

    def first(self) -> Self:
        """Place the new column first (MySQL)."""
        self.attrs["first"] = True
        return self

    def unique(self, name: str | None = None) -> Self:
        """Add a unique index on this column."""
        self.blueprint.unique([self.name], name)
        return self

    def index(self, name: str | None = None) -> Self:
        """Add an index on this column."""
        self.blueprint.index([self.name], name)
        return self

    def primary(self) -> Self:
        """Make this column the primary key."""
        self.attrs["primary"] = True
        return self

    def auto_increment(self) -> Self:
        """Make this integer column auto-incrementing (and the primary key)."""
        self.attrs["auto_increment"] = True
        return self

    def change(self) -> Self:
        """Modify the existing column to this definition (inside ``Schema.table``)."""
        self.blueprint._columns.remove(self)
        self.blueprint._commands.append(("change", self))
        return self


class ForeignKeyDefinition:
    """``foreign("user_id").references("id").on("users").cascade_on_delete()``."""

    def __init__(self, blueprint: Blueprint, columns: list[str], name: str | None) -> None:
        self.blueprint = blueprint
        self.columns = [identifier(c) for c in columns]
        self.name = identifier(name) if name else blueprint.index_name("foreign", self.columns)
        self.ref_columns: list[str] = ["id"]
        self.ref_table = ""
        self.on_delete_action: str | None = None
        self.on_update_action: str | None = None

    def references(self, *columns: str) -> Self:
        """The referenced column(s)."""
        self.ref_columns = [identifier(c) for c in columns]
        return self

    def on(self, table: str) -> Self:
        """The referenced table."""
        self.ref_table = identifier(table)
        return self

    def on_delete(self, action: str) -> Self:
        """ON DELETE action: cascade, restrict, set null, no action."""
        self.on_delete_action = _action(action)
        return self

    def on_update(self, action: str) -> Self:
        """ON UPDATE action."""
        self.on_update_action = _action(action)
        return self

    def cascade_on_delete(self) -> Self:
        """Delete children with the parent."""
        return self.on_delete("cascade")

    def restrict_on_delete(self) -> Self:
        """Refuse to delete a parent that has children."""
        return self.on_delete("restrict")

    def null_on_delete(self) -> Self:
        """Set the key to NULL when the parent goes."""
        return self.on_delete("set null")

    def no_action_on_delete(self) -> Self:
        """No action on delete."""
        return self.on_delete("no action")

    def cascade_on_update(self) -> Self:
        """Follow key changes of the parent."""
        return self.on_update("cascade")


def _action(action: str) -> str:
    value = str(action).lower().strip()
    if value not in ("cascade", "restrict", "set null", "no action", "set default"):
        raise QueryError(f"invalid foreign key action {action!r}")
    return value


class ForeignIdColumnDefinition(ColumnDefinition):
    """A ``foreign_id`` column that can declare its constraint."""

    def constrained(
        self, table: str | None = None, column: str = "id", index_name: str | None = None
    ) -> ForeignKeyDefinition:
        """Reference ``table`` (guessed from the column: ``user_id`` -> ``users``)."""
        if table is None:
            stem = self.name[:-3] if self.name.endswith("_id") else self.name
            table = stem + ("es" if stem.endswith(("s", "x", "ch", "sh")) else "s")
        return self.blueprint.foreign(self.name, index_name).references(column).on(table)

    def references(self, column: str) -> ForeignKeyDefinition:
        """Reference ``column`` (then ``.on(table)``)."""
        return self.blueprint.foreign(self.name).references(column)


@dataclass
class IndexCommand:
    """An index to create: kind is ``index``, ``unique`` or ``primary``."""

    kind: str
    columns: list[str]
    name: str
    extra: dict[str, Any] = field(default_factory=dict)


class Blueprint:
    """The columns and commands for one table."""

    def __init__(self, table: str, creating: bool, prefix: str = "") -> None:
        self.table = identifier(table)
        self.creating = creating
        self.prefix = prefix
        self._columns: list[ColumnDefinition] = []
        self._commands: list[tuple[Any, ...]] = []
        self.temporary = False

    # -- helpers ----------------------------------------------------------------------------

    def index_name(self, kind: str, columns: list[str]) -> str:
        """Laravel's default index name: ``users_email_unique``."""
        return "_".join([self.prefix + self.table, *columns, kind]).lower()

    def add_column(self, type: str, name: str, **attrs: Any) -> ColumnDefinition:
        """Add a column of a grammar type name."""
        col = ColumnDefinition(self, type, name, **attrs)
        self._columns.append(col)
        return col

    # -- keys -------------------------------------------------------------------------------

    def id(self, name: str = "id") -> ColumnDefinition:
        """An auto-incrementing big integer primary key."""
        return self.big_increments(name)

    def increments(self, name: str) -> ColumnDefinition:
        """An auto-incrementing integer primary key."""
        return self.add_column("integer", name, auto_increment=True, unsigned=True)

    def big_increments(self, name: str) -> ColumnDefinition:
        """An auto-incrementing big integer primary key."""
        return self.add_column("big_integer", name, auto_increment=True, unsigned=True)

    def small_increments(self, name: str) -> ColumnDefinition:
        """An auto-incrementing small integer primary key."""
        return self.add_column("small_integer", name, auto_increment=True, unsigned=True)

    def foreign_id(self, name: str) -> ForeignIdColumnDefinition:
        """An unsigned big integer meant to reference another table's ``id``."""
        col = ForeignIdColumnDefinition(self, "big_integer", name, unsigned=True)
        self._columns.append(col)
        return col

    def foreign_uuid(self, name: str) -> ForeignIdColumnDefinition:
        """A UUID column meant to reference another table."""
        col = ForeignIdColumnDefinition(self, "uuid", name)
        self._columns.append(col)
        return col

    def uuid(self, name: str = "uuid") -> ColumnDefinition:
        """A UUID column."""
        return self.add_column("uuid", name)

    def ulid(self, name: str = "ulid") -> ColumnDefinition:
        """A ULID column (26 characters)."""
        return self.add_column("char", name, length=26)

    # -- plain types ------------------------------------------------------------------------

    def string(self, name: str, length: int = 255) -> ColumnDefinition:
        """VARCHAR(length)."""
        return self.add_column("string", name, length=int(length))

    def char(self, name: str, length: int = 255) -> ColumnDefinition:
        """CHAR(length)."""
        return self.add_column("char", name, length=int(length))

    def text(self, name: str) -> ColumnDefinition:
        """TEXT."""
        return self.add_column("text", name)

    def medium_text(self, name: str) -> ColumnDefinition:
        """MEDIUMTEXT (TEXT elsewhere)."""
        return self.add_column("medium_text", name)

    def long_text(self, name: str) -> ColumnDefinition:
        """LONGTEXT (TEXT elsewhere)."""
        return self.add_column("long_text", name)

    def integer(
        self, name: str, auto_increment: bool = False, unsigned: bool = False
    ) -> ColumnDefinition:
        """INTEGER."""
        return self.add_column("integer", name, auto_increment=auto_increment, unsigned=unsigned)

    def tiny_integer(self, name: str, unsigned: bool = False) -> ColumnDefinition:
        """TINYINT (SMALLINT on PostgreSQL)."""
        return self.add_column("tiny_integer", name, unsigned=unsigned)

    def small_integer(self, name: str, unsigned: bool = False) -> ColumnDefinition:
        """SMALLINT."""
        return self.add_column("small_integer", name, unsigned=unsigned)

    def medium_integer(self, name: str, unsigned: bool = False) -> ColumnDefinition:
        """MEDIUMINT (INTEGER elsewhere)."""
        return self.add_column("medium_integer", name, unsigned=unsigned)

    def big_integer(self, name: str, unsigned: bool = False) -> ColumnDefinition:
        """BIGINT."""
        return self.add_column("big_integer", name, unsigned=unsigned)

    def unsigned_integer(self, name: str) -> ColumnDefinition:
        """Unsigned INTEGER."""
        return self.integer(name, unsigned=True)

    def unsigned_big_integer(self, name: str) -> ColumnDefinition:
        """Unsigned BIGINT."""
        return self.big_integer(name, unsigned=True)

    def unsigned_tiny_integer(self, name: str) -> ColumnDefinition:
        """Unsigned TINYINT."""
        return self.tiny_integer(name, unsigned=True)

    def unsigned_small_integer(self, name: str) -> ColumnDefinition:
        """Unsigned SMALLINT."""
        return self.small_integer(name, unsigned=True)

    def boolean(self, name: str) -> ColumnDefinition:
        """BOOLEAN (TINYINT(1) on MySQL/SQLite)."""
        return self.add_column("boolean", name)

    def decimal(self, name: str, total: int = 8, places: int = 2) -> ColumnDefinition:
        """DECIMAL(total, places)."""
        return self.add_column("decimal", name, total=int(total), places=int(places))

    def float(self, name: str, precision: int = 53) -> ColumnDefinition:
        """FLOAT(precision)."""
        return self.add_column("float", name, precision=int(precision))

    def double(self, name: str) -> ColumnDefinition:
        """DOUBLE PRECISION."""
        return self.add_column("double", name)

    def json(self, name: str) -> ColumnDefinition:
        """JSON (TEXT on SQLite)."""
        return self.add_column("json", name)

    def jsonb(self, name: str) -> ColumnDefinition:
        """JSONB on PostgreSQL (JSON elsewhere)."""
        return self.add_column("jsonb", name)

    def date(self, name: str) -> ColumnDefinition:
        """DATE."""
        return self.add_column("date", name)

    def time(self, name: str, precision: int = 0) -> ColumnDefinition:
        """TIME."""
        return self.add_column("time", name, precision=int(precision))

    def datetime(self, name: str, precision: int = 0) -> ColumnDefinition:
        """A UTC datetime (``timestamptz`` / ``DATETIME`` / ISO-8601 text)."""
        return self.add_column("datetime", name, precision=int(precision))

    def timestamp(self, name: str, precision: int = 0) -> ColumnDefinition:
        """Same as :meth:`datetime` (always UTC, always timezone-aware on PostgreSQL)."""
        return self.datetime(name, precision)

    def timestamps(self, precision: int = 0) -> None:
        """Nullable ``created_at`` and ``updated_at``."""
        self.timestamp("created_at", precision).nullable()
        self.timestamp("updated_at", precision).nullable()

    def nullable_timestamps(self, precision: int = 0) -> None:
        """Alias of :meth:`timestamps`."""
        self.timestamps(precision)

    def soft_deletes(self, column: str = "deleted_at", precision: int = 0) -> ColumnDefinition:
        """A nullable ``deleted_at`` timestamp."""
        return self.timestamp(column, precision).nullable()

    def enum(self, name: str, allowed: list[str]) -> ColumnDefinition:
        """A column restricted to ``allowed`` values."""
        values = [str(v) for v in allowed]
        if not values:
            raise QueryError(f"enum column {name!r} needs at least one allowed value")
        return self.add_column("enum", name, allowed=values)

    def binary(self, name: str) -> ColumnDefinition:
        """Binary data (BYTEA / BLOB)."""
        return self.add_column("binary", name)

    def remember_token(self) -> ColumnDefinition:
        """A nullable ``remember_token`` string(100)."""
        return self.string("remember_token", 100).nullable()

    def morphs(self, name: str, index_name: str | None = None) -> None:
        """``{name}_type`` and ``{name}_id`` with an index on both."""
        self.string(f"{name}_type")
        self.unsigned_big_integer(f"{name}_id")
        self.index([f"{name}_type", f"{name}_id"], index_name)

    def nullable_morphs(self, name: str, index_name: str | None = None) -> None:
        """Nullable :meth:`morphs`."""
        self.string(f"{name}_type").nullable()
        self.unsigned_big_integer(f"{name}_id").nullable()
        self.index([f"{name}_type", f"{name}_id"], index_name)

    def uuid_morphs(self, name: str, index_name: str | None = None) -> None:
        """:meth:`morphs` with a UUID key."""
        self.string(f"{name}_type")
        self.uuid(f"{name}_id")
        self.index([f"{name}_type", f"{name}_id"], index_name)

    # -- indexes and keys -------------------------------------------------------------------

    def _index(self, kind: str, columns: str | list[str], name: str | None) -> IndexCommand:
        cols = [columns] if isinstance(columns, str) else list(columns)
        cols = [identifier(c) for c in cols]
        cmd = IndexCommand(kind, cols, identifier(name) if name else self.index_name(kind, cols))
        self._commands.append(("index", cmd))
        return cmd

    def primary(self, columns: str | list[str], name: str | None = None) -> IndexCommand:
        """A (composite) primary key."""
        return self._index("primary", columns, name)

    def unique(self, columns: str | list[str], name: str | None = None) -> IndexCommand:
        """A (composite) unique index."""
        return self._index("unique", columns, name)

    def index(self, columns: str | list[str], name: str | None = None) -> IndexCommand:
        """A (composite) index."""
        return self._index("index", columns, name)

    def foreign(self, columns: str | list[str], name: str | None = None) -> ForeignKeyDefinition:
        """A foreign key (then ``.references(...).on(...)``)."""
        cols = [columns] if isinstance(columns, str) else list(columns)
        fk = ForeignKeyDefinition(self, cols, name)
        self._commands.append(("foreign", fk))
        return fk

    # -- changes ----------------------------------------------------------------------------

    def drop_column(self, *columns: str) -> None:
        """Drop columns."""
        self._commands.append(("drop_column", [identifier(c) for c in columns]))

    def rename_column(self, old: str, new: str) -> None:
        """Rename a column."""
        self._commands.append(("rename_column", identifier(old), identifier(new)))

    def drop_index(self, name: str | list[str]) -> None:
        """Drop an index by name (or by its columns)."""
        self._drop_index("index", name)

    def drop_unique(self, name: str | list[str]) -> None:
        """Drop a unique index by name (or by its columns)."""
        self._drop_index("unique", name)

    def drop_primary(self, name: str | None = None) -> None:
        """Drop the primary key."""
        self._commands.append(("drop_primary", name or f"{self.prefix}{self.table}_pkey"))

    def drop_foreign(self, name: str | list[str]) -> None:
        """Drop a foreign key by name (or by its columns)."""
        key = self.index_name("foreign", name) if isinstance(name, list) else identifier(name)
        self._commands.append(("drop_foreign", key))

    def drop_constrained_foreign_id(self, column: str) -> None:
        """Drop a ``foreign_id(...).constrained()`` key and its column."""
        self.drop_foreign([column])
        self.drop_column(column)

    def _drop_index(self, kind: str, name: str | list[str]) -> None:
        key = self.index_name(kind, name) if isinstance(name, list) else identifier(name)
        self._commands.append(("drop_index", kind, key))

    def drop_timestamps(self) -> None:
        """Drop ``created_at`` and ``updated_at``."""
        self.drop_column("created_at", "updated_at")

    def drop_soft_deletes(self, column: str = "deleted_at") -> None:
        """Drop ``deleted_at``."""
        self.drop_column(column)

    def drop_morphs(self, name: str) -> None:
        """Drop the columns and index of :meth:`morphs`."""
        self.drop_index([f"{name}_type", f"{name}_id"])
        self.drop_column(f"{name}_type", f"{name}_id")

    def rename(self, to: str) -> None:
        """Rename the table."""
        self._commands.append(("rename", identifier(to)))
