"""The SQL-aware placeholder scanner behind raw statements."""

from __future__ import annotations

import pytest
from lararust_orm import QueryError
from lararust_orm._placeholders import bind, translate

pytestmark = pytest.mark.smoke


def test_question_marks_become_numbered_for_postgres() -> None:
    assert translate("select ? , ?", "numeric")[0] == "select $1 , $2"


def test_named_parameters_follow_their_order() -> None:
    sql, params = bind("select :a, :b, :a", {"a": 1, "b": 2}, "numeric")
    assert (sql, params) == ("select $1, $2, $3", [1, 2, 1])


def test_literals_comments_and_casts_are_left_alone() -> None:
    sql = (
        "select '?', \"x?\", 'it''s :n' -- ?\n, /* :c */ x::int, $$ ? $$, $t$ :q $t$ "
        "from t where a = ?"
    )
    out, names, count = translate(sql, "numeric")
    assert count == 1
    assert names is None
    assert out.endswith("where a = $1")
    assert "x::int" in out
    assert "$$ ? $$" in out


def test_double_question_mark_is_a_literal_question_mark() -> None:
    assert translate("select data ?? 'key' from t where id = ?", "numeric")[0] == (
        "select data ? 'key' from t where id = $1"
    )


def test_percent_is_escaped_for_mysql_format_style() -> None:
    assert translate("select '%' , a like '%x' where b = ?", "format")[0] == (
        "select '%%' , a like '%%x' where b = %s"
    )


def test_mysql_backslash_escapes_inside_strings() -> None:
    assert translate("select 'a\\'?' , ?", "format")[0] == "select 'a\\'?' , %s"


def test_counts_are_checked() -> None:
    with pytest.raises(QueryError, match="2 placeholder"):
        bind("select ?, ?", [1], "qmark")
    with pytest.raises(QueryError, match=":b"):
        bind("select :a, :b", {"a": 1}, "qmark")
    with pytest.raises(QueryError, match="mixes"):
        bind("select ?, :a", [1], "qmark")
