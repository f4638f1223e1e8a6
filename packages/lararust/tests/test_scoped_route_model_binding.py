"""Router and ORM together: ``/users/{user}/posts/{post:slug}`` scopes the post to its user.

The router knows models only through the contracts' ``UrlRoutable`` (and the optional
``resolve_child_route_binding``); this checks the two halves meet on a real SQLite database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from lararust_contracts import NotFound
from lararust_http import Request
from lararust_orm import DB, HasMany, Model
from lararust_router import Route, Router


class Writer(Model):
    timestamps = False
    id: int
    name: str

    def posts(self) -> HasMany[Post]:
        return self.has_many(Post, "writer_id")


class Post(Model):
    timestamps = False
    id: int
    slug: str


def request(path: str) -> Request:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": path,
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "scheme": "http",
        "server": ("testserver", 80),
        "root_path": "",
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    return Request(scope, receive)


@pytest.fixture
async def router() -> AsyncIterator[Router]:
    """Two writers who both have a post with the slug ``intro``; a router on the facade."""
    DB.configure("sqlite:///:memory:")
    schema = DB.connection().get_schema_builder()
    async with schema.create("writers") as table:
        table.id()
        table.string("name")
    async with schema.create("posts") as table:
        table.id()
        table.unsigned_big_integer("writer_id")
        table.string("slug")
    await DB.table("writers").insert([{"name": "ann"}, {"name": "bob"}])
    await DB.table("posts").insert(
        [
            {"writer_id": 1, "slug": "intro"},
            {"writer_id": 2, "slug": "intro"},
            {"writer_id": 2, "slug": "more"},
        ]
    )
    fresh = Router()
    Route.swap(fresh)

    async def show(writer: Writer, post: Post) -> str:
        return f"{writer.name}:{post.id}"

    fresh.get("/writers/{writer}/posts/{post:slug}", show)
    try:
        yield fresh
    finally:
        Route.clear()
        await DB.disconnect()
        DB.clear()


async def test_the_child_is_found_through_its_parents_relation(router: Router) -> None:
    assert await router.dispatch(request("/writers/2/posts/intro")) == "bob:2"
    assert await router.dispatch(request("/writers/1/posts/intro")) == "ann:1"


async def test_another_parents_child_is_a_404(router: Router) -> None:
    with pytest.raises(NotFound):
        await router.dispatch(request("/writers/1/posts/more"))
