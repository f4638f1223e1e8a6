"""The compiled table: static vs parameter precedence, constraints, optionals, tails, domains."""

from __future__ import annotations

import pytest
from lararust_contracts import MethodNotAllowed, NotFound
from lararust_router import Router


def handler() -> str:
    return "ok"


@pytest.mark.smoke
def test_static_route_matches_and_trailing_slash_is_ignored(router: Router) -> None:
    route = router.get("/about", handler)
    assert router.find("GET", "/about")[0] is route
    assert router.find("GET", "/about/")[0] is route


def test_root_route_matches_slash(router: Router) -> None:
    route = router.get("/", handler)
    assert router.find("GET", "/")[0] is route


def test_parameters_are_captured_by_name(router: Router) -> None:
    router.get("/users/{user}/posts/{post}", handler)
    _, params = router.find("GET", "/users/7/posts/hello")
    assert params == {"user": "7", "post": "hello"}


def test_static_segment_beats_parameter_whatever_the_order(router: Router) -> None:
    param = router.get("/users/{id}", handler)
    static = router.get("/users/create", handler)
    assert router.find("GET", "/users/create")[0] is static
    assert router.find("GET", "/users/5")[0] is param


def test_walk_backtracks_to_a_parameter_route_of_the_requested_method(router: Router) -> None:
    router.get("/users/create", handler)
    put = router.put("/users/{id}", handler)
    route, params = router.find("PUT", "/users/create")
    assert route is put
    assert params == {"id": "create"}


def test_where_constraint_filters_and_falls_through_to_next_route(router: Router) -> None:
    numeric = router.get("/posts/{id}", handler).where_number("id")
    slug = router.get("/posts/{slug}", handler).where_alpha("slug")
    assert router.find("GET", "/posts/42")[0] is numeric
    assert router.find("GET", "/posts/hello")[0] is slug
    with pytest.raises(NotFound):
        router.find("GET", "/posts/hello-42")


@pytest.mark.parametrize(
    ("modifier", "good", "bad"),
    [
        ("where_number", "123", "12a"),
        ("where_alpha", "abc", "ab1"),
        ("where_alpha_numeric", "ab1", "ab-1"),
        ("where_uuid", "123e4567-e89b-12d3-a456-426614174000", "123e4567"),
    ],
)
def test_where_helpers(router: Router, modifier: str, good: str, bad: str) -> None:
    getattr(router.get("/things/{value}", handler), modifier)("value")
    assert router.find("GET", f"/things/{good}")[1] == {"value": good}
    with pytest.raises(NotFound):
        router.find("GET", f"/things/{bad}")


def test_where_in_accepts_only_listed_values(router: Router) -> None:
    router.get("/cat/{name}", handler).where_in("name", ["movies", "songs"])
    assert router.find("GET", "/cat/songs")[1] == {"name": "songs"}
    with pytest.raises(NotFound):
        router.find("GET", "/cat/books")


def test_global_pattern_applies_to_every_parameter_of_that_name(router: Router) -> None:
    router.pattern("id", "[0-9]+")
    router.get("/a/{id}", handler)
    router.get("/b/{id}", handler)
    for path in ("/a/x", "/b/x"):
        with pytest.raises(NotFound):
            router.find("GET", path)
    assert router.find("GET", "/b/3")[1] == {"id": "3"}


def test_route_where_overrides_global_pattern(router: Router) -> None:
    router.pattern("id", "[0-9]+")
    router.get("/a/{id}", handler).where("id", "[a-z]+")
    assert router.find("GET", "/a/abc")[1] == {"id": "abc"}


def test_optional_parameter_matches_with_and_without_it(router: Router) -> None:
    route = router.get("/archive/{year?}/{month?}", handler)
    assert router.find("GET", "/archive") == (route, {})
    assert router.find("GET", "/archive/2024") == (route, {"year": "2024"})
    assert router.find("GET", "/archive/2024/05") == (route, {"year": "2024", "month": "05"})


def test_parameter_spanning_slashes_when_pattern_allows(router: Router) -> None:
    router.get("/docs/{path}", handler).where("path", ".*")
    assert router.find("GET", "/docs/a/b/c.md")[1] == {"path": "a/b/c.md"}


def test_mixed_segment_captures_each_parameter(router: Router) -> None:
    router.get("/download/{name}.{ext}", handler)
    assert router.find("GET", "/download/report.final.pdf")[1] == {
        "name": "report",
        "ext": "final.pdf",
    }


def test_empty_segment_never_matches_a_parameter(router: Router) -> None:
    router.get("/users/{id}/edit", handler)
    with pytest.raises(NotFound):
        router.find("GET", "/users//edit")


def test_405_lists_the_allowed_methods(router: Router) -> None:
    router.get("/items", handler)
    router.post("/items", handler)
    with pytest.raises(MethodNotAllowed) as info:
        router.find("DELETE", "/items")
    assert info.value.status == 405
    assert info.value.headers["Allow"] == "GET, HEAD, OPTIONS, POST"


def test_head_is_answered_by_the_get_route(router: Router) -> None:
    route = router.get("/items/{id}", handler)
    assert router.find("HEAD", "/items/1")[0] is route


def test_explicit_head_route_wins_over_get(router: Router) -> None:
    router.get("/x", handler)
    head = router.match(["HEAD"], "/x", handler)
    assert router.find("HEAD", "/x")[0] is head


def test_any_matches_every_method(router: Router) -> None:
    route = router.any("/hook", handler)
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
        assert router.find(method, "/hook")[0] is route


def test_match_registers_the_listed_methods_only(router: Router) -> None:
    route = router.match(["get", "post"], "/search", handler)
    assert router.find("POST", "/search")[0] is route
    with pytest.raises(MethodNotAllowed):
        router.find("PUT", "/search")


def test_unknown_path_is_404(router: Router) -> None:
    router.get("/a", handler)
    with pytest.raises(NotFound):
        router.find("GET", "/b")


def test_domain_route_matches_its_host_and_captures_parameters(router: Router) -> None:
    with router.domain("{account}.example.com").group():
        scoped = router.get("/users/{id}", handler)
    plain = router.get("/users/{id}", handler)
    assert router.find("GET", "/users/3", "acme.example.com") == (
        scoped,
        {"account": "acme", "id": "3"},
    )
    assert router.find("GET", "/users/3", "acme.example.com:8000")[0] is scoped
    assert router.find("GET", "/users/3", "other.org")[0] is plain


def test_domain_constraint_from_where(router: Router) -> None:
    with router.domain("{account}.example.com").where("account", "[a-z]+").group():
        router.get("/", handler)
    assert router.find("GET", "/", "acme.example.com")[1] == {"account": "acme"}
    with pytest.raises(NotFound):
        router.find("GET", "/", "a1.example.com")


def test_fallback_runs_for_unmatched_get(router: Router) -> None:
    router.get("/a", handler)
    fallback = router.fallback(handler)
    assert router.find("GET", "/nowhere")[0] is fallback
    with pytest.raises(NotFound):
        router.find("POST", "/nowhere")


def test_a_fallback_in_a_prefixed_group_answers_under_its_prefix_only(router: Router) -> None:
    router.get("/admin/users", handler)
    everywhere = router.fallback(handler)
    with router.prefix("admin").group():
        admin = router.fallback(handler)
    with router.prefix("admin/reports").group():
        reports = router.fallback(handler)
    assert router.find("GET", "/admin/users")[0].uri == "admin/users"
    assert router.find("GET", "/admin/nowhere")[0] is admin
    assert router.find("GET", "/admin")[0] is admin
    assert router.find("GET", "/admin/reports/2024/q1")[0] is reports
    assert router.find("GET", "/administrator")[0] is everywhere
    assert router.find("GET", "/elsewhere")[0] is everywhere
    assert [r.uri for r in router.fallbacks()] == ["admin/reports", "admin", ""]


def test_a_prefixed_fallback_alone_leaves_other_paths_404(router: Router) -> None:
    with router.prefix("docs").group():
        router.fallback(handler)
    assert router.find("GET", "/docs/missing")[0].is_fallback
    with pytest.raises(NotFound):
        router.find("GET", "/missing")
    listed = [row["uri"] for row in router.list_routes()]
    assert listed == ["/docs/{fallback}"]


def test_table_recompiles_after_new_routes(router: Router) -> None:
    router.get("/a", handler)
    router.find("GET", "/a")
    later = router.get("/b", handler)
    assert router.find("GET", "/b")[0] is later


def test_thousand_routes_still_match_the_last_one(router: Router) -> None:
    for i in range(1000):
        router.get(f"/r{i}/{{id}}/items", handler)
    last = router.get("/zzz/{id}", handler)
    assert router.find("GET", "/zzz/5") == (last, {"id": "5"})


def test_find_reports_options_without_a_route_as_405(router: Router) -> None:
    router.get("/items", handler)
    with pytest.raises(MethodNotAllowed) as info:
        router.find("OPTIONS", "/items")
    assert info.value.allowed == ["GET", "HEAD", "OPTIONS"]


@pytest.mark.parametrize(
    ("uris", "forks"),
    [
        (["/api/items", "/api/items/{id}", "/api/r1/{id}", "/"], False),
        (["/users/create", "/users/{id}"], True),  # a static child beside a parameter
        (["/posts/{id}", "/posts/{slug}/edit"], False),  # one edge, shared
        (["/a/{x}", "/a/{y}.json"], True),  # two parameter edges
        (["/files/{path}"], True),  # a tail (spans "/")
    ],
)
def test_a_tree_without_forks_answers_from_one_descent_as_the_walk_would(
    router: Router, uris: list[str], forks: bool
) -> None:
    from lararust_router._matcher import _allowed, _walk

    for uri in uris:
        route = router.get(uri, handler)
        if uri == "/files/{path}":
            route.where("path", ".*")
    matcher = router.compile()
    tree = matcher._default
    assert tree.forks is forks
    paths = ["/api/items", "/api/items/3", "/api/items/3/x", "/api/nope", "/api/r1/2"]
    paths += ["/users/create", "/users/5", "/posts/5/edit", "/posts/5/nope", "/a/b.json"]
    paths += ["/files/a/b", "/nowhere", "/", "/api//items", "/a/b"]
    for path in paths:
        for method in ("GET", "HEAD", "POST"):
            key = path.strip("/")
            leaf = tree.static_paths.get(key)
            expected = None
            if leaf is not None:
                expected = leaf.get(method) or (leaf.get("GET") if method == "HEAD" else None)
            walked: list[str] = []
            if expected is None:
                segs = key.split("/") if key else []
                expected = _walk(tree.root, segs, 0, len(segs), walked, method)
            vals: list[str] = []
            assert matcher.match(method, path, "", vals) is expected, (path, method)
            assert vals == walked, (path, method)
        segs = path.strip("/").split("/") if path.strip("/") else []
        methods: set[str] = set()
        _allowed(tree.root, segs, 0, len(segs), methods)
        assert matcher.allowed(path) == methods, path


def test_a_fallback_in_a_domain_group_answers_for_that_host_only(router: Router) -> None:
    everywhere = router.fallback(handler)
    with router.domain("{account}.example.com").group():
        tenant = router.fallback(handler)

    assert router.find("GET", "/nowhere", "acme.example.com") == (tenant, {"account": "acme"})
    assert router.find("GET", "/nowhere", "other.test")[0] is everywhere
    assert router.find("GET", "/nowhere")[0] is everywhere


def test_a_domain_fallback_alone_leaves_other_hosts_404(router: Router) -> None:
    router.get("/home", handler)
    with router.domain("api.example.com").group():
        router.fallback(handler)

    assert router.find("GET", "/missing", "api.example.com:8080")[0].is_fallback
    with pytest.raises(NotFound):
        router.find("GET", "/missing", "www.example.com")


def test_a_domain_fallback_honours_the_groups_constraints(router: Router) -> None:
    with router.domain("{account}.example.com").where("account", "[a-z]+").group():
        router.fallback(handler)

    assert router.find("GET", "/x", "acme.example.com")[1] == {"account": "acme"}
    with pytest.raises(NotFound):
        router.find("GET", "/x", "a1.example.com")
