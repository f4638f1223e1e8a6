"""Starlette + SQLAlchemy 2 async ORM (asyncpg driver) + Jinja2 on uvicorn (uvloop, httptools).

Idiomatic ORM code: a session per request, ``session.get`` per row, the updates flushed by
the unit of work at commit (SQLAlchemy batches same-shaped UPDATEs into one executemany;
the rows are changed after all reads so autoflush does not send them one by one).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import asynccontextmanager
from operator import attrgetter
from pathlib import Path
from random import randint, sample
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jinja2
import orjson
from common import DSN, EXTRA_FORTUNE, FORTUNE, FORTUNES_JINJA, POOL, WORLD, WORLD_ROWS, query_count
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

TEMPLATE = jinja2.Environment(autoescape=True).from_string(FORTUNES_JINJA)


class Base(DeclarativeBase):
    pass


class World(Base):
    __tablename__ = WORLD
    id: Mapped[int] = mapped_column(primary_key=True)
    randomnumber: Mapped[int]


class Fortune(Base):
    __tablename__ = FORTUNE
    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(String(2048))


engine = create_async_engine(
    DSN.replace("postgresql://", "postgresql+asyncpg://"), pool_size=POOL, max_overflow=0
)
Session = async_sessionmaker(engine, expire_on_commit=False)


class OrjsonResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@asynccontextmanager
async def lifespan(app: Starlette) -> Any:
    yield
    await engine.dispose()


def as_json(world: World) -> dict[str, int]:
    return {"id": world.id, "randomNumber": world.randomnumber}


async def single_query(request: Request) -> OrjsonResponse:
    async with Session() as session:
        world = await session.get(World, randint(1, WORLD_ROWS))
        assert world is not None
        return OrjsonResponse(as_json(world))


async def multiple_queries(request: Request) -> OrjsonResponse:
    count = query_count(request.query_params.get("queries"))
    out = []
    async with Session() as session:
        for _ in range(count):
            world = await session.get(World, randint(1, WORLD_ROWS))
            assert world is not None
            out.append(as_json(world))
    return OrjsonResponse(out)


async def fortunes(request: Request) -> HTMLResponse:
    async with Session() as session:
        items = list((await session.scalars(select(Fortune))).all())
    items.append(Fortune(id=0, message=EXTRA_FORTUNE))
    items.sort(key=attrgetter("message"))
    return HTMLResponse(TEMPLATE.render(fortunes=items))


async def updates(request: Request) -> OrjsonResponse:
    ids = sorted(sample(range(1, WORLD_ROWS + 1), query_count(request.query_params.get("queries"))))
    async with Session() as session, session.begin():
        worlds = []
        for id_ in ids:
            world = await session.get(World, id_)
            assert world is not None
            worlds.append(world)
        # Changed only after every read: a change made earlier would be autoflushed by the
        # next get() (one UPDATE per row); this way the commit sends one executemany.
        for world in worlds:
            world.randomnumber = randint(1, WORLD_ROWS)
    return OrjsonResponse([as_json(w) for w in worlds])


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
