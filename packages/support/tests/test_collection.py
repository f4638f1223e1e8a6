"""Collection: Laravel's fluent collection over lists and dicts."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from lararust_contracts import Arrayable, Jsonable
from lararust_support import Collection, ItemNotFound, MultipleItemsFound, collect


@dataclass
class Product:
    name: str
    price: int
    category: str


@pytest.fixture
def products() -> Collection[int, dict[str, Any]]:
    return collect(
        [
            {"name": "Desk", "price": 200, "category": "office"},
            {"name": "Chair", "price": 100, "category": "office"},
            {"name": "Lamp", "price": 50, "category": "home"},
            {"name": "Sofa", "price": None, "category": "home"},
        ]
    )


@pytest.fixture
def _no_macros() -> Iterator[None]:
    yield
    Collection.flush_macros()


# --- making -----------------------------------------------------------------------------------


@pytest.mark.smoke
def test_collect_a_list_is_not_keyed() -> None:
    c = collect([1, 2, 3])
    assert c.to_list() == [1, 2, 3]
    assert not c.is_keyed


def test_collect_a_dict_is_keyed() -> None:
    c = collect({"a": 1})
    assert c.is_keyed
    assert c.all() == {"a": 1}


@pytest.mark.parametrize(("value", "expected"), [("abc", ["abc"]), (5, [5]), (None, [])])
def test_scalars_become_one_item(value: Any, expected: list[Any]) -> None:
    assert collect(value).all() == expected


def test_generators_are_consumed_into_a_list() -> None:
    assert collect(x * 2 for x in range(3)).all() == [0, 2, 4]


def test_collect_a_collection_copies_it() -> None:
    original = collect([1])
    copy = collect(original)
    copy.push(2)
    assert original.all() == [1]


def test_times_range_make_wrap_empty() -> None:
    assert Collection.times(3, lambda n: n * 10).all() == [10, 20, 30]
    assert Collection.range(3, 5).all() == [3, 4, 5]
    assert Collection.range(5, 1, -2).all() == [5, 3, 1]
    assert Collection.make([1]).all() == [1]
    c = collect([1])
    assert Collection.wrap(c) is c
    assert Collection.empty().is_empty()


# --- Python protocols -------------------------------------------------------------------------


def test_len_iteration_and_indexing() -> None:
    c = collect(["a", "b", "c"])
    assert len(c) == 3
    assert list(c) == ["a", "b", "c"]
    assert c[1] == "b"
    assert c[-1] == "c"
    assert c[1:].all() == ["b", "c"]


def test_keyed_iteration_yields_values_and_items_yields_pairs() -> None:
    c = collect({"a": 1, "b": 2})
    assert list(c) == [1, 2]
    assert list(c.items()) == [("a", 1), ("b", 2)]
    assert c["b"] == 2


def test_in_checks_values() -> None:
    assert 2 in collect({"a": 2})
    assert "a" not in collect({"a": 2})


def test_empty_collection_is_falsy() -> None:
    assert not collect([])
    assert collect([0])


def test_equality() -> None:
    assert collect([1, 2]) == collect([1, 2])
    assert collect([1, 2]) == [1, 2]
    assert collect({"a": 1}) == {"a": 1}
    assert collect([1]) != collect({0: 1})


def test_setitem_and_delitem() -> None:
    c = collect({"a": 1})
    c["b"] = 2
    del c["a"]
    assert c.all() == {"b": 2}


def test_repr() -> None:
    assert repr(collect([1])) == "Collection([1])"


def test_collections_are_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(collect([1]))


# --- transforming ----------------------------------------------------------------------------


@pytest.mark.smoke
def test_map() -> None:
    assert collect([1, 2, 3]).map(lambda x: x * 2).all() == [2, 4, 6]


def test_map_keeps_keys_and_can_take_the_key() -> None:
    assert collect({"a": 1}).map(lambda v, k: f"{k}={v}").all() == {"a": "a=1"}


def test_map_accepts_builtins() -> None:
    assert collect(["a"]).map(str.upper).all() == ["A"]
    assert collect(["1"]).map(int).all() == [1]


def test_map_with_keys_and_map_spread_and_map_into() -> None:
    rows = collect([{"id": 1, "email": "a@x"}])
    assert rows.map_with_keys(lambda r: {r["email"]: r["id"]}).all() == {"a@x": 1}
    assert collect([(1, 2), (3, 4)]).map_spread(lambda a, b: a + b).all() == [3, 7]
    assert collect([5]).map_into(str).all() == ["5"]


def test_flat_map() -> None:
    assert collect([1, 2]).flat_map(lambda x: [x, x * 10]).all() == [1, 10, 2, 20]


def test_transform_changes_in_place() -> None:
    c = collect([1, 2])
    assert c.transform(lambda x: x + 1) is c
    assert c.all() == [2, 3]


def test_pluck(products: Collection[int, dict[str, Any]]) -> None:
    assert products.pluck("name").all() == ["Desk", "Chair", "Lamp", "Sofa"]
    assert products.pluck("price", "name").all()["Lamp"] == 50


def test_pluck_reads_object_attributes() -> None:
    items = collect([Product("Desk", 200, "office")])
    assert items.pluck("name").all() == ["Desk"]


def test_key_by(products: Collection[int, dict[str, Any]]) -> None:
    keyed = products.key_by("name")
    assert keyed.is_keyed
    assert keyed["Chair"]["price"] == 100
    assert collect(["a", "bb"]).key_by(len).all() == {1: "a", 2: "bb"}


def test_group_by(products: Collection[int, dict[str, Any]]) -> None:
    groups = products.group_by("category")
    assert list(groups.keys()) == ["office", "home"]
    assert groups["home"].pluck("name").all() == ["Lamp", "Sofa"]
    assert isinstance(groups["office"], Collection)


def test_group_by_callable_and_preserve_keys() -> None:
    groups = collect({"x": 1, "y": 2, "z": 3}).group_by(lambda v: v % 2, preserve_keys=True)
    assert groups[1].all() == {"x": 1, "z": 3}


def test_group_by_a_list_key_puts_items_in_several_groups() -> None:
    posts = collect([{"t": "a", "tags": ["py", "php"]}, {"t": "b", "tags": ["py"]}])
    groups = posts.group_by("tags")
    assert groups["py"].pluck("t").all() == ["a", "b"]
    assert groups["php"].pluck("t").all() == ["a"]


def test_count_by() -> None:
    emails = collect(["a@gmail.com", "b@yahoo.com", "c@gmail.com"])
    assert emails.count_by(lambda e: e.split("@")[1]).all() == {"gmail.com": 2, "yahoo.com": 1}
    assert collect([1, 1, 2]).count_by().all() == {1: 2, 2: 1}


def test_flatten_and_collapse() -> None:
    nested = collect({"a": [1, [2, collect([3])]], "b": {"c": 4}})
    assert nested.flatten().all() == [1, 2, 3, 4]
    assert nested.flatten(1).all() == [1, [2, [3]], 4]
    assert collect([[1], collect([2]), (3,)]).collapse().all() == [1, 2, 3]


def test_combine_zip_flip() -> None:
    assert collect(["a", "b"]).combine([1, 2]).all() == {"a": 1, "b": 2}
    assert collect([1, 2]).zip(["x", "y"]).all() == [(1, "x"), (2, "y")]
    assert collect({"a": 1}).flip().all() == {1: "a"}


def test_combine_needs_equal_lengths() -> None:
    with pytest.raises(ValueError, match="as many values"):
        collect(["a"]).combine([1, 2])


@pytest.mark.parametrize(
    ("size", "expected"), [(2, [[1, 2], [3, 4], [5]]), (5, [[1, 2, 3, 4, 5]]), (0, [])]
)
def test_chunk(size: int, expected: list[list[int]]) -> None:
    assert [chunk.all() for chunk in collect([1, 2, 3, 4, 5]).chunk(size)] == expected


def test_chunk_keeps_keys_of_keyed_collections() -> None:
    chunks = collect({"a": 1, "b": 2, "c": 3}).chunk(2)
    assert chunks[1].all() == {"c": 3}


def test_split_into_groups() -> None:
    assert [g.all() for g in collect([1, 2, 3, 4, 5]).split(3)] == [[1, 2], [3, 4], [5]]


# --- filtering -------------------------------------------------------------------------------


@pytest.mark.smoke
def test_filter_reindexes_lists() -> None:
    assert collect([1, 2, 3, 4]).filter(lambda x: x % 2 == 0).all() == [2, 4]


def test_filter_keeps_dict_keys() -> None:
    assert collect({"a": 1, "b": 2}).filter(lambda v: v > 1).all() == {"b": 2}


def test_filter_without_callback_drops_falsy() -> None:
    assert collect([0, 1, "", None, "x", [], False]).filter().all() == [1, "x"]


def test_filter_with_key() -> None:
    assert collect({"a": 1, "b": 2}).filter(lambda v, k: k == "a").all() == {"a": 1}


def test_reject() -> None:
    assert collect([1, 2, 3]).reject(lambda x: x > 1).all() == [1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("category", "home"), ["Lamp", "Sofa"]),
        (("price", ">", 60), ["Desk", "Chair"]),
        (("price", "<=", 100), ["Chair", "Lamp"]),
        (("price", "!=", 200), ["Chair", "Lamp", "Sofa"]),
        (("price", "<>", 200), ["Chair", "Lamp", "Sofa"]),
        (("price",), ["Desk", "Chair", "Lamp"]),
        (("price", "===", 100), ["Chair"]),
    ],
)
def test_where(
    products: Collection[int, dict[str, Any]], args: tuple[Any, ...], expected: list[str]
) -> None:
    assert products.where(*args).pluck("name").all() == expected


def test_where_strict_distinguishes_types() -> None:
    c = collect([{"v": 1}, {"v": "1"}, {"v": True}])
    assert c.where_strict("v", 1).all() == [{"v": 1}]
    assert len(c.where("v", 1)) == 2  # Python's ==: 1 == True, but "1" != 1 (unlike PHP)
    assert len(c.where("v", "!==", 1)) == 2


def test_where_unknown_operator() -> None:
    with pytest.raises(ValueError, match="operator"):
        collect([{"a": 1}]).where("a", "~", 1)


def test_where_in_and_not_in(products: Collection[int, dict[str, Any]]) -> None:
    assert products.where_in("price", [50, 100]).pluck("name").all() == ["Chair", "Lamp"]
    assert products.where_not_in("price", [50, 100]).pluck("name").all() == ["Desk", "Sofa"]
    assert collect([{"v": 1}, {"v": True}]).where_in("v", [1], strict=True).all() == [{"v": 1}]


def test_where_null_between_instance_of(products: Collection[int, dict[str, Any]]) -> None:
    assert products.where_null("price").pluck("name").all() == ["Sofa"]
    assert products.where_not_null("price").count() == 3
    assert products.where_between("price", (50, 100)).pluck("name").all() == ["Chair", "Lamp"]
    assert products.where_not_between("price", [50, 100]).pluck("name").all() == ["Desk", "Sofa"]
    assert collect([1, "a", 2.5]).where_instance_of(int).all() == [1]


def test_only_and_except() -> None:
    c = collect({"a": 1, "b": 2, "c": 3})
    assert c.only(["a", "c"]).all() == {"a": 1, "c": 3}
    assert c.except_(["a"]).all() == {"b": 2, "c": 3}


@pytest.mark.parametrize(
    ("items", "key", "expected"),
    [
        ([1, 1, 2, 2, 3], None, [1, 2, 3]),
        ([{"b": "x", "n": 1}, {"b": "x", "n": 2}, {"b": "y", "n": 3}], "b", [1, 3]),
        ([[1], [1], [2]], None, [[1], [2]]),
    ],
)
def test_unique(items: list[Any], key: str | None, expected: list[Any]) -> None:
    result = collect(items).unique(key)
    assert (result.pluck("n").all() if key else result.all()) == expected


def test_unique_strict_separates_types() -> None:
    assert collect([1, True, "1"]).unique(strict=True).all() == [1, True, "1"]
    assert collect([1, True]).unique().all() == [1]


def test_duplicates() -> None:
    assert collect(["a", "b", "a", "c", "b"]).duplicates().all() == ["a", "b"]


def test_partition_unpacks() -> None:
    passed, failed = collect([1, 2, 3, 4]).partition(lambda x: x > 2)
    assert (passed.all(), failed.all()) == ([3, 4], [1, 2])


def test_diff_intersect_and_keys() -> None:
    assert collect([1, 2, 3]).diff([2, 4]).all() == [1, 3]
    assert collect([1, 2, 3]).intersect(collect([2, 3, 4])).all() == [2, 3]
    assert collect({"a": 1, "b": 2}).diff_keys({"a": 9}).all() == {"b": 2}
    assert collect({"a": 1, "b": 2}).intersect_by_keys({"a": 9}).all() == {"a": 1}


# --- first / last / search ------------------------------------------------------------------


@pytest.mark.smoke
def test_first_and_last_with_predicates() -> None:
    c = collect([1, 2, 3, 4])
    assert c.first() == 1
    assert c.first(lambda x: x > 2) == 3
    assert c.last() == 4
    assert c.last(lambda x: x < 3) == 2


def test_first_and_last_defaults() -> None:
    assert collect([]).first(default="none") == "none"
    assert collect([1]).first(lambda x: x > 5, "none") == "none"
    assert collect([]).last() is None


def test_first_where(products: Collection[int, dict[str, Any]]) -> None:
    assert products.first_where("category", "home")["name"] == "Lamp"
    assert products.first_where("price", ">", 1000) is None


def test_first_or_fail_and_sole() -> None:
    assert collect([1, 2]).first_or_fail(lambda x: x == 2) == 2
    with pytest.raises(ItemNotFound):
        collect([1]).first_or_fail(lambda x: x == 5)
    assert collect([1, 2]).sole(lambda x: x == 2) == 2
    with pytest.raises(MultipleItemsFound):
        collect([1, 2]).sole()
    with pytest.raises(ItemNotFound):
        collect([]).sole()


def test_search() -> None:
    assert collect([2, 4, 6]).search(4) == 1
    assert collect({"a": 1}).search(1) == "a"
    assert collect([1, 2]).search(lambda v: v > 1) == 1
    assert collect(["1"]).search(1, strict=True) is None


def test_get_has_nth() -> None:
    c = collect({"a": 1})
    assert c.get("a") == 1
    assert c.get("z", 0) == 0
    assert c.has("a")
    assert not c.has("a", "z")
    assert collect([1]).get(5, "d") == "d"
    assert collect(["a", "b", "c", "d", "e"]).nth(2).all() == ["a", "c", "e"]
    assert collect(["a", "b", "c", "d", "e"]).nth(2, 1).all() == ["b", "d"]


# --- slicing and ordering -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "args", "expected"),
    [
        ("take", (2,), [1, 2]),
        ("take", (-2,), [4, 5]),
        ("skip", (3,), [4, 5]),
        ("slice", (1, 2), [2, 3]),
        ("slice", (-2,), [4, 5]),
        ("slice", (-3, 2), [3, 4]),
        ("for_page", (2, 2), [3, 4]),
        ("take_while", (lambda x: x < 3,), [1, 2]),
        ("take_until", (lambda x: x >= 3,), [1, 2]),
        ("take_until", (3,), [1, 2]),
        ("skip_while", (lambda x: x < 3,), [3, 4, 5]),
        ("skip_until", (4,), [4, 5]),
        ("reverse", (), [5, 4, 3, 2, 1]),
        ("pad", (7, 0), [1, 2, 3, 4, 5, 0, 0]),
        ("pad", (-6, 0), [0, 1, 2, 3, 4, 5]),
    ],
)
def test_slicing(method: str, args: tuple[Any, ...], expected: list[int]) -> None:
    assert getattr(collect([1, 2, 3, 4, 5]), method)(*args).all() == expected


def test_sort_and_sort_desc() -> None:
    assert collect([3, 1, 2]).sort().all() == [1, 2, 3]
    assert collect([3, 1, 2]).sort_desc().all() == [3, 2, 1]
    assert collect({"a": 2, "b": 1}).sort().all() == {"b": 1, "a": 2}


def test_sort_by_puts_none_first(products: Collection[int, dict[str, Any]]) -> None:
    assert products.sort_by("price").pluck("name").all() == ["Sofa", "Lamp", "Chair", "Desk"]
    assert products.sort_by_desc("price").pluck("name").all() == ["Desk", "Chair", "Lamp", "Sofa"]


def test_sort_by_several_criteria(products: Collection[int, dict[str, Any]]) -> None:
    ordered = products.sort_by([("category", "asc"), ("name", "desc")])
    assert ordered.pluck("name").all() == ["Sofa", "Lamp", "Desk", "Chair"]


def test_sort_by_callable_and_bad_direction() -> None:
    assert collect(["bbb", "a", "cc"]).sort_by(len).all() == ["a", "cc", "bbb"]
    with pytest.raises(ValueError, match="direction"):
        collect([1]).sort_by([("x", "up")])


def test_sort_keys() -> None:
    assert list(collect({"b": 1, "a": 2}).sort_keys().all()) == ["a", "b"]
    assert list(collect({"b": 1, "a": 2, "c": 0}).sort_keys_desc().all()) == ["c", "b", "a"]


def test_shuffle_and_random_keep_items() -> None:
    assert sorted(collect([1, 2, 3]).shuffle()) == [1, 2, 3]
    assert collect([1, 2, 3]).random() in (1, 2, 3)
    assert len(collect([1, 2, 3]).random(2)) == 2


# --- aggregates -------------------------------------------------------------------------------


@pytest.mark.smoke
def test_reduce() -> None:
    assert collect([1, 2, 3]).reduce(lambda carry, x: carry + x, 0) == 6


def test_reduce_with_key() -> None:
    result = collect({"a": 1, "b": 2}).reduce(lambda carry, v, k: carry + k * v, "")
    assert result == "abb"


def test_aggregates(products: Collection[int, dict[str, Any]]) -> None:
    priced = products.where_not_null("price")
    assert priced.sum("price") == 350
    assert products.avg("price") == pytest.approx(350 / 3)
    assert products.min("price") == 50
    assert products.max("price") == 200
    assert products.median("price") == 100
    assert collect([1, 1, 2]).mode() == [1]
    assert collect([]).avg() is None
    assert collect([]).max() is None
    assert collect([1, 2, 3, 4]).median() == 2.5
    assert collect([1, 2]).sum(lambda x: x * 10) == 30
    assert products.average("price") == products.avg("price")


def test_count_is_empty() -> None:
    assert collect([1, 2]).count() == 2
    assert collect([]).is_empty()
    assert collect([1]).is_not_empty()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((2,), True),
        ((9,), False),
        ((lambda v: v > 2,), True),
        (("v", 1), False),
    ],
)
def test_contains(args: tuple[Any, ...], expected: bool) -> None:
    assert collect([1, 2, 3]).contains(*args) is expected


def test_contains_with_where_clause(products: Collection[int, dict[str, Any]]) -> None:
    assert products.contains("price", ">", 150)
    assert not products.contains("price", ">", 500)
    assert products.doesnt_contain("name", "Bed")
    assert products.some(lambda p: p["name"] == "Desk")


def test_contains_strict() -> None:
    assert collect([1]).contains(True)
    assert not collect([1]).contains_strict(True)


def test_every() -> None:
    assert collect([2, 4]).every(lambda x: x % 2 == 0)
    assert not collect([{"a": 1}, {"a": 2}]).every("a", 1)


def test_implode_and_join(products: Collection[int, dict[str, Any]]) -> None:
    assert collect([1, 2]).implode("-") == "1-2"
    assert products.take(2).implode("name", ", ") == "Desk, Chair"
    assert collect(["a", "b", "c"]).join(", ", " and ") == "a, b and c"


# --- in place ---------------------------------------------------------------------------------


def test_push_pop_shift_prepend() -> None:
    c = collect([2])
    c.push(3, 4).prepend(1)
    assert c.all() == [1, 2, 3, 4]
    assert c.pop() == 4
    assert c.shift() == 1
    assert c.all() == [2, 3]
    assert collect([]).pop() is None
    assert collect([1, 2, 3]).pop(2).all() == [3, 2]
    assert collect([1, 2, 3]).shift(2).all() == [1, 2]


def test_keyed_push_put_prepend_pull_forget() -> None:
    c = collect({"a": 1})
    c.put("b", 2).prepend(0, "z")
    assert list(c.all().items()) == [("z", 0), ("a", 1), ("b", 2)]
    assert c.pull("a") == 1
    assert c.pull("nope", "d") == "d"
    c.forget("z")
    assert c.all() == {"b": 2}
    c.push(9)
    assert c.all() == {"b": 2, 0: 9}


def test_keyed_prepend_needs_a_key() -> None:
    with pytest.raises(TypeError, match="key"):
        collect({"a": 1}).prepend(0)


def test_list_forget_several_indexes() -> None:
    assert collect(["a", "b", "c", "d"]).forget(0, 2).all() == ["b", "d"]


# --- combining and flow ----------------------------------------------------------------------


def test_concat_merge_union() -> None:
    assert collect([1]).concat([2, 3]).all() == [1, 2, 3]
    assert collect({"a": 1}).concat({"b": 2}).all() == [1, 2]
    assert collect({"a": 1, "b": 2}).merge({"b": 3, "c": 4}).all() == {"a": 1, "b": 3, "c": 4}
    assert collect([1]).merge([2]).all() == [1, 2]
    assert collect({"a": 1}).union({"a": 9, "b": 2}).all() == {"a": 1, "b": 2}


def test_each_stops_on_false() -> None:
    seen: list[int] = []
    collect([1, 2, 3]).each(lambda x: seen.append(x) or (False if x == 2 else None))
    assert seen == [1, 2]


def test_each_spread() -> None:
    seen: list[int] = []
    collect([(1, 2), (3, 4)]).each_spread(lambda a, b: seen.append(a + b))
    assert seen == [3, 7]


def test_pipe_tap_when_unless() -> None:
    c = collect([1, 2])
    assert c.pipe(lambda x: x.sum()) == 3
    seen: list[int] = []
    assert c.tap(lambda x: seen.append(len(x))) is c
    assert seen == [2]
    assert c.when(True, lambda x: x.push(3)).all() == [1, 2, 3]
    assert c.unless(True, lambda x: x.push(9)).all() == [1, 2, 3]
    assert collect([]).when_empty(lambda x: x.push("filled")).all() == ["filled"]
    assert c.when(False, lambda x: x, lambda x: "default") == "default"


def test_values_keys_all_collect() -> None:
    c = collect({"a": 1, "b": 2})
    assert c.values().all() == [1, 2]
    assert c.keys().all() == ["a", "b"]
    copy = c.collect()
    copy.put("c", 3)
    assert "c" not in c.all()


# --- converting ------------------------------------------------------------------------------


class Row:
    def __init__(self, id: int) -> None:
        self.id = id

    def to_dict(self) -> dict[str, int]:
        return {"id": self.id}


@pytest.mark.smoke
def test_is_arrayable_and_jsonable() -> None:
    c = collect([1])
    assert isinstance(c, Arrayable)
    assert isinstance(c, Jsonable)


def test_to_dict_converts_arrayable_items_recursively() -> None:
    c = collect({"rows": collect([Row(1), Row(2)]), "meta": [{"page": Row(3)}]})
    assert c.to_dict() == {"rows": [{"id": 1}, {"id": 2}], "meta": [{"page": {"id": 3}}]}


def test_to_list_keeps_the_items() -> None:
    row = Row(1)
    assert collect({"r": row}).to_list() == [row]


def test_to_json_is_compact_and_handles_common_types() -> None:
    c = collect(
        {
            "when": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            "id": uuid.UUID(int=1),
            "price": Decimal("9.99"),
            "rows": [Row(1)],
        }
    )
    assert json.loads(c.to_json()) == {
        "when": "2024-01-02T03:04:05+00:00",
        "id": "00000000-0000-0000-0000-000000000001",
        "price": "9.99",
        "rows": [{"id": 1}],
    }
    assert " " not in collect([1, 2]).to_json()
    assert collect([1]).to_json(indent=2) == "[\n  1\n]"


def test_to_json_rejects_unknown_objects_clearly() -> None:
    with pytest.raises(TypeError, match="object is not JSON serialisable"):
        collect([object()]).to_json()


def test_lazy_returns_a_lazy_collection() -> None:
    assert collect([1, 2, 3]).lazy().map(lambda x: x * 2).to_list() == [2, 4, 6]


# --- macros ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("_no_macros")
def test_collection_macros() -> None:
    Collection.macro("evens", lambda self: self.filter(lambda x: x % 2 == 0))
    assert collect([1, 2, 3, 4]).evens().all() == [2, 4]


@pytest.mark.usefixtures("_no_macros")
def test_collection_macro_cannot_shadow_a_method() -> None:
    with pytest.raises(ValueError, match="cannot replace"):
        Collection.macro("map", lambda self: None)


async def test_an_async_iterable_is_refused_with_advice() -> None:
    async def rows() -> Any:
        yield 1

    source = rows()
    with pytest.raises(TypeError, match="AsyncLazyCollection"):
        collect(source)
    await source.aclose()


def test_sliding_windows() -> None:
    windows = collect([1, 2, 3, 4]).sliding(2)
    assert [w.all() for w in windows] == [[1, 2], [2, 3], [3, 4]]
    assert [w.all() for w in collect([1, 2, 3, 4, 5]).sliding(3, step=2)] == [[1, 2, 3], [3, 4, 5]]


def test_sliding_needs_positive_sizes() -> None:
    with pytest.raises(ValueError, match="positive"):
        collect([1]).sliding(0)


def test_chunk_while() -> None:
    chunks = collect(list("AABBCCCD")).chunk_while(lambda v, k, chunk: v == chunk.last())
    assert [c.implode("") for c in chunks] == ["AA", "BB", "CCC", "D"]


def test_select_keeps_keys_in_each_item(products: Collection[int, dict[str, Any]]) -> None:
    assert products.take(1).select(["name", "price", "nope"]).all() == [
        {"name": "Desk", "price": 200}
    ]
    assert collect([Product("Desk", 200, "office")]).select(["name"]).all() == [{"name": "Desk"}]


def test_ensure_checks_item_types() -> None:
    c = collect([1, 2])
    assert c.ensure(int) is c
    assert collect([1, "a"]).ensure(int, str).count() == 2
    with pytest.raises(TypeError, match="item 1 is str, expected int"):
        collect([1, "a"]).ensure(int)


def test_value_reads_the_first_item_that_has_the_key() -> None:
    rows = collect([{"name": "a"}, {"name": "b", "email": "b@x"}])
    assert rows.value("email") == "b@x"
    assert rows.value("phone", "none") == "none"


@pytest.mark.parametrize(
    ("method", "arg", "expected"),
    [
        ("after", 3, 4),
        ("after", 5, None),
        ("after", 9, None),
        ("before", 3, 2),
        ("before", 1, None),
    ],
)
def test_after_and_before(method: str, arg: int, expected: int | None) -> None:
    assert getattr(collect([1, 2, 3, 4, 5]), method)(arg) == expected


def test_after_with_a_predicate_and_keys() -> None:
    assert collect({"a": 1, "b": 2}).after(lambda v: v == 1) == 2
