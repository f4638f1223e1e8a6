"""Password hashing: Argon2id (default) and bcrypt (implements ``lararust_contracts.Hasher``).

Rules:
- ``make``/``check`` run in a worker thread (``asyncio.to_thread``): Argon2 costs tens of
  milliseconds of CPU and must not block the event loop. ``*_sync`` twins run in the caller.
- ``check`` recognises the algorithm from the hash, so users hashed with bcrypt can still sign
  in after switching to Argon2id; ``needs_rehash`` then says True, and the app rehashes.
- A malformed or foreign hash checks as False, never raises.
- bcrypt only reads 72 bytes; a longer password is REFUSED (``ValueError``) rather than silently
  truncated (two passwords sharing 72 bytes would both match) or pre-hashed (a pre-hash makes
  the stored hash incompatible with every other bcrypt implementation).
- Parameters come from config ``hashing``: ``driver`` (``argon2id``/``bcrypt``), ``argon``
  (``memory`` KiB, ``time``, ``threads``) and ``bcrypt.rounds`` (Laravel's names).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Protocol

BCRYPT_MAX_BYTES = 72
MAX_PASSWORD_BYTES = 4096  # Argon2 accepts any length; cap it so a request can't burn CPU


class _Driver(Protocol):
    def make(self, value: str) -> str: ...
    def check(self, value: str, hashed: str) -> bool: ...
    def needs_rehash(self, hashed: str) -> bool: ...
    def owns(self, hashed: str) -> bool: ...


def _encode(value: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"a password must be a str, got {type(value).__name__}")
    data = value.encode("utf-8")
    if len(data) > MAX_PASSWORD_BYTES:
        raise ValueError(f"password is longer than {MAX_PASSWORD_BYTES} bytes")
    return data


class Argon2idHasher:
    """Argon2id via ``argon2-cffi`` (memory in KiB, as Laravel's ``memory`` option)."""

    def __init__(self, memory: int = 65536, time: int = 4, threads: int = 1) -> None:
        # argon2-cffi loads with the first hasher built, not with core's provider.
        import argon2

        self._hasher = argon2.PasswordHasher(
            time_cost=time, memory_cost=memory, parallelism=threads, type=argon2.Type.ID
        )

    def make(self, value: str) -> str:
        """Hash ``value``."""
        return self._hasher.hash(_encode(value))

    def check(self, value: str, hashed: str) -> bool:
        """Verify ``value`` against an Argon2 hash."""
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        try:
            return self._hasher.verify(hashed, _encode(value))
        except (VerifyMismatchError, VerificationError, InvalidHashError, ValueError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        """Whether ``hashed`` was made with other parameters."""
        from argon2.exceptions import InvalidHashError

        try:
            return self._hasher.check_needs_rehash(hashed)
        except (InvalidHashError, ValueError):
            return True

    def owns(self, hashed: str) -> bool:
        """Whether ``hashed`` is an Argon2 hash."""
        return hashed.startswith("$argon2")


class BcryptHasher:
    """bcrypt with ``rounds`` (Laravel's default 12); refuses passwords over 72 bytes."""

    def __init__(self, rounds: int = 12) -> None:
        if not 4 <= rounds <= 31:
            raise ValueError(f"bcrypt rounds must be 4-31, got {rounds}")
        self._rounds = rounds

    def make(self, value: str) -> str:
        """Hash ``value`` (at most 72 bytes of UTF-8)."""
        data = _encode(value)
        if len(data) > BCRYPT_MAX_BYTES:
            raise ValueError(
                f"bcrypt cannot hash passwords longer than {BCRYPT_MAX_BYTES} bytes "
                "(use the argon2id driver for long passphrases)"
            )
        import bcrypt

        return bcrypt.hashpw(data, bcrypt.gensalt(self._rounds)).decode("ascii")

    def check(self, value: str, hashed: str) -> bool:
        """Verify ``value`` against a bcrypt hash (``$2y$`` from PHP is accepted)."""
        data = _encode(value)
        if len(data) > BCRYPT_MAX_BYTES:
            return False
        import bcrypt

        try:
            return bcrypt.checkpw(data, self._normalize(hashed).encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            return False

    def needs_rehash(self, hashed: str) -> bool:
        """Whether ``hashed`` is not bcrypt or used other rounds."""
        parts = hashed.split("$")
        return not (len(parts) > 3 and self.owns(hashed) and parts[2] == f"{self._rounds:02d}")

    def owns(self, hashed: str) -> bool:
        """Whether ``hashed`` is a bcrypt hash."""
        return hashed[:4] in ("$2a$", "$2b$", "$2y$")

    @staticmethod
    def _normalize(hashed: str) -> str:
        # PHP writes $2y$; the algorithm is the same, the Python library wants $2b$.
        return "$2b$" + hashed[4:] if hashed.startswith("$2y$") else hashed


class HashManager:
    """The ``hash`` service: the configured driver plus the async API."""

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        config = dict(config or {})
        argon = dict(config.get("argon") or {})
        self._drivers: dict[str, _Driver] = {
            "argon2id": Argon2idHasher(
                memory=int(argon.get("memory", 65536)),
                time=int(argon.get("time", 4)),
                threads=int(argon.get("threads", 1)),
            ),
            "bcrypt": BcryptHasher(rounds=int(dict(config.get("bcrypt") or {}).get("rounds", 12))),
        }
        name = str(config.get("driver", "argon2id"))
        if name == "argon":
            name = "argon2id"
        if name not in self._drivers:
            raise ValueError(f"hashing driver {name!r} is not one of argon2id, bcrypt")
        self.driver_name = name

    def driver(self, name: str | None = None) -> _Driver:
        """The driver called ``name`` (the default one when None)."""
        return self._drivers[name or self.driver_name]

    def make_sync(self, value: str) -> str:
        """Hash ``value`` in the calling thread."""
        return self.driver().make(value)

    def check_sync(self, value: str, hashed: str | None) -> bool:
        """Verify ``value`` against ``hashed`` (any supported algorithm) in this thread."""
        if not hashed:
            return False
        for driver in self._drivers.values():
            if driver.owns(hashed):
                return driver.check(value, hashed)
        return False

    async def make(self, value: str) -> str:
        """Hash ``value`` in a worker thread."""
        return await asyncio.to_thread(self.make_sync, value)

    async def check(self, value: str, hashed: str | None) -> bool:
        """Verify ``value`` in a worker thread."""
        return await asyncio.to_thread(self.check_sync, value, hashed)

    def needs_rehash(self, hashed: str) -> bool:
        """Whether ``hashed`` was made by another algorithm or with other parameters."""
        return self.driver().needs_rehash(hashed)

    def info(self, hashed: str) -> dict[str, str]:
        """Which algorithm made ``hashed`` (``{"algorithm": "argon2id"}``)."""
        for name, driver in self._drivers.items():
            if driver.owns(hashed):
                return {"algorithm": name}
        return {"algorithm": "unknown"}
