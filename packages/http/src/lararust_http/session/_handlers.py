"""Session handlers: ``file`` (default), ``cookie`` (encrypted) and ``array`` (tests)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread
from lararust_contracts import DecryptError, Encrypter

from .._json import json_dumps, json_loads
from ._store import _ID

MAX_COOKIE_BYTES = 4000


class FileSessionHandler:
    """One JSON file per session under ``directory`` (written atomically, mode 0600)."""

    def __init__(self, directory: str | os.PathLike[str], lifetime: int) -> None:
        self.directory = Path(directory)
        self.lifetime = lifetime

    def _path(self, session_id: str) -> Path:
        if not _ID.match(session_id):  # IDs come from cookies: never let one name a path
            raise ValueError("malformed session id")
        return self.directory / session_id

    async def read(self, session_id: str) -> dict[str, Any]:
        """Load the file if it is fresh enough."""
        return await anyio.to_thread.run_sync(self._read, session_id)

    def _read(self, session_id: str) -> dict[str, Any]:
        path = self._path(session_id)
        try:
            if path.stat().st_mtime < time.time() - self.lifetime:
                return {}
            data = json_loads(path.read_bytes())
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    async def write(self, session_id: str, data: dict[str, Any]) -> None:
        """Write the file."""
        await anyio.to_thread.run_sync(self._write, session_id, json_dumps(data))

    def _write(self, session_id: str, payload: bytes) -> None:
        path = self._path(session_id)
        self.directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)

    async def destroy(self, session_id: str) -> None:
        """Delete the file."""
        path = self._path(session_id)
        await anyio.to_thread.run_sync(lambda: path.unlink(missing_ok=True))

    async def gc(self, lifetime: int) -> None:
        """Delete files idle longer than ``lifetime`` seconds."""
        await anyio.to_thread.run_sync(self._gc, lifetime)

    def _gc(self, lifetime: int) -> None:
        cutoff = time.time() - lifetime
        if not self.directory.is_dir():
            return
        for path in self.directory.iterdir():
            try:
                if _ID.match(path.name) and path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                continue


class ArraySessionHandler:
    """Sessions in a dict of this process (tests; ``SESSION_DRIVER=array``)."""

    def __init__(self, lifetime: int = 7200) -> None:
        self.lifetime = lifetime
        self.sessions: dict[str, tuple[bytes, float]] = {}

    async def read(self, session_id: str) -> dict[str, Any]:
        """The stored data."""
        entry = self.sessions.get(session_id)
        if entry is None or entry[1] < time.time() - self.lifetime:
            return {}
        data = json_loads(entry[0])
        return data if isinstance(data, dict) else {}

    async def write(self, session_id: str, data: dict[str, Any]) -> None:
        """Store the data (serialised, so the same rules as other drivers apply)."""
        self.sessions[session_id] = (json_dumps(data), time.time())

    async def destroy(self, session_id: str) -> None:
        """Forget the data."""
        self.sessions.pop(session_id, None)

    async def gc(self, lifetime: int) -> None:
        """Forget idle sessions."""
        cutoff = time.time() - lifetime
        self.sessions = {k: v for k, v in self.sessions.items() if v[1] >= cutoff}


class EncryptedSessionHandler:
    """Wraps a handler so the stored payload is encrypted at rest (config ``session.encrypt``)."""

    def __init__(self, inner: Any, encrypter: Callable[[], Encrypter | None]) -> None:
        self.inner = inner
        self._encrypter = encrypter

    def _get(self) -> Encrypter:
        encrypter = self._encrypter()
        if encrypter is None:
            raise RuntimeError("session.encrypt needs an 'encrypter' (set APP_KEY).")
        return encrypter

    async def read(self, session_id: str) -> dict[str, Any]:
        """Decrypt what the inner handler stored ({} when it does not decrypt)."""
        stored = await self.inner.read(session_id)
        payload = stored.get("_encrypted")
        if not isinstance(payload, str):
            return {}
        try:
            data = json_loads(self._get().decrypt(payload, unserialize=False))
        except (DecryptError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    async def write(self, session_id: str, data: dict[str, Any]) -> None:
        """Encrypt then store."""
        payload = self._get().encrypt(json_dumps(data).decode(), serialize=False)
        await self.inner.write(session_id, {"_encrypted": payload})

    async def destroy(self, session_id: str) -> None:
        """Delete the record."""
        await self.inner.destroy(session_id)

    async def gc(self, lifetime: int) -> None:
        """Collect idle records."""
        await self.inner.gc(lifetime)


class CookieSessionHandler:
    """The whole session in one encrypted cookie (``<session cookie>_data``), per request.

    The payload is encrypted with the app's encrypter here unless :class:`EncryptCookies`
    already handles the request's cookies, so it is never stored in clear either way.
    """

    def __init__(
        self, request: Any, encrypter: Encrypter | None, cookie: str, lifetime: int
    ) -> None:
        self.request = request
        self.encrypter = encrypter
        self.cookie = cookie
        self.lifetime = lifetime
        self.value: str | None = None

    def _middleware_encrypts(self) -> bool:
        attributes = getattr(self.request, "_attributes", None) or {}
        return bool(attributes.get("cookies.encrypted"))

    async def read(self, session_id: str) -> dict[str, Any]:
        """Decode the cookie if it belongs to ``session_id`` and has not expired."""
        raw = self.request.cookie(self.cookie)
        if not raw:
            return {}
        try:
            if not self._middleware_encrypts():
                raw = self._encrypter().decrypt(raw, unserialize=False)
            payload = json_loads(raw)
        except (DecryptError, ValueError):
            return {}
        if (
            not isinstance(payload, dict)
            or payload.get("id") != session_id
            or float(payload.get("expires", 0)) < time.time()
        ):
            return {}
        data = payload.get("data")
        return data if isinstance(data, dict) else {}

    async def write(self, session_id: str, data: dict[str, Any]) -> None:
        """Prepare the cookie value (the middleware sets it on the response)."""
        payload = json_dumps(
            {"id": session_id, "data": data, "expires": time.time() + self.lifetime}
        ).decode()
        if not self._middleware_encrypts():
            payload = self._encrypter().encrypt(payload, serialize=False)
        if len(payload) > MAX_COOKIE_BYTES:
            raise ValueError(
                f"The session is {len(payload)} bytes: over the {MAX_COOKIE_BYTES} bytes a "
                "cookie can hold. Store less in it or use the file driver."
            )
        self.value = payload

    async def destroy(self, session_id: str) -> None:
        """Nothing is stored server-side; the next write replaces the cookie."""

    async def gc(self, lifetime: int) -> None:
        """Nothing to collect."""

    def _encrypter(self) -> Encrypter:
        if self.encrypter is None:
            raise RuntimeError("The cookie session driver needs an 'encrypter' (set APP_KEY).")
        return self.encrypter
