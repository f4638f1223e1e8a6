"""Scoped child bindings (Laravel's ``scopeBindings``), through fake ``UrlRoutable`` types."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from lararust_contracts import NotFound
from lararust_router import Route, Router


class Article:
    """A child type: rows belong to an author."""

    rows: ClassVar[list[dict[str, Any]]] = [
        {"id": 1, "author": 1, "slug": "intro"},
        {"id": 2, "author": 2, "slug": "intro"},
        {"id": 3, "author": 2, "slug": "more"},
    ]

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row

    @classmethod
    def route_key_name(cls) -> str:
        return "id"

    @classmethod
    def resolve_route_binding(cls, value: str, field: str | None = None) -> Article | None:
        key = field or cls.route_key_name()
        return next((cls(r) for r in cls.rows if str(r[key]) == value), None)


class Author:
    """A parent type answering for its own articles only."""

    asked: ClassVar[list[tuple[str, str, str | None]]] = []

    def __init__(self, ident: int) -> None:
        self.ident = ident

    @classmethod
    def route_key_name(cls) -> str:
        return "id"

    @classmethod
    async def resolve_route_binding(cls, value: str, field: str | None = None) -> Author | None:
        return cls(int(value)) if value in ("1", "2") else None

    async def resolve_child_route_binding(
        self, child: str, value: str, field: str | None
    ) -> Article | None:
        Author.asked.append((child, value, field))
        key = field or Article.route_key_name()
        rows = [r for r in Article.rows if r["author"] == self.ident]
        return next((Article(r) for r in rows if str(r[key]) == value), None)


async def show(author: Author, article: Article) -> int:
    return int(article.row["id"])


async def show_reversed(article: Article, author: Author) -> int:
    return int(article.row["id"])


@pytest.fixture(autouse=True)
def _forget_questions() -> None:
    Author.asked.clear()


async def test_a_custom_key_scopes_the_child_to_its_parent(
    router: Router, request_factory: Any
) -> None:
    router.get("/authors/{author}/articles/{article:slug}", show)
    assert await router.dispatch(request_factory("GET", "/authors/2/articles/intro")) == 2
    assert await router.dispatch(request_factory("GET", "/authors/1/articles/intro")) == 1
    with pytest.raises(NotFound, match="Article"):  # author 1 has no "more"
        await router.dispatch(request_factory("GET", "/authors/1/articles/more"))
    assert Author.asked[0] == ("article", "intro", "slug")


async def test_without_a_custom_key_bindings_are_independent(
    router: Router, request_factory: Any
) -> None:
    router.get("/authors/{author}/articles/{article}", show)
    assert await router.dispatch(request_factory("GET", "/authors/1/articles/3")) == 3
    assert Author.asked == []


async def test_scope_bindings_scopes_keys_too(router: Router, request_factory: Any) -> None:
    router.get("/authors/{author}/articles/{article}", show_reversed).scope_bindings()
    assert await router.dispatch(request_factory("GET", "/authors/2/articles/3")) == 3
    with pytest.raises(NotFound):
        await router.dispatch(request_factory("GET", "/authors/1/articles/3"))
    assert Author.asked[0] == ("article", "3", None)  # the parent resolved first anyway


async def test_without_scoped_bindings_turns_scoping_off(
    router: Router, request_factory: Any
) -> None:
    router.get("/authors/{author}/articles/{article:slug}", show).without_scoped_bindings()
    assert await router.dispatch(request_factory("GET", "/authors/1/articles/more")) == 3
    assert Author.asked == []


async def test_a_group_scopes_its_routes(router: Router, request_factory: Any) -> None:
    with Route.scope_bindings().prefix("authors/{author}").group():
        Route.get("/articles/{article}", show)
    with pytest.raises(NotFound):
        await router.dispatch(request_factory("GET", "/authors/1/articles/3"))
    assert await router.dispatch(request_factory("GET", "/authors/2/articles/3")) == 3


async def test_a_parent_without_child_resolution_binds_the_child_alone(
    router: Router, request_factory: Any
) -> None:
    async def plain(author: str, article: Article) -> int:
        return int(article.row["id"])

    router.get("/authors/{author}/articles/{article:slug}", plain)
    assert await router.dispatch(request_factory("GET", "/authors/1/articles/more")) == 3


async def test_scoping_survives_the_route_cache(router: Router, tmp_path: Any) -> None:
    from lararust_router._cache import dump, load, write

    router.get("/authors/{author}/articles/{article}", show).scope_bindings()
    path = write(router, tmp_path / "routes.json")
    fresh = Router()
    load(fresh, path)
    assert fresh.routes[0].scope_bindings_ is True
    assert dump(fresh)["routes"][0]["scope_bindings"] is True
