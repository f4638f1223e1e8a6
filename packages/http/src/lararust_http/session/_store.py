"""The session of one request (implements ``lararust_contracts.SessionStore``).

Rules (Laravel's Store): keys use dot notation; flash data lives one more request (``_flash.new``
becomes ``_flash.old`` at save, then is removed); ``regenerate()``/``invalidate()`` are sync (the
contract) so destroying the old record is deferred to ``save()``; values must be JSON-able (no
pickle: a session file must never be able to run code).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

_ID = re.compile(r"^[A-Za-z0-9_-]{40}$")
_MISSING: Any = object()


class SessionHandler(Protocol):
    """Where session data lives (file, cookie, array; database and Redis later)."""

    async def read(self, session_id: str) -> dict[str, Any]:
        """The data of ``session_id`` ({} when absent or expired)."""
        ...

    async def write(self, session_id: str, data: dict[str, Any]) -> None:
        """Persist ``data``."""
        ...

    async def destroy(self, session_id: str) -> None:
        """Delete the record."""
        ...

    async def gc(self, lifetime: int) -> None:
        """Delete records idle for more than ``lifetime`` seconds."""
        ...


def generate_id() -> str:
    """A new random session ID (40 URL-safe characters, 240 bits)."""
    return secrets.token_urlsafe(30)


class Session:
    """Session data for one request: ``get/put/pull/forget/flush/has/all``, flash, tokens."""

    def __init__(self, name: str, handler: SessionHandler, session_id: str | None = None) -> None:
        self.name = name
        self.handler = handler
        self._attributes: dict[str, Any] = {}
        self._destroy: list[str] = []
        self.started = False
        self.id = generate_id()
        self.set_id(session_id)

    def set_id(self, session_id: str | None) -> None:
        """Use ``session_id`` when it is well-formed, else a fresh one."""
        self.id = session_id if session_id and _ID.match(session_id) else generate_id()

    async def start(self) -> None:
        """Load the data and make sure a CSRF token exists."""
        loaded = await self.handler.read(self.id)
        self._attributes = {**loaded, **self._attributes}
        if "_token" not in self._attributes:
            self.regenerate_token()
        self.started = True

    async def save(self) -> None:
        """Age flash data, write, and destroy records left behind by ``regenerate(True)``."""
        self.age_flash_data()
        for old in self._destroy:
            await self.handler.destroy(old)
        self._destroy.clear()
        await self.handler.write(self.id, self._attributes)
        self.started = False

    # -- data --------------------------------------------------------------------------------
    def all(self) -> dict[str, Any]:
        """Every value."""
        return dict(self._attributes)

    def get(self, key: str, default: Any = None) -> Any:
        """A value by (dotted) key."""
        return _get(self._attributes, key, default)

    def has(self, key: str) -> bool:
        """Whether ``key`` exists and is not None."""
        return _get(self._attributes, key, None) is not None

    def exists(self, key: str) -> bool:
        """Whether ``key`` exists (even when None)."""
        return _get(self._attributes, key, _MISSING) is not _MISSING

    def missing(self, key: str) -> bool:
        """Whether ``key`` is absent."""
        return not self.exists(key)

    def put(self, key: str | Mapping[str, Any], value: Any = None) -> None:
        """Set one (dotted) key or several."""
        items = key.items() if isinstance(key, Mapping) else [(key, value)]
        for name, item in items:
            _set(self._attributes, name, item)

    def push(self, key: str, value: Any) -> None:
        """Append ``value`` to the list at ``key``."""
        current = list(self.get(key, []) or [])
        current.append(value)
        self.put(key, current)

    def increment(self, key: str, amount: int = 1) -> int:
        """Add ``amount`` to the number at ``key``."""
        value = int(self.get(key, 0) or 0) + amount
        self.put(key, value)
        return value

    def pull(self, key: str, default: Any = None) -> Any:
        """Get and forget ``key``."""
        value = self.get(key, default)
        self.forget(key)
        return value

    def forget(self, key: str | Iterable[str]) -> None:
        """Remove one or more (dotted) keys."""
        for name in [key] if isinstance(key, str) else list(key):
            _forget(self._attributes, name)

    def flush(self) -> None:
        """Remove everything."""
        self._attributes.clear()

    # -- flash -------------------------------------------------------------------------------
    def flash(self, key: str, value: Any = True) -> None:
        """Keep ``key`` for the next request only."""
        self.put(key, value)
        self.push("_flash.new", key)
        self._remove_from_old([key])

    def now(self, key: str, value: Any) -> None:
        """Keep ``key`` for this request only."""
        self.put(key, value)
        self.push("_flash.old", key)

    def reflash(self) -> None:
        """Keep every flashed value one more request."""
        self._merge_new(self.get("_flash.old", []))
        self.put("_flash.old", [])

    def keep(self, keys: str | Iterable[str]) -> None:
        """Keep some flashed values one more request."""
        names = [keys] if isinstance(keys, str) else list(keys)
        self._merge_new(names)
        self._remove_from_old(names)

    def _merge_new(self, keys: Iterable[str]) -> None:
        new = list(self.get("_flash.new", []) or [])
        self.put("_flash.new", list(dict.fromkeys([*new, *keys])))

    def _remove_from_old(self, keys: Iterable[str]) -> None:
        old = [k for k in self.get("_flash.old", []) or [] if k not in set(keys)]
        self.put("_flash.old", old)

    def age_flash_data(self) -> None:
        """Drop last request's flash data; this request's becomes old."""
        self.forget(self.get("_flash.old", []) or [])
        self.put("_flash.old", self.get("_flash.new", []) or [])
        self.put("_flash.new", [])

    def flash_input(self, data: Mapping[str, Any]) -> None:
        """Flash form input for ``old()``."""
        self.flash("_old_input", dict(data))

    def has_old_input(self, key: str | None = None) -> bool:
        """Whether old input (or ``key`` in it) exists."""
        old = self.get_old_input(key)
        return old is not None if key is not None else bool(old)

    def get_old_input(self, key: str | None = None, default: Any = None) -> Any:
        """Flashed input (or ``key`` in it)."""
        old = self.get("_old_input", {}) or {}
        return old if key is None else _get(old, key, default)

    # -- tokens and identity -----------------------------------------------------------------
    def token(self) -> str:
        """The CSRF token of this session."""
        token = self.get("_token")
        if not token:
            token = self.regenerate_token()
        return str(token)

    def regenerate_token(self) -> str:
        """A new CSRF token."""
        token = secrets.token_urlsafe(30)
        self.put("_token", token)
        return token

    def regenerate(self, destroy: bool = False) -> None:
        """A new session ID (call after login: prevents session fixation)."""
        self.migrate(destroy)
        self.regenerate_token()

    def migrate(self, destroy: bool = False) -> None:
        """A new ID for the same data; the old record is destroyed at save when asked."""
        if destroy:
            self._destroy.append(self.id)
        self.id = generate_id()

    def invalidate(self) -> None:
        """Empty the session and give it a new ID (logout)."""
        self.flush()
        self.migrate(destroy=True)
        self.regenerate_token()

    def previous_url(self) -> str | None:
        """The last GET URL seen in this session."""
        value = self.get("_previous.url")
        return str(value) if value else None

    def set_previous_url(self, url: str) -> None:
        """Remember the current URL for ``back()``."""
        self.put("_previous.url", url)


def _get(data: Mapping[str, Any], key: str, default: Any) -> Any:
    if key in data:
        return data[key]
    current: Any = data
    for part in key.split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        else:
            return default
    return current


def _set(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    current = data
    for part in parts[:-1]:
        nxt = current.get(part)
        if not isinstance(nxt, dict):
            nxt = current[part] = {}
        current = nxt
    current[parts[-1]] = value


def _forget(data: dict[str, Any], key: str) -> None:
    if key in data:
        del data[key]
        return
    parts = key.split(".")
    current: Any = data
    for part in parts[:-1]:
        if not isinstance(current, dict) or part not in current:
            return
        current = current[part]
    if isinstance(current, dict):
        current.pop(parts[-1], None)
