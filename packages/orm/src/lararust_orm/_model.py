"""Eloquent-style models (the first slice of issue 8).

Rules: a model is an annotated class; reading ``user.name`` goes through
:meth:`Model.get_attribute` (accessor, then cast), writing goes through
:meth:`Model.set_attribute` (mutator, then cast) so dirty tracking sees every write. Fetched
models are built without ``__init__`` and keep the driver's row as their original (no copy);
casts run when an attribute is read. A column annotation that would shadow a model method
raises when the class is created. Class-level builder calls (``User.where``,
``User.update``) never collide with instance methods (``user.update(...)``).
"""

from __future__ import annotations

import contextlib
import inspect
import json
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping
from contextvars import ContextVar
from datetime import UTC, date, datetime
from decimal import Decimal
from types import MappingProxyType
from typing import Any, ClassVar, Self, TypeVar

from lararust_support import Str

from ._casts import cast_get, cast_set
from ._connection import Connection
from ._errors import DatabaseError
from ._expression import Expression
from ._model_builder import ModelBuilder, ModelCollection, ModelNotFound
from ._placeholders import translate
from ._relations import RelationDescriptor, RelationsMixin, is_relation_method, load_relations


class MassAssignmentError(DatabaseError):
    """An attribute outside ``fillable`` (or inside ``guarded``) was mass assigned."""


class _ClassOrInstance:
    """``User.update(...)`` is the builder's; ``user.update(...)`` the instance's."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.name = fn.__name__

    def __get__(self, obj: Any, cls: Any) -> Any:
        if obj is None:
            return getattr(cls.query(), self.name)
        return self.fn.__get__(obj, cls)


class ModelMeta(type):
    """Finds accessors, mutators and scopes; refuses columns shadowing methods."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> ModelMeta:
        for attr, value in list(ns.items()):
            if not attr.startswith("_") and is_relation_method(value):
                ns[attr] = RelationDescriptor(value)
        cls = super().__new__(mcls, name, bases, ns)
        if not bases or name == "Model":
            return cls
        reserved = _RESERVED or set()
        for column in ns.get("__annotations__", {}):
            if column in reserved:
                raise TypeError(
                    f"{name}.{column}: a column named {column!r} would shadow Model.{column}(); "
                    f"drop the annotation and read it with get_attribute({column!r})"
                )
        members = dir(cls)
        accessors = {
            m[4:-10]: getattr(cls, m)
            for m in members
            if m.startswith("get_") and m.endswith("_attribute") and m != "get_attribute"
        }
        mutators = {
            m[4:-10]: getattr(cls, m)
            for m in members
            if m.startswith("set_") and m.endswith("_attribute") and m != "set_attribute"
        }
        setattr(cls, "_accessors", accessors)  # noqa: B010 (the metaclass is not the model)
        setattr(cls, "_mutators", mutators)  # noqa: B010
        setattr(cls, "_listeners", {})  # noqa: B010
        setattr(cls, "_global_scopes", {})  # noqa: B010
        setattr(cls, "_booted", False)  # noqa: B010
        if not ns.get("table"):
            cls.table = Str.snake(Str.plural_studly(name))  # type: ignore[attr-defined]
        _install_columns(cls, accessors, mutators)
        return cls

    def __getattr__(cls, name: str) -> Any:
        if name.startswith(("_", "scope_")):
            raise AttributeError(name)
        if hasattr(ModelBuilder, name) or _lookup(cls, f"scope_{name}") is not _NOTHING:
            return getattr(cls.query(), name)
        raise AttributeError(f"type object {cls.__name__!r} has no attribute {name!r}")


_RESERVED: set[str] | None = None
_MUTED: ContextVar[frozenset[type]] = ContextVar("lararust_orm.muted_events", default=frozenset())
_EMPTY: Mapping[str, Any] = MappingProxyType({})


class _Column:
    """An annotated column without cast, accessor or mutator: the hydration hot path.

    A non-data descriptor: an unchanged value is read straight from the driver's row; a value
    set through ``set_attribute`` is mirrored into the instance ``__dict__``, which Python
    then reads first, at C speed.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, cls: Any) -> Any:
        if obj is None:
            return self
        try:
            return obj._original[self.name]
        except KeyError:
            raise AttributeError(
                f"{type(obj).__name__} has no loaded column {self.name!r}"
            ) from None


class _CastColumn(_Column):
    """An annotated column with a cast, accessor or mutator: through ``get_attribute``."""

    __slots__ = ()

    def __get__(self, obj: Any, cls: Any) -> Any:
        if obj is None:
            return self
        return obj.get_attribute(self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        obj.set_attribute(self.name, value)


def _install_columns(cls: Any, accessors: dict[str, Any], mutators: dict[str, Any]) -> None:
    """Give every annotated column of ``cls`` (and its bases) a descriptor."""
    casts = getattr(cls, "casts", {})
    stamps = (cls.CREATED_AT, cls.UPDATED_AT) if getattr(cls, "timestamps", False) else ()
    fast: set[str] = set()
    for klass in reversed(cls.__mro__):
        if klass is Model or not isinstance(klass, ModelMeta):
            continue
        for column, annotation in inspect.get_annotations(klass).items():
            if column.startswith("_") or "ClassVar" in str(annotation):
                continue
            current = cls.__dict__.get(column)
            if current is not None and not isinstance(current, _Column):
                continue  # a real class attribute, method or relation of that name
            slow = column in casts or column in accessors or column in mutators or column in stamps
            setattr(cls, column, (_CastColumn if slow else _Column)(column))
            if slow:
                fast.discard(column)
            else:
                fast.add(column)
    cls._fast_columns = frozenset(fast)


class Model(RelationsMixin, metaclass=ModelMeta):
    """Base of models: ``class User(Model): name: str``."""

    table: ClassVar[str] = ""
    primary_key: ClassVar[str] = "id"
    key_type: ClassVar[str] = "int"
    incrementing: ClassVar[bool] = True
    timestamps: ClassVar[bool] = True
    connection: ClassVar[str | None] = None
    fillable: ClassVar[list[str]] = []
    guarded: ClassVar[list[str]] = ["*"]
    hidden: ClassVar[list[str]] = []
    visible: ClassVar[list[str]] = []
    appends: ClassVar[list[str]] = []
    casts: ClassVar[dict[str, Any]] = {}
    attributes: ClassVar[dict[str, Any]] = {}
    touches: ClassVar[list[str]] = []
    CREATED_AT: ClassVar[str] = "created_at"
    UPDATED_AT: ClassVar[str] = "updated_at"
    _accessors: ClassVar[dict[str, Callable[..., Any]]] = {}
    _mutators: ClassVar[dict[str, Callable[..., Any]]] = {}
    _fast_columns: ClassVar[frozenset[str]] = frozenset()
    # Defaults read as plain attributes on hot paths; instances set their own when needed.
    _changes: ClassVar[Mapping[str, Any]] = _EMPTY
    _relations: ClassVar[dict[str, Any] | None] = None
    _find_plan: ClassVar[Any] = None

    # Class-level True: fetched models are built without ``__init__`` and exist; ``__init__``
    # sets False on each new one. Hydration then sets a single attribute per model.
    exists: bool = True
    was_recently_created: bool = False

    def __init__(self, attributes: Mapping[str, Any] | None = None, /, **values: Any) -> None:
        d = self.__dict__
        d["_original"] = dict(type(self).attributes)
        d["_changes"] = {}
        d["_saved_changes"] = {}
        d["exists"] = False
        d["was_recently_created"] = False
        data = dict(attributes or {}) | values
        if data:
            self.fill(data)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def hydrate(cls, rows: list[Any]) -> list[Self]:
        """Models from driver rows (no ``__init__``, no copy of the rows)."""
        new, put = object.__new__, object.__setattr__
        out: list[Self] = []
        append = out.append
        for row in rows:
            # object.__setattr__ keeps the attributes inline (no instance dict is built): one
            # GC-tracked object per model instead of two, which halves the collector's work
            # on big result sets, its largest cost.
            model = new(cls)
            put(model, "_original", row)
            append(model)
        return out

    @classmethod
    def get_table(cls) -> str:
        """The table name (``User`` -> ``users`` unless ``table`` is set)."""
        return cls.table

    @classmethod
    def get_connection(cls) -> Connection:
        """The model's connection."""
        connection: Connection = _db().resolve().connection(cls.connection)
        return connection

    factory_class: ClassVar[type[Any] | None] = None
    peer_loading: ClassVar[bool] = False

    @classmethod
    def factory(cls, count: int | None = None) -> Any:
        """This model's factory (``factory_class`` or ``database/factories/<model>_factory.py``)."""
        from ._compat import base_path
        from ._factory import find_factory

        factory = find_factory(cls, base_path()).new()
        return factory.count(count) if count is not None else factory

    # -- route-model binding (contracts.UrlRoutable) ------------------------------------------

    @classmethod
    def route_key_name(cls) -> str:
        """The column a bare ``{user}`` route parameter is looked up by."""
        return cls.primary_key

    @classmethod
    async def resolve_route_binding(cls, value: str, field: str | None = None) -> Self | None:
        """The model for a URL segment (``{user}`` or ``{post:slug}``), or None."""
        column = field or cls.route_key_name()
        key = cls._route_value(column, value)
        if key is _NOTHING:
            return None
        return await cls.query().where(column, key).first()

    @classmethod
    def _route_value(cls, column: str, value: str) -> Any:
        """``value`` as ``column`` is queried: an int for an integer key, ``_NOTHING`` for a
        segment that cannot be one (``/users/abc`` is a 404, not a database error)."""
        if column == cls.primary_key and cls.key_type == "int":
            try:
                return int(value)
            except (TypeError, ValueError):
                return _NOTHING
        return value

    def get_route_key(self) -> Any:
        """The value standing for this model in URLs."""
        return self.get_attribute(self.route_key_name())

    async def resolve_child_route_binding(
        self, child: str, value: str, field: str | None = None
    ) -> Model | None:
        """The ``{post}`` of ``/users/{user}/posts/{post:slug}`` looked up through this model's
        relation (scoped bindings), or None (a 404).

        As in Eloquent, the relation is the plural of the parameter name (``posts``), or the
        name itself (``post``: a has-one) when no plural relation exists.
        """
        relation = None
        for name in (Str.plural(child), child):
            found = _lookup(type(self), name)
            if isinstance(found, RelationDescriptor):
                relation = found.make(self)
                break
        if relation is None:
            raise DatabaseError(
                f"{type(self).__name__} has no relation {Str.plural(child)!r} (or {child!r}) "
                f"to scope the route parameter {{{child}}} by"
            )
        related: type[Model] = relation.related
        column = field or related.route_key_name()
        key = related._route_value(column, value)
        if key is _NOTHING:
            return None
        # Qualified: a pivot or through table may have a column of the same name.
        result: Model | None = await relation.where(f"{related.get_table()}.{column}", key).first()
        return result

    @classmethod
    def booted(cls) -> None:
        """Override to add global scopes and event listeners (runs once, before first use)."""

    @classmethod
    def _boot(cls) -> None:
        if cls.__dict__.get("_booted"):
            return
        setattr(cls, "_booted", True)  # noqa: B010
        for base in reversed(cls.__mro__[1:]):
            if isinstance(base, ModelMeta) and base is not Model:
                base._boot()
                cls._global_scopes.update(base.__dict__.get("_global_scopes", {}))
        for base in reversed(cls.__mro__):
            hook = base.__dict__.get("boot_trait")
            if hook is not None:
                hook.__func__(cls)
        cls.booted()

    @classmethod
    def add_global_scope(cls, name: str, scope: Callable[[Any], Any]) -> None:
        """Constrain every query of this model (``without_global_scope(name)`` lifts it)."""
        cls._global_scopes[name] = scope
        _HOOKS_CHANGED[0] += 1

    @classmethod
    def new_model_query(cls) -> ModelBuilder[Self]:
        """A query without global scopes (what ``save``/``delete``/``refresh`` use)."""
        cls._boot()
        return ModelBuilder(cls.get_connection(), cls)

    @classmethod
    def query(cls) -> ModelBuilder[Self]:
        """A new query on the model's table (global scopes applied)."""
        cls._boot()
        builder = ModelBuilder(cls.get_connection(), cls)
        for name, scope in cls._global_scopes.items():
            builder.apply_scope(name, scope)
        return builder

    # -- events -----------------------------------------------------------------------------

    @classmethod
    def on(cls, event: str, listener: Callable[[Any], Any]) -> None:
        """Listen for a model event (``creating``, ``saved``, ``deleted``…); async allowed."""
        if event not in EVENTS:
            raise ValueError(f"unknown model event {event!r}; expected one of {sorted(EVENTS)}")
        cls._listeners.setdefault(event, []).append(listener)
        _HOOKS_CHANGED[0] += 1

    @classmethod
    def observe(cls, observer: Any) -> None:
        """Register an observer: its methods named after events become listeners.

        An observer with ``after_commit = True`` runs them after the transaction commits.
        """
        instance = observer() if isinstance(observer, type) else observer
        deferred = bool(getattr(instance, "after_commit", False))
        for event in EVENTS:
            method = getattr(instance, event, None)
            if callable(method):
                cls.on(event, _after_commit(method) if deferred else method)

    @classmethod
    def has_listeners(cls, event: str) -> bool:
        """Whether anything listens for ``event`` on this model (or a base)."""
        # Asked on every read: the events listened for are cached per class and recomputed
        # only after a listener was added or flushed anywhere (a base's listeners count).
        return event in cls._listened_events()

    @classmethod
    def _listened_events(cls) -> frozenset[str]:
        cached = cls.__dict__.get("_listening")
        if cached is None or cached[0] != _HOOKS_CHANGED[0]:
            events = frozenset(
                name
                for klass in cls.__mro__
                for name, fns in klass.__dict__.get("_listeners", {}).items()
                if fns
            )
            cached = (_HOOKS_CHANGED[0], events)
            setattr(cls, "_listening", cached)  # noqa: B010
        return cached[1]

    @classmethod
    def flush_event_listeners(cls) -> None:
        """Forget every listener of this model."""
        cls._listeners.clear()
        _HOOKS_CHANGED[0] += 1

    @classmethod
    @contextlib.contextmanager
    def without_events(cls) -> Iterator[None]:
        """Run the block with this model's events muted (in this task only)."""
        token = _MUTED.set(_MUTED.get() | {cls})
        try:
            yield
        finally:
            _MUTED.reset(token)

    async def save_quietly(self) -> bool:
        """Save without firing events."""
        with type(self).without_events():
            return await self.save()

    async def fire_event(self, event: str, halt: bool = False) -> bool:
        """Call the listeners of ``event``; with ``halt``, one returning False cancels."""
        type(self)._boot()
        muted = _MUTED.get()
        if muted and any(klass in muted for klass in type(self).__mro__):
            return True
        for klass in type(self).__mro__:
            for listener in klass.__dict__.get("_listeners", {}).get(event, ()):
                result = listener(self)
                if inspect.isawaitable(result):
                    result = await result
                if halt and result is False:
                    return False
        return True

    @classmethod
    def where(cls, *args: Any, **kwargs: Any) -> ModelBuilder[Self]:
        """``User.where("age", ">", 18)``."""
        return cls.query().where(*args, **kwargs)

    @classmethod
    async def all(cls) -> ModelCollection[Self]:
        """Every model."""
        return await cls.query().get()

    @classmethod
    def find(cls, id: Any) -> Coroutine[Any, Any, Self | None]:
        """The model with key ``id`` or None."""
        # The hot path of most pages: a plain key on a model with no global scope, no
        # ``retrieved`` listener and no peer loading skips the builder. It runs the SQL the
        # builder's ``find`` compiles (a plan cached per class and connection, checked
        # against the model's table, key and hooks on every call), with the key bound, and
        # hydrates as the builder does.
        plan = cls._find_plan
        if (
            plan is not None and plan.owner is cls and plan.hooks == _HOOKS_CHANGED[0]
            and type(id) in _PLAIN_KEYS and not cls.peer_loading
            and cls.table is plan.table and cls.primary_key is plan.key
            and _db().resolve().connection(cls.connection) is plan.connection
        ):  # fmt: skip
            return _find_planned(cls, plan, id)
        # The builder's ``find`` tries the same shortcut (making the plan) for a bare query,
        # so the checks run once here, not again inside it.
        return cls.query().find(id)

    @classmethod
    def _find_on(
        cls, connection: Connection, id: Any, from_sql: str | None = None
    ) -> Coroutine[Any, Any, Self | None] | None:
        """``find``'s shortcut on ``connection`` when it applies (``from_sql``: the FROM of
        the bare query asking, which must be the model's table)."""
        if type(id) not in _PLAIN_KEYS or cls.peer_loading:
            return None
        plan = cls._find_plan
        if not (
            plan is not None and plan.owner is cls and plan.hooks == _HOOKS_CHANGED[0]
            and plan.connection is connection and cls.table is plan.table
            and cls.primary_key is plan.key
        ):  # fmt: skip
            if not cls._finds_plainly():
                return None
            plan = _FindPlan(cls, connection)
            setattr(cls, "_find_plan", plan)  # noqa: B010
        if from_sql is not None and from_sql != plan.from_sql:
            return None
        return _find_planned(cls, plan, id)

    @classmethod
    def _finds_plainly(cls) -> bool:
        """Whether ``find`` may skip the builder (no global scope, no ``retrieved`` listener,
        the table from the ``table`` attribute)."""
        cls._boot()
        return not (
            cls._global_scopes
            or cls.has_listeners("retrieved")
            or cls.get_table.__func__ is not Model.get_table.__func__  # type: ignore[attr-defined]
        )

    @classmethod
    async def find_or_fail(cls, id: Any) -> Self:
        """The model with key ``id`` or ``ModelNotFound`` (a 404)."""
        model = await cls.find(id)
        if model is None:
            raise ModelNotFound(cls, [id])
        return model

    @classmethod
    async def create(cls, attributes: Mapping[str, Any] | None = None, **values: Any) -> Self:
        """Make, fill (mass assignment rules) and save a model."""
        model = cls(dict(attributes or {}) | values)
        await model.save()
        return model

    @classmethod
    async def first_or_new(
        cls, attributes: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> Self:
        """The first model matching ``attributes`` or a new unsaved one."""
        found = await cls.query().where(dict(attributes)).first()
        return found if found is not None else cls(dict(attributes) | dict(values or {}))

    @classmethod
    async def first_or_create(
        cls, attributes: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> Self:
        """The first model matching ``attributes`` or a new saved one."""
        model = await cls.first_or_new(attributes, values)
        if not model.exists:
            await model.save()
        return model

    @classmethod
    async def update_or_create(
        cls, attributes: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> Self:
        """Update the model matching ``attributes`` with ``values``, or create it."""
        model = await cls.first_or_new(attributes)
        model.fill(dict(values or {}))
        await model.save()
        return model

    # -- attributes -------------------------------------------------------------------------

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self.get_attribute(key)

    def __setattr__(self, key: str, value: Any) -> None:
        if key in type(self)._fast_columns:  # a plain column: set_attribute's work, inline
            d = self.__dict__
            changes = d.get("_changes")
            if changes is None:
                changes = d["_changes"] = {}
            changes[key] = d[key] = value
            return
        if key.startswith("_") or key in ("exists", "was_recently_created"):
            object.__setattr__(self, key, value)
            return
        found = _lookup(type(self), key)
        if found is not _NOTHING and not isinstance(found, _Column):
            object.__setattr__(self, key, value)  # a property, relation or plain class attribute
        else:
            self.set_attribute(key, value)

    def __getitem__(self, key: str) -> Any:
        return self.get_attribute(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self.set_attribute(key, value)

    def __contains__(self, key: object) -> bool:
        d = self.__dict__
        return key in d.get("_changes", _EMPTY) or key in d["_original"]

    def _raw(self, key: str) -> Any:
        d = self.__dict__
        changes = d.get("_changes", _EMPTY)
        if key in changes:
            return changes[key]
        try:
            return d["_original"][key]
        except KeyError:
            if key in type(self)._accessors:
                return None
            raise AttributeError(
                f"{type(self).__name__} has no attribute or loaded column {key!r}"
            ) from None

    def _cast_of(self, key: str) -> Any:
        cast = type(self).casts.get(key)
        if cast is None and self.timestamps and key in (self.CREATED_AT, self.UPDATED_AT):
            return "datetime"
        return cast

    def get_attribute(self, key: str) -> Any:
        """An attribute's value: its accessor's result, else the cast stored value."""
        accessor = type(self)._accessors.get(key)
        value = self._raw(key)
        if accessor is not None:
            return accessor(self, value)
        cast = self._cast_of(key)
        return cast_get(cast, value) if cast is not None else value

    def set_attribute(self, key: str, value: Any) -> None:
        """Set an attribute through its mutator and cast (tracked as a change)."""
        mutator = type(self)._mutators.get(key)
        if mutator is not None:
            value = mutator(self, value)
        cast = self._cast_of(key)
        stored = cast_set(cast, value) if cast is not None else value
        self._writable_changes()[key] = stored
        if key in type(self)._fast_columns:
            self.__dict__[key] = stored  # read back at C speed (see _Column)

    def _writable_changes(self) -> dict[str, Any]:
        d = self.__dict__
        changes = d.get("_changes")
        if changes is None:
            changes = d["_changes"] = {}
        return changes

    def set_relation(self, name: str, value: Any) -> None:
        """Store a loaded relation (a model, None, or a ModelCollection)."""
        relations = self._relations
        if relations is None:  # set inline: no instance dict built (see hydrate)
            object.__setattr__(self, "_relations", {name: value})
        else:
            relations[name] = value

    def relation_loaded(self, name: str) -> bool:
        """Whether relation ``name`` is loaded."""
        return name in (self._relations or _EMPTY)

    def get_relations(self) -> dict[str, Any]:
        """The loaded relations."""
        return dict(self._relations or _EMPTY)

    async def load(self, *relations: Any) -> Self:
        """Eager load relations (``await user.load("posts.comments")``).

        With peer loading (``peer_loading = True`` or ``query.with_peer_loading()``) the
        relations load for every model of the result set this one came from, in one query.
        """
        from ._relations import parse_spec

        targets = self.__dict__.get("_peers") or [self]
        await load_relations(list(targets), parse_spec(relations))
        return self

    async def load_missing(self, *relations: Any) -> Self:
        """Load the relations not loaded yet."""
        from ._relations import parse_spec

        spec = {
            k: v
            for k, v in parse_spec(relations).items()
            if not self.relation_loaded(k.split(".")[0])
        }
        await load_relations([self], spec)
        return self

    def get_key(self) -> Any:
        """The primary key's value."""
        try:
            return self._raw(self.primary_key)
        except AttributeError:
            return None

    def is_fillable(self, key: str) -> bool:
        """Whether ``key`` may be mass assigned."""
        cls = type(self)
        if key in cls.fillable:
            return True
        if cls.guarded == ["*"] or key in cls.guarded:
            return False
        return not cls.fillable

    def fill(self, attributes: Mapping[str, Any]) -> Self:
        """Mass assign ``attributes`` (``MassAssignmentError`` names a refused one)."""
        for key, value in attributes.items():
            if not self.is_fillable(key):
                raise MassAssignmentError(
                    f"Add {key!r} to {type(self).__name__}.fillable to allow mass assignment"
                )
            self.set_attribute(key, value)
        return self

    def force_fill(self, attributes: Mapping[str, Any]) -> Self:
        """Assign ``attributes`` ignoring ``fillable``/``guarded``."""
        for key, value in attributes.items():
            self.set_attribute(key, value)
        return self

    def get_attributes(self) -> dict[str, Any]:
        """Stored values of every attribute (original overlaid with changes)."""
        d = self.__dict__
        original = d["_original"]
        merged: dict[str, Any] = dict(original.items())
        merged.update(d.get("_changes", _EMPTY))
        return merged

    def get_original(self, key: str | None = None) -> Any:
        """The value(s) as loaded from the database (cast)."""
        original = self.__dict__["_original"]
        if key is not None:
            cast = self._cast_of(key)
            value = original.get(key)
            return cast_get(cast, value) if cast is not None else value
        names = original.keys()  # a Record iterates its values: ask for the keys
        return {k: self.get_original(k) for k in names}

    def get_dirty(self) -> dict[str, Any]:
        """Changed attributes not saved yet (stored values)."""
        original = self.__dict__["_original"]
        return {
            k: v
            for k, v in self.__dict__.get("_changes", _EMPTY).items()
            if k not in original or original[k] != v
        }

    def is_dirty(self, *keys: str) -> bool:
        """Whether any (or any of ``keys``) attribute changed since loading/saving."""
        dirty = self.get_dirty()
        return bool(dirty) if not keys else any(k in dirty for k in keys)

    def is_clean(self, *keys: str) -> bool:
        """The opposite of :meth:`is_dirty`."""
        return not self.is_dirty(*keys)

    def get_changes(self) -> dict[str, Any]:
        """What the last ``save`` wrote."""
        return dict(self.__dict__.get("_saved_changes", _EMPTY))

    def was_changed(self, *keys: str) -> bool:
        """Whether the last ``save`` changed anything (or any of ``keys``)."""
        changes = self.__dict__.get("_saved_changes", _EMPTY)
        return bool(changes) if not keys else any(k in changes for k in keys)

    # -- persistence ------------------------------------------------------------------------

    async def save(self) -> bool:
        """Insert or update the model; False when a ``saving``/``creating``/``updating`` listener
        cancelled it."""
        # Events are only fired (a coroutine each) when something listens for them.
        cls = type(self)
        cls._boot()
        listening = cls._listened_events().__contains__
        if listening("saving") and not await self.fire_event("saving", halt=True):
            return False
        if self.exists:
            dirty = self.get_dirty()
            if not dirty:
                return True
            if listening("updating"):
                if not await self.fire_event("updating", halt=True):
                    return False
                dirty = self.get_dirty()  # the listener may have changed attributes
            if self.timestamps and self.UPDATED_AT not in dirty:
                self.set_attribute(self.UPDATED_AT, datetime.now(UTC))
                dirty = self.get_dirty()
            await self._write_update(dirty)
            self._sync(dirty)
            if listening("updated"):
                await self.fire_event("updated")
        else:
            if listening("creating") and not await self.fire_event("creating", halt=True):
                return False
            query = cls.new_model_query()
            now = datetime.now(UTC)
            if self.timestamps:
                for column in (self.CREATED_AT, self.UPDATED_AT):
                    if column not in self:
                        self.set_attribute(column, now)
            values = self.get_attributes()
            dirty = dict(values)
            if self.incrementing and values.get(self.primary_key) is None:
                values.pop(self.primary_key, None)
                new_id = await query.insert_get_id(values, self.primary_key)
                self._writable_changes()[self.primary_key] = new_id
            else:
                await query.insert(values)
            self.__dict__["exists"] = True
            self.__dict__["was_recently_created"] = True
            self._sync(dirty)
            if listening("created"):
                await self.fire_event("created")
        if listening("saved"):
            await self.fire_event("saved")
        if cls.touches:
            await self.touch_owners()
        return True

    def _write_update(self, dirty: dict[str, Any]) -> Awaitable[int]:
        """UPDATE this model's row with ``dirty`` (stored values).

        The statement is what ``new_model_query().where(key).update(dirty)`` compiles, kept
        per class, connection, table, key and set of columns: a save builds no query. JSON
        paths, raw expressions and a missing key take the builder's way.
        """
        cls = type(self)
        key = self.get_key()
        if (
            key is None
            or isinstance(key, Expression)
            or any(isinstance(v, Expression) or "->" in k for k, v in dirty.items())
        ):
            return cls.new_model_query().where(cls.primary_key, key).update(dirty)
        connection = cls.get_connection()
        plans = cls.__dict__.get("_update_plans")
        if plans is None:
            plans = {}
            setattr(cls, "_update_plans", plans)  # noqa: B010
        plan_key = (connection, cls.get_table(), cls.primary_key, tuple(dirty))
        sql = plans.get(plan_key)
        if sql is None:
            query = cls.new_model_query().where(cls.primary_key, key)
            sql = query._update_statement(dirty)[0]
            if len(plans) >= 256:
                plans.clear()
            plans[plan_key] = sql
        return connection.update(sql, [*dirty.values(), key])

    async def touch_owners(self) -> None:
        """Touch (``updated_at`` = now) the related rows of every relation in ``touches``.

        ``save()`` runs it after writing and ``delete()`` before deleting (Eloquent's
        ``touchOwners``), so a comment's change shows on its post's ``updated_at``. Parent
        models already loaded on this one (``comment.post``) get the new ``updated_at`` in
        memory too, and a touched parent that has ``touches`` of its own touches its owners
        in turn (a comment -> its post -> the post's forum), each model once per call.
        """
        await self._touch_owners(set())

    async def _touch_owners(self, seen: set[tuple[type[Any], Any]]) -> None:
        seen.add((type(self), self.get_key()))
        for name in type(self).touches:
            relation = getattr(self, name, None)
            if not callable(relation):
                raise DatabaseError(f"{type(self).__name__}.touches names {name!r}: no relation")
            fresh = await relation().touch()
            loaded = (self._relations or _EMPTY).get(name)
            if loaded is None:
                parents = fresh
            else:
                parents = list(loaded) if isinstance(loaded, ModelCollection) else [loaded]
                for parent in parents:
                    if parent.timestamps:
                        parent._mark_saved(parent.UPDATED_AT, _touched_at(fresh, parent))
            for parent in parents:
                if type(parent).touches and (type(parent), parent.get_key()) not in seen:
                    await parent._touch_owners(seen)

    def _mark_saved(self, key: str, value: Any) -> None:
        """Set an attribute as the database already holds it (stored value, not dirty)."""
        self.set_attribute(key, value)
        d = self.__dict__
        stored = d["_changes"].pop(key)
        original = dict(d["_original"].items())
        original[key] = stored
        d["_original"] = original

    def _sync(self, saved: dict[str, Any]) -> None:
        d = self.__dict__
        d["_original"] = self.get_attributes()
        d["_changes"] = {}
        d["_saved_changes"] = saved

    async def _update(self, attributes: Mapping[str, Any] | None = None, **values: Any) -> bool:
        """Fill (mass assignment rules) and save."""
        self.fill(dict(attributes or {}) | values)
        return await self.save()

    async def _delete(self) -> bool:
        """Delete the model's row (soft deletes only mark it); False when cancelled."""
        if not self.exists or not await self.fire_event("deleting", halt=True):
            return False
        await self.touch_owners()
        await self._perform_delete()
        await self.fire_event("deleted")
        return True

    async def _perform_delete(self) -> None:
        await type(self).new_model_query().where(self.primary_key, self.get_key()).delete()
        self.__dict__["exists"] = False

    update = _ClassOrInstance(_update)
    delete = _ClassOrInstance(_delete)

    async def refresh(self) -> Self:
        """Reload every attribute from the database."""
        query = type(self).new_model_query()
        fresh = await query.where(self.primary_key, self.get_key()).first_or_fail()
        d = self.__dict__
        d["_original"] = fresh.__dict__["_original"]
        d["_changes"] = {}
        for name in type(self)._fast_columns:
            d.pop(name, None)  # mirrored writes would shadow the reloaded row
        return self

    def replicate(self, except_: list[str] | None = None) -> Self:
        """An unsaved copy without the key and timestamps."""
        skip = {self.primary_key, self.CREATED_AT, self.UPDATED_AT, *(except_ or [])}
        copy = type(self)()
        copy.force_fill({k: v for k, v in self.get_attributes().items() if k not in skip})
        return copy

    async def touch(self) -> bool:
        """Set ``updated_at`` to now and save."""
        self.set_attribute(self.UPDATED_AT, datetime.now(UTC))
        return await self.save()

    # -- serialisation ----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Cast, JSON-ready attributes: minus ``hidden``, only ``visible``, plus ``appends``."""
        cls = type(self)
        keys = list(self.get_attributes())
        if cls.visible:
            keys = [k for k in keys if k in cls.visible]
        keys = [k for k in keys if k not in cls.hidden]
        out = {k: _plain(self.get_attribute(k)) for k in keys}
        for name in cls.appends:
            out[name] = _plain(self.get_attribute(name))
        for name, value in (self._relations or _EMPTY).items():
            if name in cls.hidden:
                continue
            out[name] = value.to_dict() if value is not None else None
        return out

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON."""
        return json.dumps(self.to_dict())

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.get_attributes()!r}>"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Model)
            and type(other) is type(self)
            and self.exists
            and other.exists
            and self.get_key() == other.get_key()
        )

    def __hash__(self) -> int:
        return hash((type(self), self.get_key()))


_DB: Any = None


def _db() -> Any:
    """The ``DB`` facade (imported on first use: the facades module imports this one)."""
    global _DB
    if _DB is None:
        from ._facades import DB

        _DB = DB
    return _DB


def _after_commit(method: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Run an observer method once the surrounding transaction commits (at once outside one)."""

    async def listener(model: Any) -> None:
        await model.get_connection().after_commit(lambda: method(model))

    return listener


_NOTHING = object()
_M = TypeVar("_M", bound=Model)
#: Keys ``Model.find`` binds as they are (anything else takes the builder's path).
_PLAIN_KEYS = frozenset({int, str})
#: Bumped whenever a model listener or global scope is added, or listeners are flushed
#: (``has_listeners`` and ``find``'s shortcut cache per class and check this).
_HOOKS_CHANGED = [0]


class _FindPlan:
    """What ``Model.find`` needs to skip the builder: the SQL its ``find`` compiles.

    Valid while the class, connection, ``table``, ``primary_key`` and the hooks generation
    are the ones it was made for (checked on every call).
    """

    __slots__ = (
        "connection", "driver_sql", "fetch", "from_sql", "hooks", "key", "owner", "sql", "table",
    )  # fmt: skip

    def __init__(self, cls: type[Model], connection: Connection) -> None:
        self.owner, self.connection = cls, connection
        self.table, self.key, self.hooks = cls.table, cls.primary_key, _HOOKS_CHANGED[0]
        query = ModelBuilder(connection, cls).where(cls.primary_key, "=", 0).limit(1)
        self.sql = query.to_sql()  # the key stays a placeholder: it is bound on each call
        self.from_sql = query._from
        self.driver_sql = translate(self.sql, connection.style)[0]
        self.fetch = connection._fetch_records  # bound once


async def _find_planned(cls: type[_M], plan: _FindPlan, key: Any) -> _M | None:
    """Run a find plan (a plain key needs no conversion) and hydrate as the builder does."""
    rows = await plan.connection._run_driver(plan.sql, plan.driver_sql, [key], plan.fetch, False)
    if not rows:
        return None
    model = object.__new__(cls)
    object.__setattr__(model, "_original", rows[0])  # as Model.hydrate does
    return model


def _touched_at(fresh: list[Any], parent: Any) -> Any:
    """The ``updated_at`` a relation's ``touch`` gave ``parent``'s row (now, if not fetched)."""
    key = parent.get_key()
    for model in fresh:
        if type(model) is type(parent) and model.get_key() == key:
            return model.get_attribute(parent.UPDATED_AT)
    return datetime.now(UTC)


def _lookup(cls: type, name: str) -> Any:
    """``name`` as defined on ``cls`` or a base (without the class-level builder forwards)."""
    for klass in cls.__mro__:
        if name in klass.__dict__:
            return klass.__dict__[name]
    return _NOTHING


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


_RESERVED = {n for n in dir(Model) if not n.startswith("_")} | {"exists", "was_recently_created"}

EVENTS = frozenset(
    {"retrieved", "creating", "created", "updating", "updated", "saving", "saved", "deleting",
     "deleted", "restoring", "restored", "force_deleting", "force_deleted"}
)  # fmt: skip
