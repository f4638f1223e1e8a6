"""An Eloquent-style async ORM: connections, query builder, schema, migrations, models.

```python
from lararust_orm import DB

DB.configure("sqlite:///app.db")
rows = await DB.table("users").where("age", ">", 18).order_by("name").get()
```
"""

from .__about__ import __version__ as __version__
from ._blueprint import Blueprint as Blueprint
from ._blueprint import ColumnDefinition as ColumnDefinition
from ._builder import Builder as Builder
from ._builder import JoinClause as JoinClause
from ._connection import Connection as Connection
from ._connection import QueryExecuted as QueryExecuted
from ._errors import ConfigurationError as ConfigurationError
from ._errors import ConnectionFailed as ConnectionFailed
from ._errors import DatabaseError as DatabaseError
from ._errors import DeadlockDetected as DeadlockDetected
from ._errors import MigrationError as MigrationError
from ._errors import MultipleRecordsFound as MultipleRecordsFound
from ._errors import QueryError as QueryError
from ._errors import QueryException as QueryException
from ._errors import RecordNotFound as RecordNotFound
from ._errors import TransactionError as TransactionError
from ._errors import UniqueConstraintViolation as UniqueConstraintViolation
from ._expression import Expression as Expression
from ._facades import DB as DB
from ._facades import Schema as Schema
from ._facades import SchemaManager as SchemaManager
from ._factory import Factory as Factory
from ._manager import DatabaseManager as DatabaseManager
from ._middleware import ConnectionPerRequest as ConnectionPerRequest
from ._migration import Migration as Migration
from ._migrator import MigrationStatus as MigrationStatus
from ._migrator import Migrator as Migrator
from ._model import MassAssignmentError as MassAssignmentError
from ._model import Model as Model
from ._model_builder import ModelBuilder as ModelBuilder
from ._model_builder import ModelCollection as ModelCollection
from ._model_builder import ModelNotFound as ModelNotFound
from ._pagination import CursorPaginator as CursorPaginator
from ._pagination import LengthAwarePaginator as LengthAwarePaginator
from ._pagination import Paginator as Paginator
from ._provider import DatabaseServiceProvider as DatabaseServiceProvider
from ._prunable import Prunable as Prunable
from ._records import Row as Row
from ._relation_types import ToMany as ToMany
from ._relation_types import ToOne as ToOne
from ._relation_types import belongs_to as belongs_to
from ._relation_types import belongs_to_many as belongs_to_many
from ._relation_types import has_many as has_many
from ._relation_types import has_many_through as has_many_through
from ._relation_types import has_one as has_one
from ._relation_types import has_one_through as has_one_through
from ._relation_types import morph_many as morph_many
from ._relation_types import morph_one as morph_one
from ._relation_types import morph_to as morph_to
from ._relations import BelongsTo as BelongsTo
from ._relations import BelongsToMany as BelongsToMany
from ._relations import HasMany as HasMany
from ._relations import HasManyThrough as HasManyThrough
from ._relations import HasOne as HasOne
from ._relations import HasOneThrough as HasOneThrough
from ._relations import LazyLoadingError as LazyLoadingError
from ._relations import LoadedMany as LoadedMany
from ._relations import LoadedOne as LoadedOne
from ._relations import MorphMany as MorphMany
from ._relations import MorphOne as MorphOne
from ._relations import MorphTo as MorphTo
from ._relations import MorphToMany as MorphToMany
from ._relations import Pivot as Pivot
from ._relations import Relation as Relation
from ._relations import morph_map as morph_map
from ._schema import SchemaBuilder as SchemaBuilder
from ._seeder import Seeder as Seeder
from ._soft_deletes import SoftDeletes as SoftDeletes

__all__ = [
    "DB",
    "BelongsTo",
    "BelongsToMany",
    "Blueprint",
    "Builder",
    "ColumnDefinition",
    "ConfigurationError",
    "Connection",
    "ConnectionFailed",
    "ConnectionPerRequest",
    "CursorPaginator",
    "DatabaseError",
    "DatabaseManager",
    "DatabaseServiceProvider",
    "DeadlockDetected",
    "Expression",
    "Factory",
    "HasMany",
    "HasManyThrough",
    "HasOne",
    "HasOneThrough",
    "JoinClause",
    "LazyLoadingError",
    "LengthAwarePaginator",
    "LoadedMany",
    "LoadedOne",
    "MassAssignmentError",
    "Migration",
    "MigrationError",
    "MigrationStatus",
    "Migrator",
    "Model",
    "ModelBuilder",
    "ModelCollection",
    "ModelNotFound",
    "MorphMany",
    "MorphOne",
    "MorphTo",
    "MorphToMany",
    "MultipleRecordsFound",
    "Paginator",
    "Pivot",
    "Prunable",
    "QueryError",
    "QueryException",
    "QueryExecuted",
    "RecordNotFound",
    "Relation",
    "Row",
    "Schema",
    "SchemaBuilder",
    "SchemaManager",
    "Seeder",
    "SoftDeletes",
    "ToMany",
    "ToOne",
    "TransactionError",
    "UniqueConstraintViolation",
    "__version__",
    "belongs_to",
    "belongs_to_many",
    "has_many",
    "has_many_through",
    "has_one",
    "has_one_through",
    "morph_many",
    "morph_map",
    "morph_one",
    "morph_to",
]
