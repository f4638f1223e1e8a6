"""LazyCollection and AsyncLazyCollection: pull items one at a time, sync and async."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from lararust_support import AsyncLazyCollection, Collection, LazyCollection


class Counter:
    """A source that records how many items were pulled from it."""

    def __init__(self, limit: int | None = None) -> None:
        self.pulled = 0
        self.limit = limit

    def __call__(self) -> Iterator[int]:
        n = 0
        while self.limit is None or n < self.limit:
            n += 1
            self.pulled += 1
            yield n


class AsyncCounter:
    def __init__(self, limit: int | None = None) -> None:
        self.pulled = 0
        self.limit = limit

    async def __call__(self) -> AsyncIterator[int]:
        n = 0
        while self.limit is None or n < self.limit:
            n += 1
            self.pulled += 1
            await asyncio.sleep(0)
            yield n


# --- sync ---------------------------------------------------------------------------------------


@pytest.mark.smoke
def test_an_infinite_source_is_only_pulled_as_far_as_needed() -> None:
    source = Counter()
    result = LazyCollection(source).map(lambda x: x * 2).filter(lambda x: x % 3 == 0).take(2)
    assert result.to_list() == [6, 12]
    assert source.pulled == 6


def test_nothing_runs_before_iteration() -> None:
    source = Counter(5)
    LazyCollection(source).map(lambda x: x)
    assert source.pulled == 0


def test_a_generator_function_source_is_re_iterable() -> None:
    lazy = LazyCollection(Counter(3))
    assert lazy.to_list() == [1, 2, 3]
    assert lazy.to_list() == [1, 2, 3]


def test_a_generator_object_is_used_up_by_one_pass() -> None:
    lazy = LazyCollection(x for x in range(3))
    assert lazy.to_list() == [0, 1, 2]
    assert lazy.to_list() == []


def test_first_pulls_no_further() -> None:
    source = Counter()
    assert LazyCollection(source).first(lambda x: x > 3) == 4
    assert source.pulled == 4


def test_is_empty_pulls_at_most_one() -> None:
    source = Counter()
    assert LazyCollection(source).is_not_empty()
    assert source.pulled == 1
    assert LazyCollection([]).is_empty()


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda lz: lz.skip(2), [3, 4, 5]),
        (lambda lz: lz.take_while(lambda x: x < 3), [1, 2]),
        (lambda lz: lz.take_until(lambda x: x == 3), [1, 2]),
        (lambda lz: lz.skip_while(lambda x: x < 4), [4, 5]),
        (lambda lz: lz.skip_until(lambda x: x == 4), [4, 5]),
        (lambda lz: lz.reject(lambda x: x % 2), [2, 4]),
        (lambda lz: lz.map(lambda x, i: x * i), [0, 2, 6, 12, 20]),
        (lambda lz: lz.flat_map(lambda x: [x] * (x % 2)), [1, 3, 5]),
        (lambda lz: lz.concat([6]), [1, 2, 3, 4, 5, 6]),
        (lambda lz: lz.where(lambda x: x, ">", 3), [4, 5]),
        (lambda lz: lz.filter(), [1, 2, 3, 4, 5]),
        (lambda lz: lz.take(0), []),
    ],
)
def test_lazy_steps(build: object, expected: list[int]) -> None:
    assert build(LazyCollection(Counter(5))).to_list() == expected  # type: ignore[operator]


def test_where_pluck_where_in_where_not_null_on_rows() -> None:
    rows = LazyCollection([{"id": 1, "v": None}, {"id": 2, "v": 5}, {"id": 3, "v": 9}])
    assert rows.where("v", ">", 4).pluck("id").to_list() == [2, 3]
    assert rows.where_in("id", [1, 3]).pluck("id").to_list() == [1, 3]
    assert rows.where_not_null("v").count() == 2


def test_chunk_yields_collections() -> None:
    chunks = LazyCollection(Counter(5)).chunk(2).to_list()
    assert [c.all() for c in chunks] == [[1, 2], [3, 4], [5]]
    assert isinstance(chunks[0], Collection)


def test_chunk_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        LazyCollection([1]).chunk(0)


def test_unique_lazily() -> None:
    assert LazyCollection([1, 1, 2, [3], [3]]).unique().to_list() == [1, 2, [3]]


def test_tap_each_runs_as_items_pass() -> None:
    seen: list[int] = []
    lazy = LazyCollection(Counter(3)).tap_each(seen.append)
    assert seen == []
    lazy.to_list()
    assert seen == [1, 2, 3]


def test_remember_pulls_each_item_once() -> None:
    source = Counter(3)
    remembered = LazyCollection(source).remember()
    assert remembered.take(2).to_list() == [1, 2]
    assert remembered.to_list() == [1, 2, 3]
    assert source.pulled == 3


def test_terminal_methods() -> None:
    lazy = LazyCollection(Counter(4))
    assert lazy.sum() == 10
    assert lazy.count() == 4
    assert lazy.avg() == 2.5
    assert (lazy.min(), lazy.max()) == (1, 4)
    assert lazy.last() == 4
    assert lazy.last(lambda x: x < 3) == 2
    assert lazy.reduce(lambda c, x: c * x, 1) == 24
    assert lazy.contains(3)
    assert lazy.contains(lambda x: x > 3)
    assert lazy.every(lambda x: x > 0)
    assert lazy.implode(",") == "1,2,3,4"
    assert lazy.collect().all() == [1, 2, 3, 4]
    assert lazy.all() == [1, 2, 3, 4]
    assert lazy.to_json() == "[1,2,3,4]"
    assert lazy.to_dict() == [1, 2, 3, 4]


def test_each_stops_on_false() -> None:
    source = Counter()
    LazyCollection(source).each(lambda x: x < 3)
    assert source.pulled == 3


def test_range_and_times() -> None:
    assert LazyCollection.range(1, 3).to_list() == [1, 2, 3]
    assert LazyCollection.range(3, 1).to_list() == [3, 2, 1]
    assert LazyCollection.times(3, lambda n: n * n).to_list() == [1, 4, 9]


def test_sync_lazy_refuses_async_sources() -> None:
    with pytest.raises(TypeError, match="AsyncLazyCollection"):
        LazyCollection(AsyncCounter(1)())


def test_sync_lazy_refuses_non_iterables() -> None:
    with pytest.raises(TypeError, match="iterable"):
        LazyCollection(42)  # type: ignore[arg-type]


# --- async --------------------------------------------------------------------------------------


@pytest.mark.smoke
async def test_async_source_is_only_pulled_as_far_as_needed() -> None:
    source = AsyncCounter()
    result = await AsyncLazyCollection(source).map(lambda x: x * 2).take(3).to_list()
    assert result == [2, 4, 6]
    assert source.pulled == 3


async def test_async_callbacks_are_awaited() -> None:
    async def double(x: int) -> int:
        await asyncio.sleep(0)
        return x * 2

    async def is_big(x: int) -> bool:
        return x > 4

    result = await AsyncLazyCollection(AsyncCounter(5)).map(double).filter(is_big).to_list()
    assert result == [6, 8, 10]


async def test_async_iteration() -> None:
    seen = [x async for x in AsyncLazyCollection(AsyncCounter(3))]
    assert seen == [1, 2, 3]


async def test_async_over_a_sync_iterable() -> None:
    assert await AsyncLazyCollection([1, 2, 3]).reject(lambda x: x == 2).to_list() == [1, 3]


async def test_async_first_stops_pulling() -> None:
    source = AsyncCounter()
    assert await AsyncLazyCollection(source).first(lambda x: x == 3) == 3
    assert source.pulled == 3
    assert await AsyncLazyCollection([]).first(default="none") == "none"


async def test_async_chunk_for_batches() -> None:
    chunks = await AsyncLazyCollection(AsyncCounter(5)).chunk(2).to_list()
    assert [c.all() for c in chunks] == [[1, 2], [3, 4], [5]]


async def test_async_terminals() -> None:
    lazy = AsyncLazyCollection(AsyncCounter(4))
    assert await lazy.count() == 4
    assert await lazy.sum() == 10
    assert await lazy.reduce(lambda c, x: c + x, 0) == 10
    assert await lazy.contains(2)
    assert not await lazy.is_empty()
    assert await AsyncLazyCollection([]).is_empty()
    assert (await lazy.collect()).all() == [1, 2, 3, 4]
    assert await lazy.all() == [1, 2, 3, 4]


async def test_async_steps() -> None:
    rows = AsyncLazyCollection([{"id": 1, "v": 1}, {"id": 2, "v": 5}, {"id": 2, "v": 6}])
    assert await rows.where("v", ">", 2).pluck("id").to_list() == [2, 2]
    assert await rows.pluck("id").unique().to_list() == [1, 2]
    assert await rows.skip(1).pluck("v").to_list() == [5, 6]
    assert await rows.take_while(lambda r: r["v"] < 5).pluck("id").to_list() == [1]


async def test_async_each_awaits_and_stops_on_false() -> None:
    seen: list[int] = []

    async def record(x: int) -> bool:
        seen.append(x)
        return x < 2

    await AsyncLazyCollection(AsyncCounter(5)).each(record)
    assert seen == [1, 2]


async def test_async_take_closes_the_source() -> None:
    closed: list[bool] = []

    async def source() -> AsyncIterator[int]:
        try:
            for n in range(10):
                yield n
        finally:
            closed.append(True)

    assert await AsyncLazyCollection(source).map(lambda x: x).take(2).to_list() == [0, 1]
    assert closed == [True]  # closed at once, not whenever the garbage collector runs
    assert await AsyncLazyCollection(source).filter().first() == 1
    assert closed == [True, True]


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ([1], LazyCollection),
        (Counter(1), LazyCollection),
        (AsyncCounter(1), AsyncLazyCollection),
        (AsyncCounter(1)(), AsyncLazyCollection),
    ],
)
def test_make_picks_the_sync_or_async_kind(source: object, kind: type) -> None:
    made = LazyCollection.make(source)  # type: ignore[call-overload]
    assert isinstance(made, kind)


def test_make_does_not_call_the_source() -> None:
    source = Counter(3)
    LazyCollection.make(source)
    assert source.pulled == 0
