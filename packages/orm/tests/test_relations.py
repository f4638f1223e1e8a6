"""Relationships and eager loading on all three databases (query counts asserted)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from lararust_orm import (
    DB,
    BelongsTo,
    BelongsToMany,
    Connection,
    DatabaseError,
    DatabaseManager,
    HasMany,
    HasManyThrough,
    HasOne,
    HasOneThrough,
    LazyLoadingError,
    Model,
    ModelCollection,
    MorphMany,
    MorphOne,
    MorphTo,
    MorphToMany,
    belongs_to,
    has_many,
    morph_map,
)
from lararust_orm_testkit import SUFFIX, T, fresh_tables

ROLES, PIVOT = f"roles_{SUFFIX}", f"role_user_{SUFFIX}"
COMMENTS = f"comments_{SUFFIX}"
IMAGES = f"images_{SUFFIX}"
TAGS, TAGGABLES = f"tags_{SUFFIX}", f"taggables_{SUFFIX}"


class Author(Model):
    table = T.users
    timestamps = False
    casts = {"options": "json"}

    id: int
    name: str

    @has_many
    def posts(self) -> HasMany[Entry]:
        return self.has_many(Entry, "user_id")

    def first_post(self) -> HasOne[Entry]:
        return self.has_one(Entry, "user_id")

    def comments(self) -> HasManyThrough[Comment]:
        return self.has_many_through(Comment, Entry, "user_id")

    def latest_comment(self) -> HasOneThrough[Comment]:
        return self.has_one_through(Comment, Entry, "user_id")

    def images(self) -> MorphMany[Image]:
        return self.morph_many(Image, "imageable")

    def roles(self) -> BelongsToMany[Role]:
        return self.belongs_to_many(Role, PIVOT, "user_id", "role_id").with_pivot("level")

    def tags(self) -> MorphToMany[Tag]:
        return self.morph_to_many(Tag, "taggable", TAGGABLES)


class Entry(Model):
    table = T.posts
    timestamps = False
    fillable = ["title", "views"]

    id: int
    title: str

    @belongs_to
    def user(self) -> BelongsTo[Author]:
        return self.belongs_to(Author)

    def image(self) -> MorphOne[Image]:
        return self.morph_one(Image, "imageable")

    def tags(self) -> MorphToMany[Tag]:
        return self.morph_to_many(Tag, "taggable", TAGGABLES)


class Comment(Model):
    table = COMMENTS
    timestamps = False

    id: int
    body: str


class Image(Model):
    table = IMAGES
    timestamps = False
    fillable = ["url"]

    id: int
    url: str

    def imageable(self) -> MorphTo:
        return self.morph_to()


morph_map({"author": Author, "entry": Entry})


class Role(Model):
    table = ROLES
    timestamps = False
    fillable = ["name"]

    id: int
    name: str


@pytest.fixture
async def db(manager: DatabaseManager) -> AsyncIterator[Connection]:
    """The DB facade on the database under test, with roles and a pivot table."""
    DB.swap(manager)
    conn = manager.connection()
    schema = conn.get_schema_builder()
    await schema.drop_if_exists(PIVOT)
    await schema.drop_if_exists(ROLES)
    async with schema.create(ROLES) as table:
        table.id()
        table.string("name")
    async with schema.create(PIVOT) as table:
        table.unsigned_big_integer("user_id")
        table.unsigned_big_integer("role_id")
        table.integer("level").default(1)
        table.primary(["user_id", "role_id"])
    await conn.table(ROLES).insert([{"name": "admin"}, {"name": "editor"}, {"name": "viewer"}])
    await schema.drop_if_exists(COMMENTS)
    async with schema.create(COMMENTS) as table:
        table.id()
        table.unsigned_big_integer("entry_id")
        table.string("body")
    await conn.table(COMMENTS).insert(
        [
            {"entry_id": 1, "body": "c1"},
            {"entry_id": 2, "body": "c2"},
            {"entry_id": 4, "body": "c3"},
        ]
    )
    await schema.drop_if_exists(IMAGES)
    async with schema.create(IMAGES) as table:
        table.id()
        table.morphs("imageable")
        table.string("url")
    try:
        yield conn
    finally:
        await schema.drop_if_exists(PIVOT)
        await schema.drop_if_exists(ROLES)
        await schema.drop_if_exists(COMMENTS)
        await schema.drop_if_exists(IMAGES)
        await manager.disconnect()
        DB.clear()


def queries(conn: Connection) -> int:
    return len(conn.get_query_log())


async def test_querying_a_relation(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    posts = await ann.posts().order_by("views").get()
    assert [p.title for p in posts] == ["hello", "again"]
    assert await ann.posts().where("views", ">", 15).count() == 1
    assert (await ann.first_post().get_results()).title in ("hello", "again")
    post = await Entry.find_or_fail(3)
    assert (await post.user().get_results()).name == "bob"


async def test_unloaded_relations_raise_instead_of_querying(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    db.enable_query_log()
    with pytest.raises(LazyLoadingError, match=r"Author\.posts is not loaded.*load\('posts'\)"):
        len(ann.posts)
    with pytest.raises(LazyLoadingError):
        _ = (await Entry.find_or_fail(1)).user.name
    assert queries(db) == 1


async def test_eager_loading_runs_one_query_per_relation(db: Connection) -> None:
    db.enable_query_log()
    authors = await Author.with_("posts", "first_post").order_by("id").get()
    assert queries(db) == 3
    assert [len(a.posts) for a in authors] == [2, 1, 0, 3, 0]
    assert isinstance(authors.first().posts, ModelCollection)
    assert not authors[2].first_post
    assert authors[1].first_post.title == "bob's"
    assert authors[1].first_post.value.title == "bob's"
    assert queries(db) == 3


async def test_nested_and_constrained_eager_loading(db: Connection) -> None:
    db.enable_query_log()
    entries = await Entry.with_("user.posts").order_by("id").get()
    assert queries(db) == 3
    assert entries.first().user.name == "ann"
    assert len(entries.first().user.posts) == 2
    popular = await Author.with_({"posts": lambda q: q.where("views", ">", 4)}).order_by("id").get()
    assert [len(a.posts) for a in popular] == [2, 1, 0, 0, 0]


async def test_load_on_a_model_and_a_collection(db: Connection) -> None:
    authors = await Author.where("id", "<", 3).get()
    db.enable_query_log()
    await authors.load("posts")
    assert queries(db) == 1
    dee = await Author.find_or_fail(4)
    await dee.load("posts")
    assert sorted(p.title for p in dee.posts) == ["one", "three", "two"]
    await dee.load_missing("posts")
    assert queries(db) == 3
    assert dee.to_dict()["posts"][0]["user_id"] == 4


async def test_creating_through_relations_and_associating(db: Connection) -> None:
    async def body() -> None:
        cy = await Author.find_or_fail(3)
        post = await cy.posts().create(title="cy writes", views=1)
        assert post.user_id == 3
        await cy.posts().save_many([Entry(title="more", views=2)])
        assert await cy.posts().count() == 2
        moved = await Entry.find_or_fail(post.id)
        eve = await Author.find_or_fail(5)
        moved.user().associate(eve)
        assert moved.user.name == "eve"
        await moved.save()
        assert (await Entry.find_or_fail(post.id)).user_id == 5
        raise _Rollback

    with pytest.raises(_Rollback):
        await db.transaction(body)


class _Rollback(Exception):
    pass


async def test_belongs_to_many_attach_sync_toggle(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    roles = ann.roles()
    await roles.attach({1: {"level": 5}, 2: {}})
    got = await ann.roles().order_by(f"{ROLES}.id").get()
    assert [(r.name, r.pivot.level) for r in got] == [("admin", 5), ("editor", 1)]
    assert await roles.sync({2: {"level": 3}, 3: {}}) == {
        "attached": [3], "detached": [1], "updated": [2],
    }  # fmt: skip
    assert await roles.toggle([1, 2]) == {"attached": [1], "detached": [2]}
    assert sorted(r.name for r in await ann.roles().get()) == ["admin", "viewer"]
    assert await roles.update_existing_pivot(3, {"level": 9}) == 1
    assert await roles.detach([3]) == 1
    assert await roles.detach() == 1


async def test_belongs_to_many_eager_loading(db: Connection) -> None:
    for user_id, role_ids in ((1, [1, 2]), (2, [2])):
        await (await Author.find_or_fail(user_id)).roles().attach(role_ids)
    db.enable_query_log()
    authors = await Author.with_("roles").where_in("id", [1, 2, 3]).order_by("id").get()
    assert queries(db) == 2
    assert [sorted(r.name for r in a.roles) for a in authors] == [
        ["admin", "editor"], ["editor"], [],
    ]  # fmt: skip
    assert authors.first().roles.first().pivot.user_id == 1


def test_relation_method_annotation_makes_a_descriptor() -> None:
    post = Entry()
    relation: Any = post.user()
    assert isinstance(relation, BelongsTo)
    assert relation.foreign_key == "user_id"


async def test_where_has_and_doesnt_have(db: Connection) -> None:
    async def names(query: Any) -> list[str]:
        return [a.name for a in await query.order_by("name").get()]

    assert await names(Author.has("posts")) == ["ann", "bob", "dee"]
    assert await names(Author.where_has("posts", lambda q: q.where("views", ">", 9))) == ["ann"]
    assert await names(Author.has("posts", ">=", 2)) == ["ann", "dee"]
    assert await names(Author.doesnt_have("posts")) == ["cy", "eve"]
    either = Author.where("age", 60).or_where_has("posts", lambda q: q.where("views", 5))
    assert await names(either) == ["bob", "eve"]
    assert [e.title for e in await Entry.where_has("user", lambda q: q.where("age", 17)).get()] == [
        "bob's"
    ]


async def test_relation_aggregates_use_laravels_names(db: Connection) -> None:
    authors = await (
        Author.query().with_count("posts").with_sum("posts", "views").with_exists("posts")
        .order_by("id").get()
    )  # fmt: skip
    ann, bob, cy = authors[0], authors[1], authors[2]
    assert (ann.posts_count, int(ann.posts_sum_views)) == (2, 30)
    assert (bob.posts_count, int(bob.posts_sum_views)) == (1, 5)
    assert cy.posts_count == 0
    assert cy.posts_sum_views is None
    assert bool(ann.posts_exists) is True
    assert bool(cy.posts_exists) is False
    assert ann.name == "ann"


async def test_has_many_through_and_has_one_through(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    assert sorted(c.body for c in await ann.comments().get()) == ["c1", "c2"]
    db.enable_query_log()
    authors = await Author.with_("comments", "latest_comment").order_by("id").get()
    assert len(db.get_query_log()) == 3
    assert [sorted(c.body for c in a.comments) for a in authors] == [
        ["c1", "c2"], [], [], ["c3"], [],
    ]  # fmt: skip
    assert authors[3].latest_comment.body == "c3"
    assert not authors[1].latest_comment
    assert [a.name for a in await Author.has("comments").order_by("name").get()] == ["ann", "dee"]


async def test_peer_loading_loads_for_the_whole_result_set(db: Connection) -> None:
    authors = await Author.query().with_peer_loading().order_by("id").get()
    db.enable_query_log()
    await authors[0].load("posts")
    assert len(db.get_query_log()) == 1
    assert [len(a.posts) for a in authors] == [2, 1, 0, 3, 0]


async def test_polymorphic_relations(db: Connection) -> None:
    ann, entry = await Author.find_or_fail(1), await Entry.find_or_fail(3)
    await ann.images().create(url="a.png")
    await ann.images().create(url="b.png")
    await entry.image().create(url="e.png")
    assert sorted(i.url for i in await ann.images().get()) == ["a.png", "b.png"]
    assert (await entry.image().get_results()).url == "e.png"
    stored = await db.table(IMAGES).where("url", "e.png").first()
    assert stored["imageable_type"] == "entry"
    db.enable_query_log()
    images = await Image.with_("imageable").order_by("url").get()
    assert len(db.get_query_log()) == 3
    assert [type(i.imageable.value).__name__ for i in images] == ["Author", "Author", "Entry"]
    assert images[2].imageable.title == "bob's"
    authors = await Author.with_("images").where_in("id", [1, 2]).order_by("id").get()
    assert [len(a.images) for a in authors] == [2, 0]


def test_ambiguous_morph_types_need_a_morph_map() -> None:
    from lararust_orm._relations import morph_alias, morph_class

    class Twin(Model):
        table = ROLES

    assert morph_alias(Author) == "author"
    with pytest.raises(DatabaseError, match="ambiguous"):
        morph_class(ROLES)
    assert Twin.get_table() == ROLES


class Tag(Model):
    table = TAGS
    timestamps = False
    fillable = ["name"]

    id: int
    name: str

    def authors(self) -> BelongsToMany[Author]:
        return self.morphed_by_many(Author, "taggable", TAGGABLES)

    def entries(self) -> BelongsToMany[Entry]:
        return self.morphed_by_many(Entry, "taggable", TAGGABLES)


@pytest.fixture
async def tagged(db: Connection) -> AsyncIterator[Connection]:
    """Tags and a polymorphic pivot (``taggables``) on the database under test."""
    schema = db.get_schema_builder()
    async with fresh_tables(schema, TAGGABLES, TAGS):
        async with schema.create(TAGS) as table:
            table.id()
            table.string("name")
        async with schema.create(TAGGABLES) as table:
            table.unsigned_big_integer("tag_id")
            table.morphs("taggable")
        await db.table(TAGS).insert([{"name": "red"}, {"name": "green"}, {"name": "blue"}])
        yield db


async def test_morph_to_many_stores_the_parents_alias_on_the_pivot(tagged: Connection) -> None:
    ann, entry = await Author.find_or_fail(1), await Entry.find_or_fail(1)
    await ann.tags().attach([1, 2])
    await entry.tags().attach(1)
    rows = await tagged.table(TAGGABLES).order_by("taggable_type").order_by("tag_id").get()
    assert [(r["taggable_type"], r["taggable_id"], r["tag_id"]) for r in rows] == [
        ("author", 1, 1), ("author", 1, 2), ("entry", 1, 1),
    ]  # fmt: skip
    assert sorted(t.name for t in await ann.tags().get()) == ["green", "red"]
    assert [t.name for t in await entry.tags().get()] == ["red"]


async def test_morphed_by_many_reads_each_type_apart(tagged: Connection) -> None:
    await (await Author.find_or_fail(1)).tags().attach(1)
    await (await Author.find_or_fail(2)).tags().attach(1)
    await (await Entry.find_or_fail(3)).tags().attach(1)
    red = await Tag.find_or_fail(1)
    assert sorted(a.name for a in await red.authors().get()) == ["ann", "bob"]
    assert [e.title for e in await red.entries().get()] == ["bob's"]


async def test_morph_to_many_eager_loads_sync_and_detach(tagged: Connection) -> None:
    ann = await Author.find_or_fail(1)
    assert await ann.tags().sync([1, 3]) == {"attached": [1, 3], "detached": [], "updated": []}
    await (await Entry.find_or_fail(1)).tags().attach(2)  # same id, other type
    tagged.enable_query_log()
    authors = await Author.with_("tags").where_in("id", [1, 2]).order_by("id").get()
    assert len(tagged.get_query_log()) == 2
    assert [sorted(t.name for t in a.tags) for a in authors] == [["blue", "red"], []]
    assert await ann.tags().sync([3]) == {"attached": [], "detached": [1], "updated": []}
    assert await ann.tags().detach() == 1
    assert [t.name for t in await (await Entry.find_or_fail(1)).tags().get()] == ["green"]


async def test_where_has_through_a_morph_to_many(tagged: Connection) -> None:
    await (await Author.find_or_fail(2)).tags().attach(3)
    await (await Entry.find_or_fail(1)).tags().attach(3)  # entry 1: not an author
    found = await Author.where_has("tags", lambda q: q.where("name", "blue")).get()
    assert [a.name for a in found] == ["bob"]


THREADS, REPLIES = f"threads_{SUFFIX}", f"replies_{SUFFIX}"
OLD = datetime(2020, 1, 1, tzinfo=UTC)


class Thread(Model):
    table = THREADS
    fillable = ["title"]

    id: int
    title: str


class Reply(Model):
    table = REPLIES
    timestamps = False
    fillable = ["body", "thread_id"]
    touches = ["thread"]

    id: int
    body: str

    def thread(self) -> BelongsTo[Thread]:
        return self.belongs_to(Thread)


@pytest.fixture
async def threads(db: Connection) -> AsyncIterator[Connection]:
    """A thread (``updated_at`` long ago) whose replies touch it."""
    schema = db.get_schema_builder()
    async with fresh_tables(schema, REPLIES, THREADS):
        async with schema.create(THREADS) as table:
            table.id()
            table.string("title")
            table.timestamps()
        async with schema.create(REPLIES) as table:
            table.id()
            table.unsigned_big_integer("thread_id")
            table.string("body")
        await db.table(THREADS).insert(
            [{"title": t, "created_at": OLD, "updated_at": OLD} for t in ("one", "two")]
        )
        yield db


async def updated_at(thread_id: int) -> datetime:
    return (await Thread.find_or_fail(thread_id)).updated_at  # type: ignore[no-any-return]


async def test_touches_updates_the_parent_on_create_update_and_delete(threads: Connection) -> None:
    reply = await Reply.create(body="hi", thread_id=1)
    assert (first := await updated_at(1)) > OLD
    assert await updated_at(2) == OLD
    await threads.table(THREADS).update({"updated_at": OLD})
    reply.body = "edited"
    await reply.save()
    assert await updated_at(1) >= first
    await threads.table(THREADS).update({"updated_at": OLD})
    await reply.save()  # nothing changed: nothing written, nothing touched
    assert await updated_at(1) == OLD
    await reply.delete()
    assert await updated_at(1) > OLD


async def test_touches_refresh_the_loaded_parent_in_memory(threads: Connection) -> None:
    reply = await Reply.create(body="hi", thread_id=1)
    await threads.table(THREADS).update({"updated_at": OLD})
    await reply.load("thread")
    thread = reply.thread.value
    assert thread is not None
    assert thread.updated_at == OLD
    reply.body = "edited"
    await reply.save()
    assert thread.updated_at > OLD  # the instance already loaded, not only the row
    # The column keeps whole seconds (the model holds what it wrote, as save() does).
    assert abs(thread.updated_at - await updated_at(1)) <= timedelta(seconds=1)
    assert not thread.is_dirty()  # as saved: a later thread.save() writes nothing new


FORUMS, TOPICS, POSTINGS = f"forums_{SUFFIX}", f"topics_{SUFFIX}", f"postings_{SUFFIX}"


class Forum(Model):
    table = FORUMS
    id: int


class Topic(Model):
    table = TOPICS
    touches = ["forum"]
    id: int

    def forum(self) -> BelongsTo[Forum]:
        return self.belongs_to(Forum)


class Posting(Model):
    table = POSTINGS
    timestamps = False
    fillable = ["topic_id"]
    touches = ["topic"]
    id: int

    def topic(self) -> BelongsTo[Topic]:
        return self.belongs_to(Topic)


@pytest.fixture
async def forums(db: Connection) -> AsyncIterator[Connection]:
    """A forum with one topic (both ``updated_at`` long ago); postings touch the topic."""
    schema = db.get_schema_builder()
    async with fresh_tables(schema, POSTINGS, TOPICS, FORUMS):
        async with schema.create(FORUMS) as table:
            table.id()
            table.timestamps()
        async with schema.create(TOPICS) as table:
            table.id()
            table.unsigned_big_integer("forum_id")
            table.timestamps()
        async with schema.create(POSTINGS) as table:
            table.id()
            table.unsigned_big_integer("topic_id")
        await db.table(FORUMS).insert({"created_at": OLD, "updated_at": OLD})
        await db.table(TOPICS).insert({"forum_id": 1, "created_at": OLD, "updated_at": OLD})
        yield db


async def test_touches_chain_through_a_parent_that_touches_its_own(forums: Connection) -> None:
    await Posting.create(topic_id=1)
    topic, forum = await Topic.find_or_fail(1), await Forum.find_or_fail(1)
    assert topic.updated_at > OLD
    assert forum.updated_at > OLD  # posting -> topic -> forum


class RoundForum(Model):
    """A forum that touches its topics, whose topics touch it back: a cycle."""

    table = FORUMS
    touches = ["topics"]
    id: int

    def topics(self) -> HasMany[RoundTopic]:
        return self.has_many(RoundTopic, "forum_id")


class RoundTopic(Model):
    table = TOPICS
    touches = ["forum"]
    id: int

    def forum(self) -> BelongsTo[RoundForum]:
        return self.belongs_to(RoundForum, "forum_id")


async def test_touches_in_a_cycle_touch_each_model_once(forums: Connection) -> None:
    topic = await RoundTopic.find_or_fail(1)
    db = forums
    db.enable_query_log()
    try:
        assert await topic.touch() is True  # topic -> forum -> topics (this one: stop)
    finally:
        db.disable_query_log()
    updates = [e["sql"] for e in db.get_query_log() if e["sql"].startswith("update")]
    assert len(updates) == 3  # the topic's save, its forum, the forum's topics; then it ends
    assert (await Forum.find_or_fail(1)).updated_at > OLD


def test_touches_must_name_a_relation() -> None:
    class Stray(Model):
        table = REPLIES
        touches = ["nothing"]

    with pytest.raises(DatabaseError, match="touches names 'nothing'"):
        asyncio.run(Stray().touch_owners())


@pytest.fixture
async def imaged(db: Connection) -> Connection:
    """Images of authors 1 and 2, of entry 3, and one whose author does not exist."""
    await db.table(IMAGES).insert(
        [
            {"imageable_type": "author", "imageable_id": 1, "url": "ann.png"},
            {"imageable_type": "author", "imageable_id": 2, "url": "bob.png"},
            {"imageable_type": "entry", "imageable_id": 3, "url": "entry.png"},
            {"imageable_type": "author", "imageable_id": 999, "url": "orphan.png"},
        ]
    )
    return db


async def urls(query: Any) -> list[str]:
    return sorted(i.url for i in await query.get())


async def test_where_has_on_a_morph_to_checks_every_mapped_type(imaged: Connection) -> None:
    assert await urls(Image.where_has("imageable")) == ["ann.png", "bob.png", "entry.png"]
    assert await urls(Image.doesnt_have("imageable")) == ["orphan.png"]


async def test_where_has_morph_filters_by_type_and_constraint(imaged: Connection) -> None:
    assert await urls(Image.where_has_morph("imageable", [Author])) == ["ann.png", "bob.png"]
    by_name = Image.where_has_morph("imageable", ["author"], lambda q: q.where("name", "bob"))
    assert await urls(by_name) == ["bob.png"]

    def per_type(query: Any, model: type[Model]) -> Any:
        column = "name" if model is Author else "title"
        return query.where(column, "ann" if model is Author else "bob's")

    assert await urls(Image.where_has_morph("imageable", "*", per_type)) == [
        "ann.png", "entry.png",
    ]  # fmt: skip
    assert await urls(Image.where_doesnt_have_morph("imageable", [Entry])) == [
        "ann.png", "bob.png", "orphan.png",
    ]  # fmt: skip


def test_where_has_morph_needs_a_morph_to() -> None:
    with pytest.raises(DatabaseError, match="not a morph_to"):
        Author.where_has_morph("posts", [Entry])
    with pytest.raises(DatabaseError, match="only existence checks"):
        Image.has("imageable", ">=", 2)


async def test_scoped_route_binding_finds_the_child_through_the_plural_relation(
    db: Connection,
) -> None:
    ann = await Author.find_or_fail(1)
    mine = await ann.resolve_child_route_binding("post", "1")
    assert isinstance(mine, Entry)
    assert mine.title == "hello"


async def test_scoped_route_binding_misses_another_parents_child(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    assert (await Entry.find_or_fail(3)).get_attribute("user_id") != 1
    assert await ann.resolve_child_route_binding("post", "3") is None
    assert await ann.resolve_child_route_binding("post", "abc") is None


async def test_scoped_route_binding_by_a_custom_field(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    found = await ann.resolve_child_route_binding("post", "again", "title")
    assert found is not None
    assert found.get_key() == 2
    assert await ann.resolve_child_route_binding("post", "bob's", "title") is None


async def test_scoped_route_binding_falls_back_to_a_singular_relation(db: Connection) -> None:
    bob = await Author.find_or_fail(2)
    found = await bob.resolve_child_route_binding("first_post", "3")
    assert found is not None
    assert found.title == "bob's"


async def test_scoped_route_binding_names_a_missing_relation(db: Connection) -> None:
    ann = await Author.find_or_fail(1)
    with pytest.raises(DatabaseError, match=r"Author has no relation 'videos' \(or 'video'\)"):
        await ann.resolve_child_route_binding("video", "1")
