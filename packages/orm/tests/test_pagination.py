"""Pagination shapes (Laravel's toArray) on all three databases."""

from __future__ import annotations

import pytest
from lararust_orm import Connection, QueryError
from lararust_orm._pagination import _window
from lararust_orm_testkit import T


async def test_paginate_has_laravels_shape(conn: Connection) -> None:
    page = await conn.table(T.users).order_by("id").paginate(2, page=2)
    data = page.to_dict()
    assert sorted(data) == sorted([
        "current_page", "data", "first_page_url", "from", "last_page", "last_page_url", "links",
        "next_page_url", "path", "per_page", "prev_page_url", "to", "total",
    ])  # fmt: skip
    assert [r["name"] for r in data["data"]] == ["cy", "dee"]
    assert (data["current_page"], data["from"], data["to"], data["total"], data["last_page"]) == (
        2, 3, 4, 5, 3,
    )  # fmt: skip
    assert data["next_page_url"] == "/?page=3"
    assert data["prev_page_url"] == "/?page=1"
    assert [link["label"] for link in data["links"]] == [
        "&laquo; Previous", "1", "2", "3", "Next &raquo;",
    ]  # fmt: skip
    assert [link["active"] for link in data["links"]][2] is True
    assert [r["name"] for r in page] == ["cy", "dee"]


async def test_a_page_past_the_end_is_empty_with_the_right_totals(conn: Connection) -> None:
    data = (await conn.table(T.users).order_by("id").paginate(2, page=9)).to_dict()
    assert (data["data"], data["from"], data["to"], data["total"], data["last_page"]) == (
        [], None, None, 5, 3,
    )  # fmt: skip


async def test_grouped_queries_count_through_a_subquery(conn: Connection) -> None:
    page = (
        await conn.table(T.posts)
        .select("user_id")
        .group_by("user_id")
        .order_by("user_id")
        .paginate(2)
    )
    assert page.total == 3
    assert [r["user_id"] for r in page] == [1, 2]


async def test_simple_paginate(conn: Connection) -> None:
    data = (await conn.table(T.users).order_by("id").simple_paginate(2, page=3)).to_dict()
    assert "total" not in data
    assert [r["name"] for r in data["data"]] == ["eve"]
    assert data["next_page_url"] is None
    assert data["prev_page_url"] == "/?page=2"
    first = await conn.table(T.users).order_by("id").simple_paginate(2, page=1)
    assert first.has_more_pages()


async def test_cursor_paginate_walks_forward_and_back(conn: Connection) -> None:
    query = conn.table(T.users).order_by("age", "desc").order_by("id")
    first = await query.cursor_paginate(2)
    assert [r["name"] for r in first] == ["eve", "cy"]
    assert first.prev_cursor is None
    second = await query.cursor_paginate(2, cursor=first.next_cursor)
    assert [r["name"] for r in second] == ["ann", "dee"]
    third = await query.cursor_paginate(2, cursor=second.next_cursor)
    assert [r["name"] for r in third] == ["bob"]
    assert third.next_cursor is None
    back = await query.cursor_paginate(2, cursor=third.prev_cursor)
    assert [r["name"] for r in back] == ["ann", "dee"]
    assert sorted(back.to_dict()) == sorted(
        ["data", "path", "per_page", "next_cursor", "next_page_url", "prev_cursor", "prev_page_url"]
    )


async def test_cursor_paginate_by_datetime(conn: Connection) -> None:
    query = conn.table(T.users).order_by("created_at")
    first = await query.cursor_paginate(3)
    second = await query.cursor_paginate(3, cursor=first.next_cursor)
    assert [r["name"] for r in first] + [r["name"] for r in second] == [
        "dee", "ann", "eve", "bob", "cy",
    ]  # fmt: skip


async def test_a_forged_cursor_is_a_clear_error(conn: Connection) -> None:
    with pytest.raises(QueryError, match="cursor"):
        await conn.table(T.users).order_by("id").cursor_paginate(2, cursor="not-a-cursor!!")


@pytest.mark.smoke
def test_links_window_and_fallback_html() -> None:
    assert _window(1, 5) == [1, 2, 3, 4, 5]
    assert _window(10, 50) == [1, 2, None, 7, 8, 9, 10, 11, 12, 13, None, 49, 50]
    from lararust_orm import LengthAwarePaginator

    html = str(LengthAwarePaginator([1], 30, 10, 2, "/users").links())
    assert 'href="/users?page=3"' in html
    assert 'aria-current="page"' in html
