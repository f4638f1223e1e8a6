from typing import Any

import asyncpg

class PgRecord(asyncpg.Record):
    """An ``asyncpg.Record`` that also reads columns as attributes (compiled)."""

    def __getattr__(self, name: str) -> Any: ...
    def to_dict(self) -> dict[str, Any]: ...
