"""Models (first slice of issue 8) on all three databases."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from lararust_orm import (
    DB,
    Connection,
    DatabaseManager,
    MassAssignmentError,
    Model,
    ModelCollection,
    ModelNotFound,
    RecordNotFound,
    SoftDeletes,
)
from lararust_orm_testkit import SUFFIX, T, rolled_back

ARTICLES = f"articles_{SUFFIX}"


class Status(enum.Enum):
    DRAFT = "draft"
    LIVE = "live"


class Person(Model):
    table = T.users
    timestamps = False
    fillable = ["name", "email", "age"]
    hidden = ["email"]
    casts = {"active": "bool", "options": "json", "created_at": "datetime"}

    id: int
    name: str
    age: int

    def scope_adults(self, query: Any) -> Any:
        return query.where("age", ">=", 18)

    def get_shout_attribute(self, value: Any) -> str:
        return str(self.name).upper()


class Article(Model):
    table = ARTICLES
    fillable = ["title", "price", "meta", "status", "published_on", "live"]
    casts = {"price": "decimal:2", "meta": "json", "status": Status, "published_on": "date",
             "live": "bool"}  # fmt: skip
    attributes = {"views": 0}

    id: int
    title: str

    def set_title_attribute(self, value: str) -> str:
        return value.strip()


@pytest.fixture
async def db(manager: DatabaseManager) -> AsyncIterator[Connection]:
    """The DB facade bound to the database under test, with an articles table."""
    DB.swap(manager)
    conn = manager.connection()
    schema = conn.get_schema_builder()
    await schema.drop_if_exists(ARTICLES)
    async with schema.create(ARTICLES) as table:
        table.id()
        table.string("title")
        table.decimal("price", 8, 2).nullable()
        table.json("meta").nullable()
        table.string("status").nullable()
        table.date("published_on").nullable()
        table.boolean("live").default(False)
        table.integer("views").default(0)
        table.timestamps()
    try:
        yield conn
    finally:
        await schema.drop_if_exists(ARTICLES)
        await manager.disconnect()
        DB.clear()


def test_table_name_follows_the_convention() -> None:
    class BlogPost(Model):
        pass

    assert BlogPost.table == "blog_posts"
    assert Person.table == T.users


def test_a_column_shadowing_a_method_is_refused() -> None:
    with pytest.raises(TypeError, match=r"would shadow Model\.save"):

        class Bad(Model):
            save: int


async def test_query_methods_return_models(db: Connection) -> None:
    people = await Person.where("age", ">", 20).order_by("age").get()
    assert isinstance(people, ModelCollection)
    assert [p.name for p in people] == ["dee", "ann", "cy", "eve"]
    first = people.first()
    assert isinstance(first, Person)
    assert first["name"] == "dee"
    assert (await Person.find(2)).name == "bob"  # type: ignore[union-attr]
    assert len(await Person.all()) == 5
    assert await Person.where("active", True).count() == 3
    assert await Person.query().where("name", "cy").value("active") is True


async def test_find_or_fail_raises_model_not_found(db: Connection) -> None:
    with pytest.raises(ModelNotFound, match=r"\[Person\] 999") as info:
        await Person.find_or_fail(999)
    assert isinstance(info.value, RecordNotFound)
    with pytest.raises(ModelNotFound):
        await Person.where("age", 1000).first_or_fail()


async def test_casts_accessors_and_scopes(db: Connection) -> None:
    ann = await Person.where("name", "ann").first_or_fail()
    assert ann.active is True
    assert ann.options == {"theme": "dark", "tags": ["a", "b"], "size": 3}
    assert ann.created_at == datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
    assert ann.shout == "ANN"
    assert [p.name for p in await Person.adults().order_by("name").get()] == [
        "ann", "cy", "dee", "eve",
    ]  # fmt: skip


async def test_to_dict_hides_hidden_attributes(db: Connection) -> None:
    ann = await Person.where("name", "ann").first_or_fail()
    data = ann.to_dict()
    assert "email" not in data
    assert data["created_at"] == "2024-01-15T10:00:00+00:00"
    assert data["options"]["theme"] == "dark"


async def test_mass_assignment_is_guarded(db: Connection) -> None:
    with pytest.raises(MassAssignmentError, match="'active'"):
        Person(name="x", active=True)
    person = Person(name="x")
    person.active = True
    assert person.is_dirty("active")


async def test_create_save_update_delete_refresh(db: Connection) -> None:
    article = await Article.create(
        title="  Hello  ", price="9.5", meta={"a": 1}, status=Status.LIVE,
        published_on=date(2024, 5, 1), live=True,
    )  # fmt: skip
    assert article.exists
    assert article.id > 0
    assert article.title == "Hello"
    assert article.views == 0
    fresh = await Article.find_or_fail(article.id)
    assert fresh.price == Decimal("9.50")
    assert fresh.meta == {"a": 1}
    assert fresh.status is Status.LIVE
    assert fresh.published_on == date(2024, 5, 1)
    assert fresh.live is True
    assert isinstance(fresh.created_at, datetime)
    assert fresh.created_at.tzinfo is not None
    fresh.title = "Changed"
    assert fresh.is_dirty("title")
    assert fresh.get_original("title") == "Hello"
    await fresh.save()
    assert fresh.is_clean()
    assert fresh.was_changed("title")
    await fresh.update(price=Decimal("1.25"))
    await article.refresh()
    assert (article.title, article.price) == ("Changed", Decimal("1.25"))
    assert await article.delete() is True
    assert await Article.find(article.id) is None


async def test_class_level_update_and_delete_are_the_builders(db: Connection) -> None:
    await Article.create(title="a", live=False)
    await Article.create(title="b", live=False)
    assert await Article.where("live", False).update({"views": 5}) == 2
    assert await Article.query().sum("views") == 10
    assert await Article.where("title", "a").delete() == 1
    assert await Article.query().count() == 1


async def test_first_or_create_and_update_or_create(db: Connection) -> None:
    made = await Article.first_or_create({"title": "x"}, {"live": True})
    again = await Article.first_or_create({"title": "x"}, {"live": False})
    assert made == again
    assert again.live is True
    updated = await Article.update_or_create({"title": "x"}, {"live": False})
    assert updated.get_key() == made.get_key()
    assert (await Article.find_or_fail(made.id)).live is False
    assert (await Article.first_or_new({"title": "nope"})).exists is False
    assert (await Article.find_or_fail(made.id)).exists is True
    assert Article().exists is False


async def test_replicate_and_touch(db: Connection) -> None:
    original = await Article.create(title="orig", live=True)
    copy = original.replicate()
    assert copy.exists is False
    await copy.save()
    assert copy.id != original.id
    assert copy.title == "orig"
    before = original.updated_at
    await original.touch()
    assert original.updated_at >= before


NOTES = f"notes_{SUFFIX}"


class Note(SoftDeletes, Model):
    table = NOTES
    fillable = ["body", "secret"]

    id: int
    body: str

    @classmethod
    def booted(cls) -> None:
        cls.add_global_scope("public", lambda q: q.where("secret", False))


@pytest.fixture
async def notes(db: Connection) -> AsyncIterator[Connection]:
    schema = db.get_schema_builder()
    await schema.drop_if_exists(NOTES)
    async with schema.create(NOTES) as table:
        table.id()
        table.string("body")
        table.boolean("secret").default(False)
        table.timestamps()
        table.soft_deletes()
    try:
        yield db
    finally:
        Note.flush_event_listeners()
        await schema.drop_if_exists(NOTES)


async def test_soft_deletes_and_global_scopes(notes: Connection) -> None:
    kept = await Note.create(body="kept")
    gone = await Note.create(body="gone")
    await Note.create(body="hidden", secret=True)
    assert await gone.delete() is True
    assert gone.trashed()
    assert [n.body for n in await Note.all()] == ["kept"]
    assert sorted(n.body for n in await Note.with_trashed().get()) == ["gone", "kept"]
    assert [n.body for n in await Note.only_trashed().get()] == ["gone"]
    everything = await Note.query().without_global_scopes().count()
    assert everything == 3
    assert await Note.query().without_global_scope("public").count() == 2
    await gone.restore()
    assert await Note.query().count() == 2
    await kept.force_delete()
    assert await Note.with_trashed().where("body", "kept").count() == 0


async def test_events_fire_in_order_and_can_cancel(notes: Connection) -> None:
    seen: list[str] = []
    for event in ("saving", "creating", "created", "updating", "updated", "saved", "deleting",
                  "deleted"):  # fmt: skip
        Note.on(event, lambda model, e=event: seen.append(e))
    note = await Note.create(body="a")
    assert seen == ["saving", "creating", "created", "saved"]
    assert note.was_recently_created
    seen.clear()
    note.body = "b"
    await note.save()
    assert seen == ["saving", "updating", "updated", "saved"]

    async def refuse(model: Note) -> bool:
        return model.body != "forbidden"

    Note.on("saving", refuse)
    note.body = "forbidden"
    assert await note.save() is False
    fresh = await Note.find_or_fail(note.id)
    assert fresh.body == "b"
    with pytest.raises(ValueError, match="unknown model event"):
        Note.on("exploded", print)


async def test_observers(notes: Connection) -> None:
    log: list[str] = []

    class NoteObserver:
        async def created(self, note: Note) -> None:
            log.append(f"created {note.body}")

        def deleting(self, note: Note) -> bool:
            return note.body != "keep me"

    Note.observe(NoteObserver)
    note = await Note.create(body="keep me")
    assert log == ["created keep me"]
    assert await note.delete() is False
    assert await Note.query().count() == 1


@pytest.mark.smoke
def test_hydrated_columns_read_the_row_and_respect_casts_of_subclasses() -> None:
    class Base(Model):
        table = "things"
        timestamps = False
        flag: bool
        name: str

    class Casting(Base):
        casts = {"flag": "bool"}

    plain, cast = Base.hydrate([{"flag": 1, "name": "a"}])[0], Casting.hydrate([{"flag": 1}])[0]
    assert plain.flag == 1
    assert cast.flag is True
    with pytest.raises(AttributeError, match="loaded column 'name'"):
        _ = cast.name
    plain.name = "b"
    assert plain.name == "b"
    assert plain.get_dirty() == {"name": "b"}
    assert plain.get_original("name") == "a"


async def test_route_model_binding(db: Connection) -> None:
    from lararust_contracts import UrlRoutable

    assert isinstance(Person, UrlRoutable)
    bob = await Person.resolve_route_binding("2")
    assert bob is not None
    assert bob.name == "bob"
    assert bob.get_route_key() == 2
    assert await Person.resolve_route_binding("abc") is None
    assert await Person.resolve_route_binding("999") is None
    by_name = await Person.resolve_route_binding("cy", "name")
    assert by_name is not None
    assert by_name.age == 45


async def test_quiet_saves_and_retrieved_events(notes: Connection) -> None:
    seen: list[str] = []
    Note.on("creating", lambda m: seen.append("creating"))
    Note.on("retrieved", lambda m: seen.append(f"retrieved {m.body}"))
    quiet = Note(body="q")
    await quiet.save_quietly()
    assert seen == []
    with Note.without_events():
        await Note.create(body="also quiet")
    assert seen == []
    await Note.where("body", "q").first()
    assert seen == ["retrieved q"]


class Upper:
    """A custom cast: stored lower case, read upper case."""

    def get(self, value: Any) -> Any:
        return None if value is None else str(value).upper()

    def set(self, value: Any) -> Any:
        return None if value is None else str(value).lower()


@pytest.mark.smoke
def test_custom_casts_visible_and_appends() -> None:
    class Shout(Model):
        table = "shouts"
        timestamps = False
        casts = {"word": Upper}
        visible = ["word", "id"]
        appends = ["length"]
        word: str

        def get_length_attribute(self, value: Any) -> int:
            return len(self.word)

    shout = Shout.hydrate([{"id": 1, "word": "hey", "secret": "x"}])[0]
    assert shout.word == "HEY"
    shout.word = "LOUD"
    assert shout.get_dirty() == {"word": "loud"}
    assert shout.to_dict() == {"id": 1, "word": "LOUD", "length": 4}


async def test_after_commit_observers_wait_for_the_commit(notes: Connection) -> None:
    log: list[str] = []

    class Mailer:
        after_commit = True

        def created(self, note: Note) -> None:
            log.append(note.body)

    Note.observe(Mailer)
    async with notes.transaction():
        await Note.create(body="queued")
        assert log == []
    assert log == ["queued"]


async def test_collection_fresh_refetches(db: Connection) -> None:
    people = await Person.where_in("id", [1, 2]).order_by("id").get()
    async with rolled_back(db):
        await db.table(T.users).where("id", 1).update({"age": 31})
        fresh = await people.fresh()
        assert [p.age for p in fresh] == [31, 17]
        assert people.first().age == 30
