"""Builds sessions from config ``session`` (Laravel's ``config/session.php`` keys)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._context import config_value, get_container, make_service
from .._cookies import Cookie
from ._handlers import (
    ArraySessionHandler,
    CookieSessionHandler,
    EncryptedSessionHandler,
    FileSessionHandler,
)
from ._store import Session, SessionHandler

DEFAULTS: dict[str, Any] = {
    "driver": "file",
    "encrypt": False,
    "lifetime": 120,
    "expire_on_close": False,
    "files": None,
    "cookie": "lararust_session",
    "path": "/",
    "domain": None,
    "secure": None,
    "http_only": True,
    "same_site": "lax",
    "lottery": [2, 100],
}


class SessionManager:
    """Makes a :class:`Session` per request with the configured handler."""

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        options = {
            **DEFAULTS,
            **(config if config is not None else config_value("session", {}) or {}),
        }
        self.config = options
        self.driver = str(options["driver"])
        self.lifetime = int(options["lifetime"]) * 60
        if self.driver not in ("file", "cookie", "array"):
            raise ValueError(
                f"session.driver {self.driver!r} is not supported: use file, cookie or array"
            )
        self._shared: SessionHandler | None = None
        if self.driver == "file":
            self._shared = FileSessionHandler(self._files_path(), self.lifetime)
        elif self.driver == "array":
            self._shared = ArraySessionHandler(self.lifetime)
        if self._shared is not None and options.get("encrypt"):
            self._shared = EncryptedSessionHandler(self._shared, lambda: make_service("encrypter"))

    def _files_path(self) -> Path:
        if self.config.get("files"):
            return Path(self.config["files"])
        app = get_container()
        storage = getattr(app, "storage_path", None)
        if callable(storage):
            return Path(storage("framework", "sessions"))
        return Path("storage/framework/sessions")

    @property
    def cookie_name(self) -> str:
        """The session ID cookie's name."""
        return str(self.config["cookie"])

    def handler_for(self, request: Any) -> SessionHandler:
        """The handler serving ``request`` (cookie handlers are per request)."""
        if self._shared is not None:
            return self._shared
        return CookieSessionHandler(
            request, make_service("encrypter"), f"{self.cookie_name}_data", self.lifetime
        )

    def build(self, request: Any) -> Session:
        """A session for ``request`` keyed by its cookie."""
        session = Session(self.cookie_name, self.handler_for(request))
        session.set_id(request.cookie(self.cookie_name))
        return session

    def cookies(self, request: Any, session: Session) -> list[Cookie]:
        """The cookies that carry the session to the next request."""
        max_age = None if self.config["expire_on_close"] else self.lifetime
        secure = self.config["secure"]
        if secure is None:
            secure = request.is_secure()
        common: dict[str, Any] = {
            "max_age": max_age,
            "path": self.config["path"],
            "domain": self.config["domain"],
            "secure": bool(secure),
            "http_only": bool(self.config["http_only"]),
            "same_site": self.config["same_site"],
        }
        cookies = [Cookie(self.cookie_name, session.id, **common)]
        handler = session.handler
        if isinstance(handler, CookieSessionHandler) and handler.value is not None:
            cookies.append(
                Cookie(
                    handler.cookie, handler.value, **common, encrypt=handler._middleware_encrypts()
                )
            )
        return cookies

    async def collect_garbage(self, session: Session) -> None:
        """Run the handler's GC with the configured lottery odds."""
        wins, out_of = self.config["lottery"]
        if random.randint(1, int(out_of)) <= int(wins):
            await session.handler.gc(self.lifetime)
