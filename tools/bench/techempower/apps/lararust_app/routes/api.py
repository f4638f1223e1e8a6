"""The four TechEmpower database tests, as a LaraRust user writes them."""

from __future__ import annotations

from operator import attrgetter
from random import randint, sample
from typing import Any

from app.models import Fortune, World
from common import EXTRA_FORTUNE, WORLD_ROWS, query_count
from lararust_http import Request
from lararust_orm import DB
from lararust_router import Route
from lararust_view import view


def _json(world: World) -> dict[str, int]:
    return {"id": world.id, "randomNumber": world.randomnumber}


async def single_query() -> dict[str, int]:
    world = await World.find(randint(1, WORLD_ROWS))
    assert world is not None
    return _json(world)


async def multiple_queries(request: Request) -> list[dict[str, int]]:
    out = []
    for _ in range(query_count(request.query.get("queries"))):
        world = await World.find(randint(1, WORLD_ROWS))
        assert world is not None
        out.append(_json(world))
    return out


async def multiple_queries_tx(request: Request) -> list[dict[str, int]]:
    # The ORM checks a pooled connection out per statement (and asyncpg resets it on each
    # release: one more round trip); a transaction holds one connection for the block.
    async with DB.transaction():
        return await multiple_queries(request)


async def fortunes() -> Any:
    items = list(await Fortune.all())
    items.append(Fortune().force_fill({"id": 0, "message": EXTRA_FORTUNE}))
    items.sort(key=attrgetter("message"))
    return view("fortunes", {"fortunes": items})


async def updates(request: Request) -> list[dict[str, int]]:
    # Distinct ids, sorted: one batched write may not touch a row twice, and a fixed lock
    # order keeps concurrent batches from deadlocking (every contender does the same).
    ids = sorted(sample(range(1, WORLD_ROWS + 1), query_count(request.query.get("queries"))))
    worlds = []
    for id_ in ids:
        world = await World.find(id_)
        assert world is not None
        world.randomnumber = randint(1, WORLD_ROWS)
        worlds.append(world)
    rows = [{"id": w.id, "randomnumber": w.randomnumber} for w in worlds]
    await World.upsert(rows, "id", ["randomnumber"])
    return [_json(w) for w in worlds]


async def updates_tx(request: Request) -> list[dict[str, int]]:
    async with DB.transaction():
        return await updates(request)


Route.get("/db", single_query)
Route.get("/queries", multiple_queries)
Route.get("/fortunes", fortunes)
Route.get("/updates", updates)
# The same two tests inside DB.transaction() (see multiple_queries_tx): run.py measures both.
Route.get("/queries-tx", multiple_queries_tx)
Route.get("/updates-tx", updates_tx)
