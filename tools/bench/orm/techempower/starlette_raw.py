"""Starlette + raw asyncpg + Jinja2 on uvicorn (the TechEmpower four)."""

from __future__ import annotations

import contextlib
import random
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

sys.path.insert(0, str(Path(__file__).parent))

from common import (
    DSN,
    EXTRA,
    FORTUNE,
    FORTUNES_TEMPLATE_JINJA,
    POOL,
    WORLD,
    parse_args,
    queries_param,
)

TEMPLATE = jinja2.Environment(autoescape=True).from_string(FORTUNES_TEMPLATE_JINJA)
POOLS: dict[str, Any] = {}
READ = f'select id, "randomNumber" from {WORLD} where id = $1'


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    POOLS["pg"] = await asyncpg.create_pool(DSN, min_size=POOL, max_size=POOL)
    try:
        yield
    finally:
        await POOLS["pg"].close()


async def db(request: Request) -> JSONResponse:
    async with POOLS["pg"].acquire() as c:
        row = await c.fetchrow(READ, random.randint(1, 10000))
    return JSONResponse({"id": row["id"], "randomNumber": row["randomNumber"]})


async def queries(request: Request) -> JSONResponse:
    count = queries_param(request.query_params.get("queries"))
    out = []
    async with POOLS["pg"].acquire() as c:
        for _ in range(count):
            row = await c.fetchrow(READ, random.randint(1, 10000))
            out.append({"id": row["id"], "randomNumber": row["randomNumber"]})
    return JSONResponse(out)


async def fortunes(request: Request) -> HTMLResponse:
    async with POOLS["pg"].acquire() as c:
        rows = [dict(r) for r in await c.fetch(f"select id, message from {FORTUNE}")]
    rows.append({"id": 0, "message": EXTRA})
    rows.sort(key=lambda f: f["message"])
    return HTMLResponse(TEMPLATE.render(fortunes=rows))


async def updates(request: Request) -> JSONResponse:
    count = queries_param(request.query_params.get("queries"))
    async with POOLS["pg"].acquire() as c:
        worlds = []
        for _ in range(count):
            row = await c.fetchrow(READ, random.randint(1, 10000))
            worlds.append({"id": row["id"], "randomNumber": random.randint(1, 10000)})
        worlds.sort(key=lambda w: w["id"])
        await c.executemany(
            f'update {WORLD} set "randomNumber" = $2 where id = $1',
            [(w["id"], w["randomNumber"]) for w in worlds],
        )
    return JSONResponse(worlds)


app = Starlette(
    routes=[Route("/db", db), Route("/queries", queries), Route("/fortunes", fortunes),
            Route("/updates", updates)],
    lifespan=lifespan,
)  # fmt: skip

if __name__ == "__main__":
    args = parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                loop="uvloop", http="httptools")  # fmt: skip
