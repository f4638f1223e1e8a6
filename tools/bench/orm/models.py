"""ORM part 2 benchmark: our models vs raw asyncpg vs SQLAlchemy 2 async ORM vs Tortoise ORM.

Imported by ``run.py`` (one run prints both parts). Every contender reads every attribute of
every object, so lazy hydration cannot game the numbers; each uses its bulk path to create
many (ours ``Model.insert``, SQLAlchemy ``add_all`` + insertmanyvalues, Tortoise
``bulk_create``, asyncpg ``executemany``).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import asyncpg
from lararust_orm import DB, HasMany, Model
from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload
from tortoise import Tortoise, fields
from tortoise.models import Model as TortoiseModel

ITEMS, SINK = "bench_orm_items", "bench_orm_sink"
USERS, POSTS = "bench_orm_users", "bench_orm_posts"
NOW = datetime(2024, 1, 1, tzinfo=UTC)


# -- ours -----------------------------------------------------------------------------------


class Item(Model):
    table = ITEMS
    timestamps = False
    id: int
    name: str
    value: int
    created_at: datetime


class Sink(Model):
    table = SINK
    timestamps = False


class BUser(Model):
    table = USERS
    timestamps = False
    id: int
    name: str

    def posts(self) -> HasMany[BPost]:
        return self.has_many(BPost, "user_id")


class BPost(Model):
    table = POSTS
    timestamps = False
    id: int
    user_id: int
    title: str


# -- SQLAlchemy ORM -------------------------------------------------------------------------


class Base(DeclarativeBase):
    pass


class SAItem(Base):
    __tablename__ = ITEMS
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SASink(Base):
    __tablename__ = SINK
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    value: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SAUser(Base):
    __tablename__ = USERS
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    posts: Mapped[list[SAPost]] = relationship(back_populates="user")


class SAPost(Base):
    __tablename__ = POSTS
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey(f"{USERS}.id"))
    title: Mapped[str] = mapped_column(String)
    user: Mapped[SAUser] = relationship(back_populates="posts")


# -- Tortoise -------------------------------------------------------------------------------


class TItem(TortoiseModel):
    id = fields.BigIntField(primary_key=True)
    name = fields.TextField()
    value = fields.IntField()
    created_at = fields.DatetimeField()

    class Meta:
        table = ITEMS


class TSink(TortoiseModel):
    id = fields.BigIntField(primary_key=True)
    name = fields.TextField()
    value = fields.IntField()
    created_at = fields.DatetimeField()

    class Meta:
        table = SINK


class TUser(TortoiseModel):
    id = fields.BigIntField(primary_key=True)
    name = fields.TextField()

    class Meta:
        table = USERS


class TPost(TortoiseModel):
    id = fields.BigIntField(primary_key=True)
    user: Any = fields.ForeignKeyField("models.TUser", related_name="posts")
    title = fields.TextField()

    class Meta:
        table = POSTS


BATCH = [{"name": f"n{i}", "value": i, "created_at": NOW} for i in range(1000)]


async def setup_relations(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"drop table if exists {POSTS}, {USERS}")
        await conn.execute(f"create table {USERS} (id bigserial primary key, name text)")
        await conn.execute(
            f"create table {POSTS} (id bigserial primary key, "
            f"user_id bigint references {USERS}(id), title text)"
        )
        await conn.executemany(
            f"insert into {USERS} (name) values ($1)", [(f"u{i}",) for i in range(100)]
        )
        await conn.executemany(
            f"insert into {POSTS} (user_id, title) values ($1, $2)",
            [(u, f"p{u}-{j}") for u in range(1, 101) for j in range(10)],
        )
        await conn.execute(f"create index on {POSTS} (user_id)")
        await conn.execute(f"analyze {USERS}; analyze {POSTS}")
    finally:
        await conn.close()


async def teardown_relations(dsn: str) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f"drop table if exists {POSTS}, {USERS}")
    finally:
        await conn.close()


def read(obj: Any, names: tuple[str, ...]) -> None:
    for name in names:
        getattr(obj, name)


ITEM_FIELDS = ("id", "name", "value", "created_at")


class RawModels:
    name = "raw asyncpg"

    def __init__(self, dsn: str, pool: int) -> None:
        self.dsn, self.size = dsn, pool

    async def open(self) -> None:
        from run import light_reset

        self.pool = await asyncpg.create_pool(
            self.dsn, min_size=self.size, max_size=self.size, reset=light_reset
        )

    async def close(self) -> None:
        await self.pool.close()

    async def fetch(self, start: int) -> None:
        async with self.pool.acquire() as c:
            rows = await c.fetch(
                f"select * from {ITEMS} where id > $1 order by id limit 1000", start
            )
        for row in rows:
            for name in ITEM_FIELDS:
                row[name]

    async def by_key(self, key: int) -> None:
        async with self.pool.acquire() as c:
            row = await c.fetchrow(f"select * from {ITEMS} where id = $1", key)
        for name in ITEM_FIELDS:
            row[name]

    async def create(self) -> None:
        async with self.pool.acquire() as c, c.transaction():
            await c.executemany(
                f"insert into {SINK} (name, value, created_at) values ($1, $2, $3)",
                [(r["name"], r["value"], r["created_at"]) for r in BATCH],
            )

    async def eager(self) -> None:
        async with self.pool.acquire() as c:
            users = await c.fetch(f"select * from {USERS} order by id limit 100")
            posts = await c.fetch(
                f"select * from {POSTS} where user_id = any($1::bigint[])", [u["id"] for u in users]
            )
        grouped: dict[int, list[Any]] = {}
        for p in posts:
            grouped.setdefault(p["user_id"], []).append(p)
        for u in users:
            u["name"]
            for p in grouped.get(u["id"], []):
                p["title"]


class OursModels:
    name = "lararust_orm models"

    def __init__(self, dsn: str, pool: int) -> None:
        self.dsn, self.size = dsn, pool

    async def open(self) -> None:
        url = self.dsn.replace("postgresql://", "")
        user, rest = url.split("@", 1)
        hostport, db = rest.split("/", 1)
        host, port = hostport.split(":")
        DB.configure(
            {"driver": "pgsql", "host": host, "port": int(port), "database": db,
             "username": user, "pool": {"min": self.size, "max": self.size}}
        )  # fmt: skip
        await DB.select("select 1")

    async def close(self) -> None:
        await DB.disconnect()

    async def fetch(self, start: int) -> None:
        for item in await Item.where("id", ">", start).order_by("id").limit(1000).get():
            item.id, item.name, item.value, item.created_at  # noqa: B018

    async def by_key(self, key: int) -> None:
        item = await Item.find(key)
        assert item is not None
        item.id, item.name, item.value, item.created_at  # noqa: B018

    async def create(self) -> None:
        async with DB.transaction():
            await Sink.insert(BATCH)

    async def eager(self) -> None:
        for user in await BUser.with_("posts").order_by("id").limit(100).get():
            user.name  # noqa: B018
            for post in user.posts:
                post.title  # noqa: B018


class AlchemyModels:
    name = "SQLAlchemy 2 ORM"

    def __init__(self, dsn: str, pool: int) -> None:
        self.dsn, self.size = dsn, pool

    async def open(self) -> None:
        self.engine = create_async_engine(
            self.dsn.replace("postgresql://", "postgresql+asyncpg://"),
            pool_size=self.size, max_overflow=0,
        )  # fmt: skip
        self.session = async_sessionmaker(self.engine, expire_on_commit=False)

    async def close(self) -> None:
        await self.engine.dispose()

    async def fetch(self, start: int) -> None:
        async with self.session() as s:
            query = select(SAItem).where(SAItem.id > start).order_by(SAItem.id).limit(1000)
            for item in (await s.scalars(query)).all():
                item.id, item.name, item.value, item.created_at  # noqa: B018

    async def by_key(self, key: int) -> None:
        async with self.session() as s:
            item = await s.get(SAItem, key)
            assert item is not None
            item.id, item.name, item.value, item.created_at  # noqa: B018

    async def create(self) -> None:
        async with self.session() as s, s.begin():
            s.add_all([SASink(**row) for row in BATCH])

    async def eager(self) -> None:
        async with self.session() as s:
            query = (
                select(SAUser).options(selectinload(SAUser.posts)).order_by(SAUser.id).limit(100)
            )
            for user in (await s.scalars(query)).all():
                user.name  # noqa: B018
                for post in user.posts:
                    post.title  # noqa: B018


class TortoiseModels:
    name = "Tortoise ORM"

    def __init__(self, dsn: str, pool: int) -> None:
        self.dsn, self.size = dsn, pool

    async def open(self) -> None:
        url = self.dsn.replace("postgresql://", "postgres://")
        await Tortoise.init(
            db_url=f"{url}?minsize={self.size}&maxsize={self.size}",
            modules={"models": [__name__]},
        )

    async def close(self) -> None:
        await Tortoise.close_connections()

    async def fetch(self, start: int) -> None:
        for item in await TItem.filter(id__gt=start).order_by("id").limit(1000):
            item.id, item.name, item.value, item.created_at  # noqa: B018

    async def by_key(self, key: int) -> None:
        item = await TItem.get(id=key)
        item.id, item.name, item.value, item.created_at  # noqa: B018

    async def create(self) -> None:
        from tortoise.transactions import in_transaction

        async with in_transaction():
            await TSink.bulk_create([TSink(**row) for row in BATCH])

    async def eager(self) -> None:
        for user in await TUser.all().order_by("id").limit(100).prefetch_related("posts"):
            user.name  # noqa: B018
            for post in user.posts:
                post.title  # noqa: B018


def operations(rng: random.Random, rows: int) -> dict[str, Any]:
    """The part 2 operations by label."""
    return {
        "fetch 1,000 rows as models (every attribute read)": lambda c: (
            lambda: c.fetch(rng.randint(0, rows - 1000))
        ),
        "find a model by key": lambda c: lambda: c.by_key(rng.randint(1, rows)),
        "create 1,000 models in a transaction": lambda c: c.create,
        "eager-load 100 users with 10 posts each": lambda c: c.eager,
    }
