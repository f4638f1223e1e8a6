"""Resource routes: the seven actions, api, only/except, names, parameters, nested, shallow."""

from __future__ import annotations

import pytest
from lararust_router import Router


class PhotoController:
    async def index(self) -> str:
        return "index"


def rows(router: Router) -> list[tuple[str, str, str | None]]:
    return [(r["method"], r["uri"], r["name"]) for r in router.list_routes()]


@pytest.mark.smoke
def test_resource_registers_seven_routes(router: Router) -> None:
    router.resource("photos", PhotoController)
    assert rows(router) == [
        ("GET|HEAD", "/photos", "photos.index"),
        ("GET|HEAD", "/photos/create", "photos.create"),
        ("POST", "/photos", "photos.store"),
        ("GET|HEAD", "/photos/{photo}", "photos.show"),
        ("GET|HEAD", "/photos/{photo}/edit", "photos.edit"),
        ("PUT|PATCH", "/photos/{photo}", "photos.update"),
        ("DELETE", "/photos/{photo}", "photos.destroy"),
    ]


def test_api_resource_has_no_form_routes(router: Router) -> None:
    router.api_resource("photos", PhotoController)
    names = [name for _, _, name in rows(router)]
    assert names == [
        "photos.index",
        "photos.store",
        "photos.show",
        "photos.update",
        "photos.destroy",
    ]


def test_only_and_except(router: Router) -> None:
    router.api_resource("posts", PhotoController).only(["index", "show"])
    router.resource("tags", PhotoController).except_(["create", "edit", "destroy"])
    names = [name for _, _, name in rows(router)]
    assert names == [
        "posts.index",
        "posts.show",
        "tags.index",
        "tags.store",
        "tags.show",
        "tags.update",
    ]


def test_names_and_parameters(router: Router) -> None:
    router.resource("users", PhotoController, only=["show"]).names({"show": "profile"}).parameters(
        {"users": "admin_user"}
    )
    assert rows(router) == [("GET|HEAD", "/users/{admin_user}", "profile")]


def test_nested_resource(router: Router) -> None:
    router.resource("posts.comments", PhotoController).only("index", "show")
    assert rows(router) == [
        ("GET|HEAD", "/posts/{post}/comments", "posts.comments.index"),
        ("GET|HEAD", "/posts/{post}/comments/{comment}", "posts.comments.show"),
    ]


def test_shallow_nested_resource(router: Router) -> None:
    router.resource("posts.comments", PhotoController).shallow()
    assert rows(router) == [
        ("GET|HEAD", "/posts/{post}/comments", "posts.comments.index"),
        ("GET|HEAD", "/posts/{post}/comments/create", "posts.comments.create"),
        ("POST", "/posts/{post}/comments", "posts.comments.store"),
        ("GET|HEAD", "/comments/{comment}", "comments.show"),
        ("GET|HEAD", "/comments/{comment}/edit", "comments.edit"),
        ("PUT|PATCH", "/comments/{comment}", "comments.update"),
        ("DELETE", "/comments/{comment}", "comments.destroy"),
    ]


def test_resource_inside_a_group_keeps_group_attributes_across_modifiers(router: Router) -> None:
    with router.prefix("admin").name("admin.").middleware("auth").group():
        pending = router.resource("categories", PhotoController)
    pending.only(["index"])
    route = router.get_by_name("admin.categories.index")
    assert route is not None
    assert route.uri == "admin/categories"
    assert route.gather_middleware() == ["auth"]
    assert [r.get_name() for r in router.routes] == ["admin.categories.index"]


def test_resource_middleware_and_missing(router: Router) -> None:
    def missing(request: object) -> str:
        return "gone"

    router.resource("photos", PhotoController).only("show").middleware("auth").missing(missing)
    [route] = router.routes
    assert route.gather_middleware() == ["auth"]
    assert route.missing_ is missing


def test_singular_parameter_names(router: Router) -> None:
    router.resource("categories", PhotoController).only("show")
    router.resource("people", PhotoController).only("show")
    router.resource("boxes", PhotoController).only("show")
    uris = [uri for _, uri, _ in rows(router)]
    assert uris == ["/categories/{category}", "/people/{person}", "/boxes/{box}"]


def test_scoped_binding_fields(router: Router) -> None:
    router.resource("posts.comments", PhotoController).only("show").scoped({"comment": "slug"})
    assert rows(router) == [
        ("GET|HEAD", "/posts/{post}/comments/{comment:slug}", "posts.comments.show"),
    ]


class ProfileController:
    async def show(self) -> str:
        return "profile"

    async def update(self) -> str:
        return "updated"

    async def destroy(self) -> str:
        return "gone"


def test_singleton_has_show_edit_update_and_no_id(router: Router) -> None:
    router.singleton("profile", ProfileController)
    assert rows(router) == [
        ("GET|HEAD", "/profile", "profile.show"),
        ("GET|HEAD", "/profile/edit", "profile.edit"),
        ("PUT|PATCH", "/profile", "profile.update"),
    ]


def test_creatable_singleton_adds_create_store_destroy(router: Router) -> None:
    router.singleton("profile", ProfileController).creatable()
    assert rows(router) == [
        ("GET|HEAD", "/profile/create", "profile.create"),
        ("POST", "/profile", "profile.store"),
        ("GET|HEAD", "/profile", "profile.show"),
        ("GET|HEAD", "/profile/edit", "profile.edit"),
        ("PUT|PATCH", "/profile", "profile.update"),
        ("DELETE", "/profile", "profile.destroy"),
    ]


def test_destroyable_and_api_singletons(router: Router) -> None:
    router.singleton("avatar", ProfileController).destroyable().except_("edit")
    router.api_singleton("settings", ProfileController)
    router.api_singleton("token", ProfileController).creatable()
    assert rows(router) == [
        ("GET|HEAD", "/avatar", "avatar.show"),
        ("PUT|PATCH", "/avatar", "avatar.update"),
        ("DELETE", "/avatar", "avatar.destroy"),
        ("GET|HEAD", "/settings", "settings.show"),
        ("PUT|PATCH", "/settings", "settings.update"),
        ("POST", "/token", "token.store"),
        ("GET|HEAD", "/token", "token.show"),
        ("PUT|PATCH", "/token", "token.update"),
        ("DELETE", "/token", "token.destroy"),
    ]


def test_nested_singleton_in_a_group(router: Router) -> None:
    with router.prefix("admin").name("admin.").group():
        router.singleton("photos.thumbnail", ProfileController).only("show")
    assert rows(router) == [
        ("GET|HEAD", "/admin/photos/{photo}/thumbnail", "admin.photos.thumbnail.show"),
    ]


async def test_singleton_routes_dispatch(router: Router, request_factory: object) -> None:
    from typing import Any

    make: Any = request_factory
    router.singleton("profile", ProfileController).destroyable()
    assert await router.dispatch(make("GET", "/profile")) == "profile"
    assert await router.dispatch(make("PATCH", "/profile")) == "updated"
    assert await router.dispatch(make("DELETE", "/profile")) == "gone"
