"""The base class of migration files.

A file ``database/migrations/2024_01_01_000000_create_users_table.py`` defines exactly one
subclass of :class:`Migration`::

    class CreateUsersTable(Migration):
        async def up(self) -> None:
            async with Schema.create("users") as table:
                table.id()
                table.string("name")

        async def down(self) -> None:
            await Schema.drop_if_exists("users")

``connection`` picks a connection other than the default; ``within_transaction = False``
runs it outside the per-file transaction (``CREATE INDEX CONCURRENTLY`` and friends).
"""

from __future__ import annotations

from typing import ClassVar


class Migration:
    """A schema change with ``up`` and ``down``."""

    connection: ClassVar[str | None] = None
    within_transaction: ClassVar[bool] = True

    async def up(self) -> None:
        """Apply the change."""
        raise NotImplementedError(f"{type(self).__name__}.up() is not written")

    async def down(self) -> None:
        """Revert the change (optional: rollback skips a migration without one)."""
