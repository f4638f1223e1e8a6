"""Factories, seeders and the seeding commands on all three databases."""

from __future__ import annotations

import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from lararust_orm import (
    DB,
    BelongsTo,
    Connection,
    DatabaseManager,
    Factory,
    HasMany,
    Model,
    ModelCollection,
)
from lararust_orm._commands import DbSeed, MakeFactory, MakeSeeder
from lararust_orm_testkit import SUFFIX, fresh_tables

WRITERS, BOOKS = f"writers_{SUFFIX}", f"books_{SUFFIX}"


class Writer(Model):
    table = WRITERS
    id: int
    name: str
    email: str

    def books(self) -> HasMany[Book]:
        return self.has_many(Book)


class Book(Model):
    table = BOOKS
    id: int
    title: str
    writer_id: int

    def writer(self) -> BelongsTo[Writer]:
        return self.belongs_to(Writer)


class WriterFactory(Factory[Writer]):
    model = Writer

    def definition(self) -> dict[str, Any]:
        return {"name": self.faker.name(), "email": self.faker.unique.email()}


class BookFactory(Factory[Book]):
    model = Book

    def definition(self) -> dict[str, Any]:
        return {"title": self.faker.sentence(nb_words=3)}


Writer.factory_class = WriterFactory
Book.factory_class = BookFactory


@pytest.fixture
async def db(manager: DatabaseManager) -> AsyncIterator[Connection]:
    """The DB facade on the database under test with writers and books tables."""
    DB.swap(manager)
    conn = manager.connection()
    schema = conn.get_schema_builder()
    try:
        async with fresh_tables(schema, BOOKS, WRITERS):
            async with schema.create(WRITERS) as t:
                t.id()
                t.string("name")
                t.string("email").unique()
                t.timestamps()
            async with schema.create(BOOKS) as t:
                t.id()
                t.foreign_id("writer_id").constrained(WRITERS).cascade_on_delete()
                t.string("title")
                t.timestamps()
            yield conn
    finally:
        await manager.disconnect()
        DB.clear()


@pytest.mark.smoke
def test_make_touches_no_database_and_sets_parents_as_relations() -> None:
    one = WriterFactory.new().make()
    assert isinstance(one, Writer)
    assert not one.exists
    assert "@" in one.email
    many = WriterFactory.new().count(3).sequence({"name": "a"}, {"name": "b"}).make()
    assert isinstance(many, ModelCollection)
    assert [w.name for w in many] == ["a", "b", "a"]
    book = BookFactory.new().for_(WriterFactory.new({"name": "Parent"})).make()
    assert book.writer.name == "Parent"
    assert book.writer_id is None
    assert BookFactory.new().state(lambda a: {"title": a["title"].upper()}).raw()["title"].isupper()


async def test_create_saves_parents_first_and_children_after(db: Connection) -> None:
    writer = await WriterFactory.new().has(BookFactory.new().count(3)).create({"name": "Ann"})
    assert writer.exists
    assert len(writer.books) == 3
    assert await db.table(BOOKS).where("writer_id", writer.id).count() == 3
    book = await BookFactory.new().for_(WriterFactory.new()).create()
    assert (await Book.find_or_fail(book.id)).writer_id == book.writer.id
    crowd = await Writer.factory(4).create()
    assert len(crowd) == 4
    assert await Writer.query().count() == 6


async def test_db_seed_runs_the_database_seeder(
    db: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("APP_ENV", "testing")
    monkeypatch.chdir(tmp_path)
    seeders = tmp_path / "database" / "seeders"
    seeders.mkdir(parents=True)
    (seeders / "writer_seeder.py").write_text(
        textwrap.dedent(f"""
        from lararust_orm import DB, Seeder

        class WriterSeeder(Seeder):
            async def run(self) -> None:
                await DB.table("{WRITERS}").insert([
                    {{"name": "s1", "email": "s1@x.y"}}, {{"name": "s2", "email": "s2@x.y"}},
                ])
    """)
    )
    (seeders / "database_seeder.py").write_text(
        textwrap.dedent("""
        import sys, pathlib
        sys.path.insert(0, str(pathlib.Path(__file__).parent))
        from writer_seeder import WriterSeeder
        from lararust_orm import Seeder

        class DatabaseSeeder(Seeder):
            async def run(self) -> None:
                await self.call([WriterSeeder])
    """)
    )
    assert await DbSeed().handle() == 0
    assert await Writer.query().count() == 2
    assert await DbSeed().handle(class_="NoSuchSeeder") == 1


def test_make_seeder_and_factory_write_stubs(tmp_path: Path) -> None:
    assert MakeSeeder().handle("UserSeeder", path=str(tmp_path)) == 0
    assert "class UserSeeder(Seeder)" in (tmp_path / "user_seeder.py").read_text()
    assert MakeFactory().handle("PostFactory", path=str(tmp_path)) == 0
    assert "class PostFactory(Factory[Post])" in (tmp_path / "post_factory.py").read_text()
    assert MakeSeeder().handle("UserSeeder", path=str(tmp_path)) == 1
    assert MakeSeeder().handle("bad name", path=str(tmp_path)) == 1


def test_make_model_with_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lararust_orm._commands import MakeModel

    monkeypatch.chdir(tmp_path)
    assert MakeModel().handle("Flight", migration=True, factory=True, seed=True) == 0
    assert "class Flight(Model)" in (tmp_path / "app" / "models" / "flight.py").read_text()
    migrations = list((tmp_path / "database" / "migrations").glob("*_create_flights_table.py"))
    assert len(migrations) == 1
    assert (tmp_path / "database" / "factories" / "flight_factory.py").is_file()
    assert (tmp_path / "database" / "seeders" / "flight_seeder.py").is_file()
    assert MakeModel().handle("Flight") == 1


def test_make_model_all_creates_the_resource_controller_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lararust_orm._commands import MakeModel

    (tmp_path / "bootstrap").mkdir()
    (tmp_path / "bootstrap" / "app.py").write_text("")  # what marks an application's root
    monkeypatch.chdir(tmp_path)
    assert MakeModel().handle("Plane", all=True) == 0
    assert (tmp_path / "app" / "models" / "plane.py").is_file()
    controller = tmp_path / "app" / "http" / "controllers" / "plane_controller.py"
    assert "class PlaneController" in controller.read_text()
    assert "def destroy" in controller.read_text()  # a resource controller
    assert len(list((tmp_path / "database" / "migrations").glob("*_create_planes_table.py"))) == 1
    assert (tmp_path / "database" / "factories" / "plane_factory.py").is_file()
    assert (tmp_path / "database" / "seeders" / "plane_seeder.py").is_file()


def test_make_model_controller_outside_an_app_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lararust_orm._commands import MakeModel

    monkeypatch.chdir(tmp_path)
    assert MakeModel().handle("Boat", controller=True) == 1
    assert "make:controller BoatController" in capsys.readouterr().err


async def test_model_prune_deletes_prunable_models(
    db: Connection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lararust_orm._commands import ModelPrune

    writer = await WriterFactory.new().create()
    for title in ("old one", "old two", "fresh"):
        await BookFactory.new().create({"title": title, "writer_id": writer.id})
    models = tmp_path / "models"
    models.mkdir()
    (models / "stale_book.py").write_text(
        textwrap.dedent(f"""
        from lararust_orm import Model, Prunable

        class StaleBook(Prunable, Model):
            table = "{BOOKS}"

            def prunable(self):
                return StaleBook.where_like("title", "old%")
    """)
    )
    assert await ModelPrune().handle(path=str(models)) == 0
    assert "2 [StaleBook] records have been pruned." in capsys.readouterr().out
    assert [b.title for b in await Book.all()] == ["fresh"]
    assert await ModelPrune().handle(path=str(models), model="Nope") == 1


async def test_creating_many_shows_progress(
    db: Connection, capsys: pytest.CaptureFixture[str]
) -> None:
    await WriterFactory.new().count(3).create(progress=True)
    err = capsys.readouterr().err
    assert "Writer [" in err
    assert err.rstrip().endswith("3/3")
