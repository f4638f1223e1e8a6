"""Arr and data_get/data_set/data_forget: dot paths into dicts, lists and objects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from lararust_support import Arr, collect, data_forget, data_get, data_set


@pytest.fixture
def order() -> dict[str, Any]:
    return {
        "id": 7,
        "customer": {"name": "Ada", "address": {"city": "London"}},
        "items": [{"sku": "A1", "qty": 2}, {"sku": "B2", "qty": 1}],
        "a.b": "literal",
    }


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("id", 7),
        ("customer.name", "Ada"),
        ("customer.address.city", "London"),
        ("items.1.sku", "B2"),
        ("a.b", "literal"),
        ("customer.missing", None),
        ("items.9.sku", None),
        ("id.nested", None),
    ],
)
def test_get(order: dict[str, Any], key: str, expected: Any) -> None:
    assert Arr.get(order, key) == expected


def test_get_default_and_none_key(order: dict[str, Any]) -> None:
    assert Arr.get(order, "nope", "fallback") == "fallback"
    assert Arr.get(order, None) is order
    assert Arr.get("not an array", "x", 1) == 1


def test_get_does_not_call_a_callable_default(order: dict[str, Any]) -> None:
    assert Arr.get(order, "nope", list) is list


def test_get_on_a_list_by_index() -> None:
    assert Arr.get(["a", "b"], 1) == "b"
    assert Arr.get([{"x": 1}], "0.x") == 1


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("customer.name", True),
        (["id", "customer.address.city"], True),
        (["id", "nope"], False),
        ([], False),
        ("items.0.qty", True),
    ],
)
def test_has(order: dict[str, Any], keys: Any, expected: bool) -> None:
    assert Arr.has(order, keys) is expected


def test_has_counts_a_none_value_as_present() -> None:
    assert Arr.has({"a": None}, "a")


def test_has_any(order: dict[str, Any]) -> None:
    assert Arr.has_any(order, ["nope", "id"])
    assert not Arr.has_any(order, ["nope", "nada"])


def test_set_creates_nested_dicts() -> None:
    data: dict[str, Any] = {}
    assert Arr.set(data, "products.desk.price", 100) is data
    assert data == {"products": {"desk": {"price": 100}}}


def test_set_replaces_a_scalar_on_the_way() -> None:
    data: dict[str, Any] = {"a": 1}
    Arr.set(data, "a.b", 2)
    assert data == {"a": {"b": 2}}


def test_set_into_an_existing_list() -> None:
    data: dict[str, Any] = {"items": [{"qty": 1}]}
    Arr.set(data, "items.0.qty", 5)
    assert data["items"][0]["qty"] == 5


def test_add_only_when_missing() -> None:
    data: dict[str, Any] = {"name": "Desk"}
    Arr.add(data, "name", "Chair")
    Arr.add(data, "price", 100)
    assert data == {"name": "Desk", "price": 100}


def test_forget_dot_paths_in_place(order: dict[str, Any]) -> None:
    Arr.forget(order, ["customer.address", "items.0", "id", "nope.deeper"])
    assert order["customer"] == {"name": "Ada"}
    assert order["items"] == [{"sku": "B2", "qty": 1}]
    assert "id" not in order


def test_pull_removes_and_returns(order: dict[str, Any]) -> None:
    assert Arr.pull(order, "customer.name") == "Ada"
    assert "name" not in order["customer"]
    assert Arr.pull(order, "nope", "d") == "d"


def test_only_and_except(order: dict[str, Any]) -> None:
    assert Arr.only(order, ["id", "nope"]) == {"id": 7}
    trimmed = Arr.except_(order, ["items", "customer.address"])
    assert trimmed == {"id": 7, "customer": {"name": "Ada"}, "a.b": "literal"}
    assert order["customer"]["address"] == {"city": "London"}  # the original is untouched


def test_pluck_values_and_keyed(order: dict[str, Any]) -> None:
    assert Arr.pluck(order["items"], "sku") == ["A1", "B2"]
    assert Arr.pluck(order["items"], "qty", "sku") == {"A1": 2, "B2": 1}
    assert Arr.pluck(order["items"], lambda i: i["qty"] * 10) == [20, 10]


def test_key_by(order: dict[str, Any]) -> None:
    assert Arr.key_by(order["items"], "sku")["B2"] == {"sku": "B2", "qty": 1}


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (float("inf"), ["Joe", "PHP", "Ruby", "x"]),
        (1, ["Joe", "PHP", ["Ruby"], "x"]),
    ],
)
def test_flatten(depth: float, expected: list[Any]) -> None:
    data = {"name": "Joe", "languages": ["PHP", ["Ruby"]], "other": {"k": "x"}}
    assert Arr.flatten(data, depth) == expected


def test_flatten_does_not_split_strings() -> None:
    assert Arr.flatten([["abc"], "de"]) == ["abc", "de"]


def test_collapse() -> None:
    assert Arr.collapse([[1, 2], [3], {"a": 4}, 5]) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, []), ("x", ["x"]), ([1, 2], [1, 2]), ((1, 2), [1, 2]), ({"a": 1}, [{"a": 1}])],
)
def test_wrap(value: Any, expected: list[Any]) -> None:
    assert Arr.wrap(value) == expected


def test_wrap_returns_the_same_list() -> None:
    items = [1]
    assert Arr.wrap(items) is items


def test_dot_and_undot_round_trip() -> None:
    nested = {"products": {"desk": {"price": 100}}, "tags": ["a", "b"], "empty": {}}
    flat = Arr.dot(nested)
    assert flat == {"products.desk.price": 100, "tags.0": "a", "tags.1": "b", "empty": {}}
    assert Arr.undot({"products.desk.price": 100, "name": "x"}) == {
        "products": {"desk": {"price": 100}},
        "name": "x",
    }


def test_first_and_last() -> None:
    assert Arr.first([100, 200, 300], lambda v: v >= 150) == 200
    assert Arr.first([], default="none") == "none"
    assert Arr.last([100, 200, 300], lambda v: v < 250) == 200
    assert Arr.last({"a": 1, "b": 2}) == 2


def test_first_callback_may_take_the_key() -> None:
    assert Arr.first({"a": 1, "b": 2}, lambda value, key: key == "b") == 2


def test_where_keeps_dict_keys() -> None:
    assert Arr.where({"a": 1, "b": 2, "c": 3}, lambda v: v % 2) == {"a": 1, "c": 3}
    assert Arr.where([1, 2, 3], lambda v: v > 1) == [2, 3]
    assert Arr.where_not_null([1, None, 2]) == [1, 2]


def test_map_and_map_with_keys() -> None:
    assert Arr.map({"a": 1}, lambda v, k: f"{k}{v}") == {"a": "a1"}
    users = [{"id": 1, "email": "a@x"}, {"id": 2, "email": "b@x"}]
    assert Arr.map_with_keys(users, lambda u: {u["email"]: u["id"]}) == {"a@x": 1, "b@x": 2}
    assert Arr.map_with_keys(users, lambda u: (u["id"], u["email"])) == {1: "a@x", 2: "b@x"}


@pytest.mark.parametrize(
    ("value", "assoc", "is_list"),
    [({"a": 1}, True, False), ({0: "a", 1: "b"}, False, True), ([1, 2], False, True)],
)
def test_is_assoc_and_is_list(value: Any, assoc: bool, is_list: bool) -> None:
    assert Arr.is_assoc(value) is assoc
    assert Arr.is_list(value) is is_list


@pytest.mark.parametrize(
    ("items", "final", "expected"),
    [(["a", "b", "c"], " and ", "a, b and c"), (["a"], " and ", "a"), (["a", "b"], "", "a, b")],
)
def test_join(items: list[str], final: str, expected: str) -> None:
    assert Arr.join(items, ", ", final) == expected


def test_prepend() -> None:
    assert Arr.prepend([2, 3], 1) == [1, 2, 3]
    assert list(Arr.prepend({"b": 2}, 1, "a").items()) == [("a", 1), ("b", 2)]


def test_query_builds_php_style_nested_keys() -> None:
    query = Arr.query({"name": "Ada Lovelace", "filter": {"tags": ["a", "b"]}, "on": True})
    assert query == ("name=Ada%20Lovelace&filter%5Btags%5D%5B0%5D=a&filter%5Btags%5D%5B1%5D=b&on=1")


def test_random_and_shuffle_keep_the_items() -> None:
    assert Arr.random([1, 2, 3]) in [1, 2, 3]
    assert sorted(Arr.random([1, 2, 3], 2)) in ([1, 2], [1, 3], [2, 3])
    assert sorted(Arr.shuffle([3, 1, 2])) == [1, 2, 3]


def test_random_refuses_more_than_available() -> None:
    with pytest.raises(ValueError, match="only 2"):
        Arr.random([1, 2], 3)


def test_sort_by_path_and_desc() -> None:
    rows = [{"n": 2}, {"n": 1}, {"n": 3}]
    assert Arr.sort(rows, "n") == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert Arr.sort_desc([1, 3, 2]) == [3, 2, 1]


def test_sort_recursive() -> None:
    assert Arr.sort_recursive({"b": [3, 1], "a": {"d": 1, "c": 2}}) == {
        "a": {"c": 2, "d": 1},
        "b": [1, 3],
    }


def test_to_css_classes_and_styles() -> None:
    assert Arr.to_css_classes(["p-4", {"font-bold": True, "hidden": False}]) == "p-4 font-bold"
    assert Arr.to_css_styles(["color: red", {"display: none": False, "margin: 0;": True}]) == (
        "color: red; margin: 0;"
    )


def test_divide_and_cross_join() -> None:
    assert Arr.divide({"a": 1, "b": 2}) == (["a", "b"], [1, 2])
    assert Arr.cross_join([1, 2], ["a"]) == [[1, "a"], [2, "a"]]


def test_select_rows() -> None:
    rows = [{"id": 1, "name": "a", "secret": "x"}]
    assert Arr.select(rows, ["id", "name"]) == [{"id": 1, "name": "a"}]


@dataclass
class Address:
    city: str


@dataclass
class User:
    name: str
    address: Address
    _secret: str = "hidden"


@pytest.mark.smoke
def test_data_get_reads_object_attributes() -> None:
    user = User("Ada", Address("London"))
    assert data_get(user, "address.city") == "London"


def test_data_get_never_reads_private_attributes() -> None:
    user = User("Ada", Address("London"))
    assert data_get(user, "_secret") is None
    assert data_get(user, "__class__.__init__.__globals__") is None


def test_data_get_wildcards() -> None:
    data = {"posts": [{"comments": [{"id": 1}, {"id": 2}]}, {"comments": [{"id": 3}]}]}
    assert data_get(data, "posts.*.comments") == [[{"id": 1}, {"id": 2}], [{"id": 3}]]
    assert data_get(data, "posts.*.comments.*.id") == [1, 2, 3]


def test_data_get_walks_into_collections() -> None:
    data = {"users": collect([{"name": "a"}, {"name": "b"}])}
    assert data_get(data, "users.1.name") == "b"
    assert data_get(data, "users.*.name") == ["a", "b"]


def test_data_get_numeric_segment_reads_int_dict_keys() -> None:
    assert data_get({1: "one"}, "1") == "one"


def test_data_set_wildcards_and_overwrite() -> None:
    data: dict[str, Any] = {"items": [{"qty": 1}, {"qty": 2, "fixed": True}]}
    data_set(data, "items.*.fixed", False, overwrite=False)
    assert [i["fixed"] for i in data["items"]] == [False, True]
    data_set(data, "items.*.qty", 0)
    assert [i["qty"] for i in data["items"]] == [0, 0]


def test_data_set_on_objects_refuses_private_attributes() -> None:
    user = User("Ada", Address("London"))
    data_set(user, "address.city", "Paris")
    assert user.address.city == "Paris"
    with pytest.raises(KeyError, match="cannot set attribute"):
        data_set(user, "address.__class__", int)


def test_data_forget_with_wildcard() -> None:
    data = {"users": [{"name": "a", "password": "x"}, {"name": "b", "password": "y"}]}
    data_forget(data, "users.*.password")
    assert data == {"users": [{"name": "a"}, {"name": "b"}]}
