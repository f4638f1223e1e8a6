"""Model factories: ``UserFactory.new().count(3).create()``.

``definition()`` returns the attributes of one model (``self.faker`` is a Faker); ``state``,
``sequence``, ``has`` (children through a relation) and ``for_`` (a parent) compose. Factories
are unguarded. ``make()`` is sync and touches no database (parents from ``for_`` are made too,
set as the loaded relation, their key left None); ``create()`` is async and saves parents
first. No ``count`` gives one model; any ``count`` a collection.
"""

from __future__ import annotations

import importlib.util
import itertools
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from lararust_support import Str

from ._errors import DatabaseError
from ._model_builder import ModelCollection

if TYPE_CHECKING:
    from ._model import Model

M = TypeVar("M", bound="Model")
State = Mapping[str, Any] | Callable[[dict[str, Any]], Mapping[str, Any]]


class Factory(Generic[M]):
    """Base class of model factories."""

    model: ClassVar[type[Any]]

    def __init__(self) -> None:
        self._count: int | None = None
        self._states: list[State] = []
        self._sequences: list[Iterator[Mapping[str, Any]]] = []
        self._has: list[tuple[Factory[Any], str | None]] = []
        self._for: list[tuple[Factory[Any] | Any, str | None]] = []

    @classmethod
    def new(cls, attributes: Mapping[str, Any] | None = None) -> Self:
        """A fresh factory (optionally with a state)."""
        factory = cls()
        return factory.state(attributes) if attributes else factory

    @property
    def faker(self) -> Any:
        """A shared ``faker.Faker`` instance."""
        return _faker()

    def definition(self) -> dict[str, Any]:
        """The attributes of one model."""
        raise NotImplementedError(f"{type(self).__name__}.definition() is not written")

    def _copy(self) -> Self:
        new = type(self)()
        new._count = self._count
        new._states = list(self._states)
        new._sequences = list(self._sequences)
        new._has = list(self._has)
        new._for = list(self._for)
        return new

    def count(self, count: int) -> Self:
        """Make ``count`` models (a collection)."""
        new = self._copy()
        new._count = int(count)
        return new

    def state(self, state: State) -> Self:
        """Override attributes (a dict, or a function of the current attributes)."""
        new = self._copy()
        new._states.append(state)
        return new

    def sequence(self, *states: Mapping[str, Any]) -> Self:
        """Cycle through ``states`` model by model."""
        new = self._copy()
        new._sequences.append(itertools.cycle(states))
        return new

    def has(self, factory: Factory[Any], relation: str | None = None) -> Self:
        """Create children through a has-many/has-one relation (inferred from the model)."""
        new = self._copy()
        new._has.append((factory, relation))
        return new

    def for_(self, parent: Factory[Any] | Any, relation: str | None = None) -> Self:
        """Belong to a parent (a factory or a model) through a belongs-to relation."""
        new = self._copy()
        new._for.append((parent, relation))
        return new

    def raw(self, attributes: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The attributes of one model, states applied."""
        values = dict(self.definition())
        for state in self._states:
            values.update(state(values) if callable(state) else state)
        for sequence in self._sequences:
            values.update(next(sequence))
        values.update(attributes or {})
        return values

    def _make_one(self, attributes: Mapping[str, Any] | None) -> M:
        model: M = self.model()
        model.force_fill(self.raw(attributes))
        for parent, relation in self._for:
            name = relation or Str.snake(_model_of(parent).__name__)
            owner = parent.count(1)._make_one(None) if isinstance(parent, Factory) else parent
            model.set_relation(name, owner)
            model.set_attribute(_belongs_to(model, name).foreign_key, owner.get_key())
        return model

    def make(self, attributes: Mapping[str, Any] | None = None) -> Any:
        """Model(s) not saved (no database touched)."""
        if self._count is None:
            return self._make_one(attributes)
        return ModelCollection([self._make_one(attributes) for _ in range(self._count)])

    async def _create_one(self, attributes: Mapping[str, Any] | None) -> M:
        model: M = self.model()
        model.force_fill(self.raw(attributes))
        for parent, relation in self._for:
            name = relation or Str.snake(_model_of(parent).__name__)
            owner = await parent._create_one(None) if isinstance(parent, Factory) else parent
            model.set_attribute(_belongs_to(model, name).foreign_key, owner.get_key())
            model.set_relation(name, owner)
        await model.save()
        for child_factory, relation in self._has:
            name = relation or Str.snake(Str.plural(_model_of(child_factory).__name__))
            rel = _relation(model, name)
            children = [
                await child_factory._create_with(rel) for _ in range(child_factory._count or 1)
            ]
            model.set_relation(name, ModelCollection(children) if rel.many else children[0])
        return model

    async def _create_with(self, relation: Any) -> Any:
        child = await self.state(
            {relation.foreign_key: relation.parent.get_attribute(relation.local_key)}
        )._create_one(None)
        return child

    async def create(
        self, attributes: Mapping[str, Any] | None = None, progress: bool | None = None
    ) -> Any:
        """Model(s) saved (parents first, then children).

        Creating 100 or more shows a progress bar on a terminal (``progress`` forces it).
        """
        if self._count is None:
            return await self._create_one(attributes)
        show = progress if progress is not None else self._count >= 100 and sys.stderr.isatty()
        made = []
        for index in range(self._count):
            made.append(await self._create_one(attributes))
            if show:
                _progress(self.model.__name__, index + 1, self._count)
        return ModelCollection(made)


def _progress(name: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // total
    bar = "#" * filled + "-" * (width - filled)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r{name} [{bar}] {done}/{total}{end}")
    sys.stderr.flush()


def _model_of(factory_or_model: Any) -> type[Any]:
    return (
        factory_or_model.model if isinstance(factory_or_model, Factory) else type(factory_or_model)
    )


def _relation(model: Any, name: str) -> Any:
    from ._relations import relation_descriptor

    return relation_descriptor(type(model), name).make(model)


def _belongs_to(model: Any, name: str) -> Any:
    relation = _relation(model, name)
    if not hasattr(relation, "owner_key"):
        raise DatabaseError(f"{type(model).__name__}.{name} is not a belongs_to relation")
    return relation


_FAKER: Any = None


def _faker() -> Any:
    global _FAKER
    if _FAKER is None:
        from faker import Faker

        _FAKER = Faker()
    return _FAKER


def find_factory(model: type[Any], base: Path) -> type[Factory[Any]]:
    """The factory of ``model``: ``factory_class`` or the ``database/factories`` convention."""
    explicit = getattr(model, "factory_class", None)
    if explicit is not None:
        return explicit  # type: ignore[no-any-return]
    path = base / "database" / "factories" / f"{Str.snake(model.__name__)}_factory.py"
    wanted = f"{model.__name__}Factory"
    if not path.is_file():
        raise DatabaseError(
            f"no factory for {model.__name__}: set {model.__name__}.factory_class or write "
            f"{wanted} in {path}"
        )
    spec = importlib.util.spec_from_file_location(f"lararust_factory_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise DatabaseError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    found = getattr(module, wanted, None)
    if not (isinstance(found, type) and issubclass(found, Factory)):
        raise DatabaseError(f"{path} does not define a Factory subclass named {wanted}")
    return found
