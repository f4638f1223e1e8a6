"""Starlette + SQLAlchemy 2 async ORM + Jinja2 on uvicorn (the TechEmpower four)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import jinja2
import uvicorn
from sqlalchemy import Integer, String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
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
engine = create_async_engine(
    DSN.replace("postgresql://", "postgresql+asyncpg://"), pool_size=POOL, max_overflow=0
)
Session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class World(Base):
    __tablename__ = WORLD
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    randomNumber: Mapped[int] = mapped_column("randomNumber", Integer)


class Fortune(Base):
    __tablename__ = FORTUNE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message: Mapped[str] = mapped_column(String)


async def db(request: Request) -> JSONResponse:
    async with Session() as s:
        world = await s.get(World, random.randint(1, 10000))
        assert world is not None
        return JSONResponse({"id": world.id, "randomNumber": world.randomNumber})


async def queries(request: Request) -> JSONResponse:
    count = queries_param(request.query_params.get("queries"))
    out = []
    async with Session() as s:
        for _ in range(count):
            world = await s.get(World, random.randint(1, 10000))
            assert world is not None
            out.append({"id": world.id, "randomNumber": world.randomNumber})
    return JSONResponse(out)


async def fortunes(request: Request) -> HTMLResponse:
    async with Session() as s:
        rows = list((await s.scalars(select(Fortune))).all())
    rows.append(Fortune(id=0, message=EXTRA))
    rows.sort(key=lambda f: f.message)
    return HTMLResponse(TEMPLATE.render(fortunes=rows))


async def updates(request: Request) -> JSONResponse:
    count = queries_param(request.query_params.get("queries"))
    async with Session() as s, s.begin():
        worlds = []
        for _ in range(count):
            world = await s.get(World, random.randint(1, 10000))
            assert world is not None
            world.randomNumber = random.randint(1, 10000)
            worlds.append(world)
        out = [
            {"id": w.id, "randomNumber": w.randomNumber} for w in sorted(worlds, key=lambda w: w.id)
        ]
    return JSONResponse(out)


app = Starlette(
    routes=[Route("/db", db), Route("/queries", queries), Route("/fortunes", fortunes),
            Route("/updates", updates)],
)  # fmt: skip

if __name__ == "__main__":
    args = parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                loop="uvloop", http="httptools")  # fmt: skip
