"""The builder behind ``User.where(...)``: the query builder, returning models."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from lararust_support import Collection

from ._builder import Builder
from ._errors import DatabaseError, RecordNotFound

if TYPE_CHECKING:
    from ._connection import Connection
    from ._model import Model

M = TypeVar("M", bound="Model")


class ModelNotFound(RecordNotFound):
    """No model matched ``find_or_fail``/``first_or_fail`` (a 404 over HTTP)."""

    def __init__(self, model: type[Any], ids: Any = ()) -> None:
        keys = ", ".join(str(i) for i in ids) if isinstance(ids, list | tuple) else str(ids)
        super().__init__(f"No query results for model [{model.__name__}] {keys}".rstrip())
        self.model = model
        self.ids = ids


class ModelCollection(Collection[int, M]):
    """A Collection of models with model helpers."""

    __slots__ = ()

    @classmethod
    def adopt(cls, models: list[M]) -> ModelCollection[M]:
        """A collection over ``models`` itself (no copy): what the fetch paths build."""
        # Collection's own constructor copies and type-checks its input; a fetched list is
        # ours alone, so the hot paths hand it over as it is.
        return cast("ModelCollection[M]", cls._of(models, False))

    def model_keys(self) -> list[Any]:
        """The primary keys of the models."""
        return [model.get_key() for model in self]

    def find(self, key: Any) -> M | None:
        """The model whose key is ``key``, or None."""
        for model in self:
            if model.get_key() == key:
                return model
        return None

    def to_dict(self) -> list[dict[str, Any]]:
        """Every model as a dict (``hidden`` honoured)."""
        return [model.to_dict() for model in self]

    async def fresh(self, *relations: Any) -> ModelCollection[M]:
        """The same models re-fetched from the database (with ``relations`` loaded)."""
        if not self:
            return ModelCollection([])
        first = self.first()
        assert first is not None
        model = type(first)
        found = (
            await model.query()
            .with_(*relations)
            .where_in(model.primary_key, self.model_keys())
            .get()
        )
        by_key = {m.get_key(): m for m in found}
        return ModelCollection([by_key[k] for k in self.model_keys() if k in by_key])

    async def load(self, *relations: Any) -> ModelCollection[M]:
        """Eager load relations for every model: one query per relation."""
        from ._relations import load_relations, parse_spec

        await load_relations(list(self), parse_spec(relations))
        return self


def _raw_sub(query: Builder) -> Any:
    from ._expression import Expression

    return Expression(f"({query.to_sql()})", query.get_bindings())


class ModelBuilder(Builder, Generic[M]):
    """A query on a model's table whose reads give model instances."""

    def __init__(self, connection: Connection, model: type[M]) -> None:
        super().__init__(connection)
        self.model = model
        self._scope_marks: dict[str, tuple[int, int, int, int]] = {}
        self._eager: dict[str, Any] = {}
        self._peer_loading = False
        self._hooks: list[Callable[[list[Any]], Any]] = []
        self.primary_key = model.primary_key
        self.from_(model.get_table())

    def apply_scope(self, name: str, scope: Callable[[Any], Any]) -> None:
        """Apply a global scope, remembering the WHERE clauses it added."""
        wheres, bindings = len(self._wheres), len(self._where_bindings)
        scope(self)
        self._scope_marks[name] = (wheres, len(self._wheres), bindings, len(self._where_bindings))

    def without_global_scope(self, *names: str) -> ModelBuilder[M]:
        """Lift global scopes by name (all of them when no name is given)."""
        targets = names or tuple(self._scope_marks)
        for name in sorted(targets, key=lambda n: self._scope_marks.get(n, (0,))[0], reverse=True):
            mark = self._scope_marks.pop(name, None)
            if mark is None:
                continue
            w0, w1, b0, b1 = mark
            del self._wheres[w0:w1]
            del self._where_bindings[b0:b1]
            for other, (o0, o1, ob0, ob1) in list(self._scope_marks.items()):
                if o0 >= w1:
                    self._scope_marks[other] = (
                        o0 - (w1 - w0),
                        o1 - (w1 - w0),
                        ob0 - (b1 - b0),
                        ob1 - (b1 - b0),
                    )
        return self

    def without_global_scopes(self) -> ModelBuilder[M]:
        """Lift every global scope."""
        return self.without_global_scope()

    # -- relation existence and aggregates ----------------------------------------------------

    def _relation(self, name: str) -> Any:
        from ._relations import relation_descriptor

        return relation_descriptor(self.model, name).make(self.model())

    def has(
        self,
        relation: str,
        op: str = ">=",
        count: int = 1,
        boolean: str = "and",
        callback: Callable[[Any], Any] | None = None,
    ) -> ModelBuilder[M]:
        """Models with related rows (``has("posts", ">=", 3)``; dots nest: ``posts.comments``)."""
        head, _, rest = relation.partition(".")
        found = self._relation(head)
        if getattr(found, "is_morph_to", False):
            if rest or (op, count) not in ((">=", 1), (">", 0), ("<", 1), ("=", 0)):
                raise DatabaseError(
                    f"{self.model.__name__}.{head} is a morph_to: only existence checks work "
                    "on it (where_has, doesnt_have, where_has_morph)"
                )
            negate = (op, count) in (("<", 1), ("=", 0))
            return self._has_morph(head, "*", callback, boolean, negate)
        sub = found.existence_query()
        if rest:
            sub.has(rest, op, count, callback=callback)
            op, count = ">=", 1
        elif callback is not None:
            result = callback(sub)
            sub = result if isinstance(result, ModelBuilder) else sub
        if (op, count) in ((">=", 1), (">", 0)):
            return self.where_exists(sub, boolean)
        if (op, count) in (("<", 1), ("=", 0)):
            return self.where_exists(sub, boolean, negate=True)
        counted = sub.clone()
        counted._columns, counted._select_bindings = ["count(*)"], []
        return self.where(_raw_sub(counted), op, count, boolean)

    def where_has_morph(
        self,
        relation: str,
        types: Any = "*",
        callback: Callable[..., Any] | None = None,
    ) -> ModelBuilder[M]:
        """Models whose ``morph_to`` parent is one of ``types`` (classes or aliases; ``"*"``:
        every model of the morph map — not, as in Laravel, the types present in the column,
        which would need a query while building this one) and matches ``callback(query)``
        or ``callback(query, model_class)``: Laravel's ``whereHasMorph``."""
        return self._has_morph(relation, types, callback, "and", negate=False)

    def or_where_has_morph(
        self,
        relation: str,
        types: Any = "*",
        callback: Callable[..., Any] | None = None,
    ) -> ModelBuilder[M]:
        """``where_has_morph`` joined with OR."""
        return self._has_morph(relation, types, callback, "or", negate=False)

    def where_doesnt_have_morph(
        self,
        relation: str,
        types: Any = "*",
        callback: Callable[..., Any] | None = None,
    ) -> ModelBuilder[M]:
        """Models whose ``morph_to`` parent is none of ``types`` matching ``callback``."""
        return self._has_morph(relation, types, callback, "and", negate=True)

    def _has_morph(
        self,
        relation: str,
        types: Any,
        callback: Callable[..., Any] | None,
        boolean: str,
        negate: bool,
    ) -> ModelBuilder[M]:
        from ._relation import morph_alias, morph_class, morph_map

        found = self._relation(relation)
        if not getattr(found, "is_morph_to", False):
            raise DatabaseError(f"{self.model.__name__}.{relation} is not a morph_to relation")
        if types == "*":
            classes = list(dict.fromkeys(morph_map().values()))
            if not classes:
                raise DatabaseError(
                    f"{self.model.__name__}.{relation}: register the parent models with "
                    "morph_map({...}) or name them: where_has_morph(relation, [Post, Video])"
                )
        else:
            listed = types if isinstance(types, list | tuple) else [types]
            classes = [morph_class(t) if isinstance(t, str) else t for t in listed]
        table = self.model.get_table()
        type_column = f"{table}.{found.type_column}"
        id_column = f"{table}.{found.id_column}"
        branches: list[tuple[str, Builder]] = []
        for cls in classes:
            sub = cls.query().where_column(f"{cls.get_table()}.{cls.primary_key}", id_column)
            if callback is not None:
                takes_type = len(inspect.signature(callback).parameters) > 1
                result = callback(sub, cls) if takes_type else callback(sub)
                sub = result if isinstance(result, ModelBuilder) else sub
            branches.append((morph_alias(cls), sub))

        def any_branch(q: Any) -> None:
            for alias, sub in branches:
                q.or_where(lambda b, a=alias, s=sub: b.where(type_column, a).where_exists(s))

        return self._where_nested(any_branch, boolean, negate)

    def where_has(
        self,
        relation: str,
        callback: Callable[[Any], Any] | None = None,
        op: str = ">=",
        count: int = 1,
    ) -> ModelBuilder[M]:
        """Models whose relation has rows matching ``callback``."""
        return self.has(relation, op, count, "and", callback)

    def or_where_has(
        self,
        relation: str,
        callback: Callable[[Any], Any] | None = None,
        op: str = ">=",
        count: int = 1,
    ) -> ModelBuilder[M]:
        """``where_has`` joined with OR."""
        return self.has(relation, op, count, "or", callback)

    def doesnt_have(
        self, relation: str, callback: Callable[[Any], Any] | None = None
    ) -> ModelBuilder[M]:
        """Models with no related rows (matching ``callback``)."""
        return self.has(relation, "<", 1, "and", callback)

    def where_doesnt_have(
        self, relation: str, callback: Callable[[Any], Any] | None = None
    ) -> ModelBuilder[M]:
        """Alias of :meth:`doesnt_have`."""
        return self.doesnt_have(relation, callback)

    def _with_aggregate(self, relation: str, fn: str, column: str | None) -> ModelBuilder[M]:
        name, _, alias = relation.partition(" as ")
        sub = self._relation(name.strip()).existence_query()
        target = (
            "*"
            if column is None
            else self.grammar.wrap(
                f"{sub.model.get_table()}.{column}" if "." not in column else column
            )
        )
        if fn == "exists":
            sql, bindings = sub.to_sql(), sub.get_bindings()
            expression = f"exists({sql})"
        else:
            agg = sub.clone()
            agg._columns, agg._select_bindings = [f"{fn}({target})"], []
            sql, bindings = agg.to_sql(), agg.get_bindings()
            expression = f"({sql})"
        suffix = "exists" if fn == "exists" else (fn if column is None else f"{fn}_{column}")
        label = alias.strip() or f"{name.strip()}_{suffix}"
        if not self._columns:
            self.select(f"{self.model.get_table()}.*")
        from ._identifiers import identifier

        return self.select_raw(
            f"{expression} as {self.grammar.quote_identifier(identifier(label))}", bindings
        )

    def with_count(self, *relations: str) -> ModelBuilder[M]:
        """Add ``<relation>_count`` columns."""
        for relation in relations:
            self._with_aggregate(relation, "count", None)
        return self

    def with_sum(self, relation: str, column: str) -> ModelBuilder[M]:
        """Add ``<relation>_sum_<column>``."""
        return self._with_aggregate(relation, "sum", column)

    def with_avg(self, relation: str, column: str) -> ModelBuilder[M]:
        """Add ``<relation>_avg_<column>``."""
        return self._with_aggregate(relation, "avg", column)

    def with_min(self, relation: str, column: str) -> ModelBuilder[M]:
        """Add ``<relation>_min_<column>``."""
        return self._with_aggregate(relation, "min", column)

    def with_max(self, relation: str, column: str) -> ModelBuilder[M]:
        """Add ``<relation>_max_<column>``."""
        return self._with_aggregate(relation, "max", column)

    def with_exists(self, *relations: str) -> ModelBuilder[M]:
        """Add ``<relation>_exists``."""
        for relation in relations:
            self._with_aggregate(relation, "exists", None)
        return self

    def new_query(self) -> Builder:
        """Subqueries are plain builders."""
        return Builder(self.connection)

    def clone(self) -> ModelBuilder[M]:
        """An independent copy (eager loads and hooks included)."""
        new = super().clone()
        new._eager = dict(self._eager)
        new._hooks = list(self._hooks)
        new._scope_marks = dict(self._scope_marks)
        return new

    def with_(self, *relations: Any) -> ModelBuilder[M]:
        """Eager load relations: ``with_("posts.comments", {"profile": lambda q: ...})``."""
        from ._relations import parse_spec

        self._eager.update(parse_spec(relations))
        return self

    def with_peer_loading(self, enabled: bool = True) -> ModelBuilder[M]:
        """``await model.load(rel)`` on a fetched model loads ``rel`` for its whole result set."""
        self._peer_loading = enabled
        return self

    def without(self, *relations: str) -> ModelBuilder[M]:
        """Drop eager loads."""
        for name in relations:
            self._eager.pop(name, None)
        return self

    def after_hydrate(self, hook: Callable[[list[Any]], Any]) -> ModelBuilder[M]:
        """Call ``hook(models)`` on every fetched batch (relations use it for pivots)."""
        self._hooks.append(hook)
        return self

    async def _fetch_rows(self, sql: str, bindings: list[Any], locking: bool) -> list[Any]:
        rows = await self.connection.select_records(sql, bindings, write=locking)
        models = self.model.hydrate(rows)
        for hook in self._hooks:
            hook(models)
        if models and self.model.has_listeners("retrieved"):
            for model in models:
                await model.fire_event("retrieved")
        if self._peer_loading or self.model.peer_loading:
            for model in models:  # one shared list: load() on one model loads for the set
                model.__dict__["_peers"] = models
        if self._eager and models:
            from ._relations import load_relations

            await load_relations(models, self._eager)
        return models

    async def get(self, *columns: Any) -> ModelCollection[M]:
        """The matching models."""
        query = self.clone().select(*columns) if columns and not self._columns else self
        return ModelCollection.adopt(await self._select(query))

    # first/find hand back the builder's coroutine (typed for models): one frame less a read.
    def first(self, *columns: Any) -> Coroutine[Any, Any, M | None]:
        """The first matching model or None."""
        return super().first(*columns)

    async def first_or_fail(self, *columns: Any) -> M:
        """The first matching model or :class:`ModelNotFound`."""
        model = await self.first(*columns)
        if model is None:
            raise ModelNotFound(self.model)
        return model

    def find(self, id: Any, *columns: Any) -> Coroutine[Any, Any, M | None]:
        """The model with key ``id`` or None."""
        if not columns and self._pristine():  # ``User.query().find(1)``: Model.find's shortcut
            shortcut = self.model._find_on(self.connection, id, self._from)
            if shortcut is not None:
                return shortcut
        return super().find(id, *columns)

    def _pristine(self) -> bool:
        """Whether nothing was added to this query (its FROM is checked by ``_find_on``)."""
        return not (
            self._wheres or self._columns or self._joins or self._groups or self._havings
            or self._orders or self._unions or self._lock or self._distinct or self._offset
            or self._limit is not None or self._eager or self._hooks or self._peer_loading
            or self._from_bindings
        )  # fmt: skip

    async def find_or_fail(self, id: Any, *columns: Any) -> M:
        """The model with key ``id`` or :class:`ModelNotFound`."""
        model = await self.find(id, *columns)
        if model is None:
            raise ModelNotFound(self.model, [id])
        return model

    async def value(self, column_: str) -> Any:
        """One (cast) attribute of the first model."""
        model = await self.clone().select(column_).first()
        return None if model is None else model.get_attribute(column_.rsplit(".", 1)[-1])

    async def create(self, attributes: Mapping[str, Any] | None = None, **values: Any) -> M:
        """Create and save a model (mass assignment rules apply)."""
        model = self.model(dict(attributes or {}) | values)
        await model.save()
        return model

    def __getattr__(self, name: str) -> Callable[..., Any]:
        scope = getattr(self.model, f"scope_{name}", None)
        if scope is None or name.startswith("_"):
            raise AttributeError(f"{self.model.__name__} query has no method or scope {name!r}")

        def apply(*args: Any, **kwargs: Any) -> ModelBuilder[M]:
            result = scope(self.model(), self, *args, **kwargs)
            return self if result is None else result

        return apply
