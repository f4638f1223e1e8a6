"""The SQL each grammar writes (``to_sql``), checked without a server."""

from __future__ import annotations

import pytest
from lararust_orm import Builder, DatabaseManager

MANAGER = DatabaseManager(
    {
        "default": "sqlite",
        "connections": {
            "sqlite": {"driver": "sqlite", "database": ":memory:"},
            "pgsql": {"driver": "pgsql", "database": "x"},
            "mysql": {"driver": "mysql", "database": "x"},
        },
    }
)


def q(driver: str) -> Builder:
    return MANAGER.connection(driver).table("users")


CASES = {
    "basic": (
        lambda b: b.select("id", "users.name as n").where("age", ">", 18).order_by("name", "desc"),
        {
            "sqlite": 'select "id", "users"."name" as "n" from "users" '
            'where "age" > ? order by "name" desc',
            "pgsql": 'select "id", "users"."name" as "n" from "users" '
            'where "age" > ? order by "name" desc',
            "mysql": "select `id`, `users`.`name` as `n` from `users` "
            "where `age` > ? order by `name` desc",
        },
    ),
    "nested_or_null_in": (
        lambda b: b.where("a", 1).or_where(lambda w: w.where_null("b").where_in("c", [1, 2])),
        {
            "sqlite": 'select * from "users" where "a" = ? or ("b" is null and "c" in (?, ?))',
            "pgsql": 'select * from "users" where "a" = ? or ("b" is null and "c" in (?, ?))',
            "mysql": "select * from `users` where `a` = ? or (`b` is null and `c` in (?, ?))",
        },
    ),
    "json_path": (
        lambda b: b.where("options->theme", "dark").where("options->tags[1]", "x"),
        {
            "sqlite": 'select * from "users" where json_extract("options", \'$."theme"\') = ? '
            'and json_extract("options", \'$."tags"[1]\') = ?',
            "pgsql": 'select * from "users" where ("options"->>\'theme\') = ? '
            "and (\"options\"->'tags'->>1) = ?",
            "mysql": "select * from `users` where "
            "json_unquote(json_extract(`options`, '$.\"theme\"')) = ? "
            "and json_unquote(json_extract(`options`, '$.\"tags\"[1]')) = ?",
        },
    ),
    "like": (
        lambda b: b.where_like("name", "a%"),
        {
            "sqlite": 'select * from "users" where "name" like ?',
            "pgsql": 'select * from "users" where "name"::text ilike ?',
            "mysql": "select * from `users` where `name` like ?",
        },
    ),
    "paging_lock": (
        lambda b: b.offset(10).lock_for_update(),
        {
            "sqlite": 'select * from "users" limit -1 offset 10',
            "pgsql": 'select * from "users" offset 10 for update',
            "mysql": "select * from `users` limit 18446744073709551615 offset 10 for update",
        },
    ),
    "shared_lock_limit": (
        lambda b: b.limit(5).shared_lock(),
        {
            "sqlite": 'select * from "users" limit 5',
            "pgsql": 'select * from "users" limit 5 for share',
            "mysql": "select * from `users` limit 5 lock in share mode",
        },
    ),
    "empty_in": (
        lambda b: b.where_in("id", []).where_not_in("id", []),
        {
            "sqlite": 'select * from "users" where 0 = 1 and 1 = 1',
            "pgsql": 'select * from "users" where 0 = 1 and 1 = 1',
            "mysql": "select * from `users` where 0 = 1 and 1 = 1",
        },
    ),
    "date_parts": (
        lambda b: b.where_date("created_at", "2024-01-01").where_month("created_at", 2),
        {
            "sqlite": 'select * from "users" where strftime(\'%Y-%m-%d\', "created_at") = ? '
            "and strftime('%m', \"created_at\") = ?",
            "pgsql": 'select * from "users" where "created_at"::date = ? '
            'and extract(month from "created_at") = ?',
            "mysql": "select * from `users` where date(`created_at`) = ? "
            "and month(`created_at`) = ?",
        },
    ),
    "join_group_having": (
        lambda b: (
            b.join("posts", "users.id", "=", "posts.user_id")
            .group_by("users.id")
            .having_raw("count(*) > ?", [1])
        ),
        {
            "sqlite": 'select * from "users" inner join "posts" '
            'on "users"."id" = "posts"."user_id" group by "users"."id" having count(*) > ?',
            "pgsql": 'select * from "users" inner join "posts" '
            'on "users"."id" = "posts"."user_id" group by "users"."id" having count(*) > ?',
            "mysql": "select * from `users` inner join `posts` on `users`.`id` = `posts`.`user_id` "
            "group by `users`.`id` having count(*) > ?",
        },
    ),
}


@pytest.mark.smoke
@pytest.mark.parametrize("driver", ["sqlite", "pgsql", "mysql"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_grammar_sql(driver: str, case: str) -> None:
    build, expected = CASES[case]
    assert build(q(driver)).to_sql() == expected[driver]


@pytest.mark.smoke
def test_identifiers_with_quotes_cannot_escape() -> None:
    conn = MANAGER.connection("mysql")
    assert conn.grammar.quote_identifier("a`b") == "`a``b`"
    assert MANAGER.connection("pgsql").grammar.quote_identifier('a"b') == '"a""b"'


@pytest.mark.smoke
def test_insert_upsert_and_ignore_sql() -> None:
    pg, my, lite = (MANAGER.connection(d).grammar for d in ("pgsql", "mysql", "sqlite"))
    assert pg.upsert("u", ["email", "age"], 1, ["email"], ["age"]) == (
        'insert into "u" ("email", "age") values (?, ?) on conflict ("email") do update set '
        '"age" = "excluded"."age"'
    )
    assert my.upsert("u", ["email", "age"], 2, ["email"], ["age"]) == (
        "insert into `u` (`email`, `age`) values (?, ?), (?, ?) on duplicate key update "
        "`age` = values(`age`)"
    )
    assert my.insert_or_ignore("u", ["a"], 1) == "insert ignore into `u` (`a`) values (?)"
    assert (
        lite.insert_or_ignore("u", ["a"], 1)
        == 'insert into "u" ("a") values (?) on conflict do nothing'
    )


@pytest.mark.smoke
def test_to_raw_sql_inlines_values_for_reading() -> None:
    sql = q("pgsql").where("name", "o'neil").where("age", 3).to_raw_sql()
    assert sql == 'select * from "users" where "name" = \'o\'\'neil\' and "age" = 3'


@pytest.mark.smoke
def test_compiled_sql_is_cached_per_shape() -> None:
    conn = MANAGER.connection("pgsql")
    conn.grammar.cache.clear()
    first = conn.table("users").where("id", 1)
    second = conn.table("users").where("id", 2)
    assert first.to_sql() is second.to_sql()
    assert first.get_bindings() == [1]
    assert second.get_bindings() == [2]
    assert len(conn.grammar.cache) == 1


@pytest.mark.smoke
def test_table_prefix_applies_to_tables_and_qualified_columns() -> None:
    manager = DatabaseManager({"driver": "sqlite", "database": ":memory:", "prefix": "app_"})
    sql = manager.table("users").where("users.id", 1).to_sql()
    assert sql == 'select * from "app_users" where "app_users"."id" = ?'
