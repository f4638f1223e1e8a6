"""The exceptions the ORM raises on purpose.

Rules: bad builder input is a :class:`QueryError` (a ``ValueError``) naming the offending text;
a missing row is :class:`RecordNotFound` (a contracts ``NotFound``, so HTTP turns it into 404);
connection failures name driver, host, port and database but never the password.
"""

from __future__ import annotations

from lararust_contracts import LaraRustError, NotFound


class DatabaseError(LaraRustError):
    """Base of the ORM's own errors."""


class QueryError(DatabaseError, ValueError):
    """A query was given an identifier, operator, direction or JSON path that is not allowed."""


class ConnectionFailed(DatabaseError):
    """A database server could not be reached or refused the login."""


class ConfigurationError(DatabaseError, ValueError):
    """The database configuration is missing or malformed."""


class TransactionError(DatabaseError):
    """A transaction was used in a way that cannot work (e.g. concurrent nested transactions)."""


class RecordNotFound(NotFound):
    """``first_or_fail``/``sole`` found no row (becomes a 404 over HTTP)."""

    def __init__(self, message: str = "No query results.") -> None:
        super().__init__(message)


class MultipleRecordsFound(DatabaseError):
    """``sole`` found more than one row."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} records were found where exactly one was expected")
        self.count = count


class MigrationError(DatabaseError):
    """A migration failed or the migration files are malformed."""

    def __init__(
        self,
        message: str,
        applied_statements: list[str] | None = None,
        failed_statement: str | None = None,
    ) -> None:
        super().__init__(message)
        self.applied_statements = list(applied_statements or [])
        self.failed_statement = failed_statement


class QueryException(DatabaseError):
    """The database rejected a statement; carries the SQL, the bindings and the driver error."""

    def __init__(self, connection: str, sql: str, bindings: object, cause: BaseException) -> None:
        super().__init__(f"{cause} (connection: {connection}, SQL: {sql})")
        self.connection = connection
        self.sql = sql
        self.bindings = bindings
        self.cause = cause


class UniqueConstraintViolation(QueryException):
    """A statement broke a unique or primary key constraint."""


class DeadlockDetected(QueryException):
    """A deadlock, serialization failure or lock timeout: retrying the transaction may succeed."""
