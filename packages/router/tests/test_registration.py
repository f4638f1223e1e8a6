"""Registration: verbs, the decorator form, actions, names, and conflicts naming both places."""

from __future__ import annotations

import pytest
from lararust_router import (
    Route,
    RouteConflictError,
    RouteDefinitionError,
    Router,
)


def home() -> str:
    return "home"


class ShowController:
    def show(self) -> str:
        return "show"


class Invokable:
    def __call__(self) -> str:
        return "invoked"


@pytest.mark.smoke
def test_facade_registers_on_the_swapped_router(router: Router) -> None:
    route = Route.get("/", home).name("home")
    assert router.get_by_name("home") is route


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete", "options"])
def test_each_verb_registers_its_method(router: Router, verb: str) -> None:
    route = getattr(router, verb)("/x", home)
    assert route.methods == (verb.upper(),)


def test_decorator_form_sets_the_handler_and_returns_the_function(router: Router) -> None:
    @Route.get("/ping").name("ping")
    async def ping() -> str:
        return "pong"

    route = router.get_by_name("ping")
    assert route is not None
    assert route.action is not None
    assert route.action.target is ping
    assert ping.__name__ == "ping"


def test_route_without_action_fails_at_compile_naming_its_place(router: Router) -> None:
    router.get("/pending")
    with pytest.raises(RouteDefinitionError, match=r"/pending .*test_registration.py:\d+"):
        router.compile()


def test_controller_list_action_checks_the_method_exists(router: Router) -> None:
    router.get("/ok", [ShowController, "show"])
    with pytest.raises(RouteDefinitionError, match="has no method \\[missing\\]"):
        router.get("/bad", [ShowController, "missing"])


def test_class_action_must_be_invokable(router: Router) -> None:
    router.get("/ok", Invokable)
    with pytest.raises(RouteDefinitionError, match="not invokable"):
        router.get("/bad", ShowController)


def test_bare_string_action_outside_a_controller_group_is_rejected(router: Router) -> None:
    with pytest.raises(RouteDefinitionError, match="bare string"):
        router.get("/x", "show")


def test_unknown_method_is_rejected(router: Router) -> None:
    with pytest.raises(RouteDefinitionError, match="BREW"):
        router.match(["BREW"], "/coffee", home)


def test_duplicate_name_names_both_registrations(router: Router) -> None:
    router.get("/a", home).name("dup")
    with pytest.raises(RouteConflictError) as info:
        router.get("/b", home).name("dup")
    message = str(info.value)
    assert "[dup]" in message
    assert "GET /a" in message
    assert "GET /b" in message
    assert message.count("test_registration.py:") == 2


def test_same_method_and_uri_twice_conflicts(router: Router) -> None:
    router.get("/users/{id}", home)
    with pytest.raises(RouteConflictError, match=r"GET /users/\{user\}.*GET /users/\{id\}"):
        router.get("/users/{user}", home)


def test_same_uri_with_other_method_is_fine(router: Router) -> None:
    router.get("/users/{id}", home)
    router.delete("/users/{id}", home)


def test_distinct_constraints_do_not_conflict(router: Router) -> None:
    router.get("/p/{id}", home).where_number("id")
    router.get("/p/{slug}", home)


def test_optional_parameter_conflicts_with_the_shorter_route(router: Router) -> None:
    router.get("/posts", home)
    with pytest.raises(RouteConflictError):
        router.get("/posts/{page?}", home)


@pytest.mark.parametrize(
    "uri",
    ["/a/{id", "/a/{1x}", "/a/{id}/{id}", "/a/{x?}/b", "/a/{x?}.{y}"],
)
def test_malformed_uris_are_rejected(router: Router, uri: str) -> None:
    with pytest.raises(RouteDefinitionError):
        router.get(uri, home)


def test_route_listing_shows_method_uri_name_action_middleware(router: Router) -> None:
    router.get("/users/{id}", [ShowController, "show"]).name("users.show").middleware("auth")
    [row] = router.list_routes()
    assert row == {
        "method": "GET|HEAD",
        "uri": "/users/{id}",
        "name": "users.show",
        "action": f"{__name__}:ShowController@show",
        "middleware": ["auth"],
        "domain": None,
    }


def test_renaming_a_route_frees_its_old_name(router: Router) -> None:
    route = router.get("/a", home).name("old")
    route.name("new")
    assert not router.has("old")
    assert router.has("new")
    router.get("/b", home).name("old")


def test_invalid_where_pattern_is_reported_at_once(router: Router) -> None:
    route = router.get("/a/{id}", home)
    with pytest.raises(RouteDefinitionError, match=r"where\('id', '\[0-9'\).*/a/\{id\}"):
        route.where("id", "[0-9")


def test_invalid_global_pattern_names_the_route(router: Router) -> None:
    router.pattern("id", "(")
    router.get("/b/{id}", home)
    with pytest.raises(RouteDefinitionError, match=r"/b/\{id\}.*invalid parameter pattern"):
        router.compile()
