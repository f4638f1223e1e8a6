"""PostgreSQL rows (``PgRecord``): the compiled type and its pure-Python twin behave alike.

The compiled type keeps a free list of its own rows (as asyncpg does for its plain Record);
these tests read real rows from the local PostgreSQL through asyncpg's ``record_class``.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import Any

import asyncpg
import pytest
from lararust_orm._records import COMPILED_PGRECORD, PgRecord, PurePgRecord

ROW_TYPES = [pytest.param(PgRecord, id="compiled"), pytest.param(PurePgRecord, id="python")]
ROWS_SQL = "select g as id, 'n' || g as name, null::int as gone from generate_series(1, $1) g"


def columns_sql(count: int) -> str:
    """One row of ``count`` columns c0..c{count-1}, every other one NULL."""
    cols = ", ".join(f"{'null' if i % 2 else i}::int as c{i}" for i in range(count))
    return f"select {cols}"


@pytest.fixture
def compiled_row_type() -> type[Any]:
    """The compiled PgRecord; a clear failure (never a skip) when the extension is not built."""
    if not COMPILED_PGRECORD:
        pytest.fail(
            "lararust_orm._pgrecord is not built: reinstall lararust-orm where a C compiler is",
            pytrace=False,
        )
    return PgRecord


@pytest.fixture(params=ROW_TYPES)
def row_type(request: pytest.FixtureRequest) -> type[Any]:
    return request.param  # type: ignore[no-any-return]


@pytest.mark.smoke
def test_the_installed_package_has_the_compiled_row_type() -> None:
    # Wheels and editable installs compile it wherever a C compiler is (CI machines have one).
    if os.environ.get("LARARUST_NO_EXTENSIONS") == "1":
        assert not COMPILED_PGRECORD
    else:
        assert COMPILED_PGRECORD, "lararust_orm._pgrecord was not built"
        assert PgRecord is not PurePgRecord


async def test_columns_read_by_attribute_name_and_position(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    rows = await asyncpg_connection.fetch(ROWS_SQL, 3, record_class=row_type)
    row = rows[1]
    assert isinstance(row, asyncpg.Record)
    assert (row.id, row.name, row.gone) == (2, "n2", None)
    assert (row["id"], row[1], row.get("gone", "default")) == (2, "n2", None)


async def test_a_missing_column_is_an_attribute_error_naming_it(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    row = await asyncpg_connection.fetchrow(ROWS_SQL, 1, record_class=row_type)
    with pytest.raises(AttributeError, match="row has no column 'nope'"):
        row.nope  # noqa: B018
    assert not hasattr(row, "nope")
    with pytest.raises(KeyError):
        row["nope"]


async def test_methods_win_over_columns_of_the_same_name(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    row = await asyncpg_connection.fetchrow("select 1 as keys, 2 as x", record_class=row_type)
    assert list(row.keys()) == ["keys", "x"]
    assert row["keys"] == 1


async def test_to_dict_is_a_plain_dict_in_column_order(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    row = await asyncpg_connection.fetchrow(ROWS_SQL, 1, record_class=row_type)
    assert type(row.to_dict()) is dict
    assert list(row.to_dict().items()) == [("id", 1), ("name", "n1"), ("gone", None)]


async def test_rows_compare_equal_to_plain_records_and_tuples(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    ours = await asyncpg_connection.fetchrow(ROWS_SQL, 1, record_class=row_type)
    plain = await asyncpg_connection.fetchrow(ROWS_SQL, 1)
    assert ours == plain
    assert ours == (1, "n1", None)
    assert hash(ours) == hash(plain)
    assert len(ours) == 3
    assert repr(ours).endswith("id=1 name='n1' gone=None>")


@pytest.mark.parametrize("count", [1, 2, 19, 20, 25])
async def test_recycled_rows_hold_only_their_new_values(
    asyncpg_connection: Any, row_type: type[Any], count: int
) -> None:
    # Lengths on both sides of the free list's bound (rows shorter than 20 columns are kept).
    sql = columns_sql(count)
    expected = {f"c{i}": None if i % 2 else i for i in range(count)}
    for _ in range(3):  # each round reuses the rows the previous one freed
        rows = await asyncpg_connection.fetch(
            f"{sql} from generate_series(1, 50)", record_class=row_type
        )
        assert all(row.to_dict() == expected for row in rows)
        del rows
        await asyncpg_connection.fetch("select 1")  # asyncpg keeps the last result until then


async def test_rows_release_their_type_reference(
    asyncpg_connection: Any, row_type: type[Any]
) -> None:
    async def fetch_and_drop() -> None:
        rows = await asyncpg_connection.fetch(ROWS_SQL, 2_500, record_class=row_type)
        assert rows[-1].id == 2_500
        del rows
        await asyncpg_connection.fetch("select 1")

    await fetch_and_drop()
    before = sys.getrefcount(row_type)
    for _ in range(3):
        await fetch_and_drop()
    assert sys.getrefcount(row_type) == before


async def test_compiled_rows_are_recycled_without_garbage_collections(
    asyncpg_connection: Any, compiled_row_type: type[Any]
) -> None:
    collections: list[int] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    rows = await asyncpg_connection.fetch(ROWS_SQL, 1_000, record_class=compiled_row_type)
    del rows
    await asyncpg_connection.fetch("select 1")  # the 1,000 rows are on the free list now
    gc.collect()
    gc.callbacks.append(on_gc)
    try:
        rows = await asyncpg_connection.fetch(ROWS_SQL, 1_000, record_class=compiled_row_type)
        allocations = gc.get_count()[0]
    finally:
        gc.callbacks.remove(on_gc)
    assert len(rows) == 1_000
    # A Python subclass counts 1,000 allocations here: a young collection on 3.11/3.12 (700).
    assert collections == []
    assert allocations < 500


def test_the_compiled_type_cannot_be_subclassed(compiled_row_type: type[Any]) -> None:
    with pytest.raises(TypeError):
        type("Sub", (compiled_row_type,), {})
