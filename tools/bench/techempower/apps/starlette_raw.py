"""Starlette + raw asyncpg + Jinja2 on uvicorn (uvloop, httptools): the baseline.

Written as TechEmpower's own Starlette entry is: one pool checkout per request, the queries
of a request on that connection, the writes of /updates as one ``executemany`` (pipelined).
JSON through orjson, as TechEmpower entries do (a stronger baseline than ``json``).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import asynccontextmanager
from operator import itemgetter
from pathlib import Path
from random import randint, sample
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import asyncpg
import jinja2
import orjson
from common import DSN, EXTRA_FORTUNE, FORTUNE, FORTUNES_JINJA, POOL, WORLD, WORLD_ROWS, query_count
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

READ = f"SELECT id, randomnumber FROM {WORLD} WHERE id = $1"
WRITE = f"UPDATE {WORLD} SET randomnumber = $1 WHERE id = $2"
ALL_FORTUNES = f"SELECT id, message FROM {FORTUNE}"
TEMPLATE = jinja2.Environment(autoescape=True).from_string(FORTUNES_JINJA)
pool: Any = None


class OrjsonResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@asynccontextmanager
async def lifespan(app: Starlette) -> Any:
    global pool
    pool = await asyncpg.create_pool(DSN, min_size=POOL, max_size=POOL)
    yield
    await pool.close()


async def single_query(request: Request) -> OrjsonResponse:
    async with pool.acquire() as conn:
        row = await conn.fetchrow(READ, randint(1, WORLD_ROWS))
    return OrjsonResponse({"id": row[0], "randomNumber": row[1]})


async def multiple_queries(request: Request) -> OrjsonResponse:
    count = query_count(request.query_params.get("queries"))
    out = []
    async with pool.acquire() as conn:
        statement = await conn.prepare(READ)
        for _ in range(count):
            row = await statement.fetchrow(randint(1, WORLD_ROWS))
            out.append({"id": row[0], "randomNumber": row[1]})
    return OrjsonResponse(out)


async def fortunes(request: Request) -> HTMLResponse:
    async with pool.acquire() as conn:
        rows = [dict(r) for r in await conn.fetch(ALL_FORTUNES)]
    rows.append({"id": 0, "message": EXTRA_FORTUNE})
    rows.sort(key=itemgetter("message"))
    return HTMLResponse(TEMPLATE.render(fortunes=rows))


async def updates(request: Request) -> OrjsonResponse:
    ids = sorted(sample(range(1, WORLD_ROWS + 1), query_count(request.query_params.get("queries"))))
    out = []
    async with pool.acquire() as conn:
        statement = await conn.prepare(READ)
        for id_ in ids:
            row = await statement.fetchrow(id_)
            out.append({"id": row[0], "randomNumber": randint(1, WORLD_ROWS)})
        await conn.executemany(WRITE, [(w["randomNumber"], w["id"]) for w in out])
    return OrjsonResponse(out)


app = Starlette(
    routes=[
        Route("/db", single_query),
        Route("/queries", multiple_queries),
        Route("/fortunes", fortunes),
        Route("/updates", updates),
    ],
    lifespan=lifespan,
)

if __name__ == "__main__":
    import uvicorn

    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=args.port,
        loop="uvloop",
        http="httptools",
        log_level="warning",
        access_log=False,
    )
