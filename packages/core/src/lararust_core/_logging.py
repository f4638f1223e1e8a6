"""Logging on stdlib ``logging`` with Laravel's channels (``config/logging.py``).

Rules:
- Drivers: ``stack`` (``channels``), ``single`` (``path``), ``daily`` (``path``, ``days``:
  rotated at midnight by ``TimedRotatingFileHandler``), ``stderr``/``stdout``, ``null`` and
  ``custom`` (``via``: a callable returning a ``logging.Handler``). Every channel takes
  ``level`` and ``formatter`` (``line`` or ``json``: one JSON object per line).
- Each channel is a standalone ``logging.Logger`` (not in the global hierarchy): two
  applications in one process (tests) never share or duplicate handlers.
- Context: ``Log.with_context({...})`` adds to every record of the current request: it is kept
  in the container's current scope (so it ends with the request) or, outside any scope, in a
  context variable. ``share_context`` adds to every record everywhere.
- A ``context["exception"]`` that is an exception is logged with its traceback (Laravel's rule).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
import sys
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TextIO

NOTICE, ALERT, EMERGENCY = 25, 55, 60
for _level, _name in ((NOTICE, "NOTICE"), (ALERT, "ALERT"), (EMERGENCY, "EMERGENCY")):
    logging.addLevelName(_level, _name)

LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "notice": NOTICE,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "critical": logging.CRITICAL,
    "alert": ALERT,
    "emergency": EMERGENCY,
}
DEFAULT_CONFIG: dict[str, Any] = {
    "default": "stack",
    "channels": {
        "stack": {"driver": "stack", "channels": ["stderr"]},
        "stderr": {"driver": "stderr", "level": "debug"},
    },
}
_CONTEXT_KEY = "log.context"
_context: ContextVar[Mapping[str, Any] | None] = ContextVar("lararust_log_context", default=None)


class _LiveStream(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that looks ``sys.stderr``/``sys.stdout`` up at each record (capture)."""

    def __init__(self, name: str) -> None:
        self._which = name
        super().__init__()

    @property
    def stream(self) -> TextIO:
        return sys.stdout if self._which == "stdout" else sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


class LineFormatter(logging.Formatter):
    """``[2025-01-31 12:00:00] local.INFO: message {"context": "json"}``."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self._label = label

    def format(self, record: logging.LogRecord) -> str:
        """Render one record on one line (plus a traceback when there is one)."""
        moment = dt.datetime.fromtimestamp(record.created).strftime("%Y-%m-%d %H:%M:%S")
        context = getattr(record, "context", None)
        text = f"[{moment}] {self._label}.{record.levelname}: {record.getMessage()}"
        if context:
            text += " " + json.dumps(context, default=str, ensure_ascii=False)
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


class JsonFormatter(logging.Formatter):
    """One JSON object per line: datetime, level, channel, message, context, exception."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self._label = label

    def format(self, record: logging.LogRecord) -> str:
        """Render one record as a JSON line."""
        data: dict[str, Any] = {
            "datetime": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname.lower(),
            "channel": self._label,
            "message": record.getMessage(),
            "context": getattr(record, "context", None) or {},
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, default=str, ensure_ascii=False)


class Channel:
    """One log channel (implements ``lararust_contracts.Logger``)."""

    def __init__(self, name: str, logger: logging.Logger, manager: LogManager) -> None:
        self.name = name
        self.logger = logger
        self._manager = manager

    def log(self, level: str | int, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log ``message`` at ``level`` (a Laravel level name or a ``logging`` number)."""
        number = level if isinstance(level, int) else LEVELS[level.lower()]
        if not self.logger.isEnabledFor(number):
            return
        merged = self._manager.context(context)
        exc = merged.pop("exception", None)
        exc_info = (type(exc), exc, exc.__traceback__) if isinstance(exc, BaseException) else None
        if exc is not None and exc_info is None:
            merged["exception"] = exc
        self.logger.log(number, message, exc_info=exc_info, extra={"context": merged})

    def debug(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at debug level."""
        self.log(logging.DEBUG, message, context)

    def info(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at info level."""
        self.log(logging.INFO, message, context)

    def notice(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at notice level (between info and warning)."""
        self.log(NOTICE, message, context)

    def warning(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at warning level."""
        self.log(logging.WARNING, message, context)

    def error(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at error level."""
        self.log(logging.ERROR, message, context)

    def critical(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at critical level."""
        self.log(logging.CRITICAL, message, context)

    def alert(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at alert level."""
        self.log(ALERT, message, context)

    def emergency(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at emergency level."""
        self.log(EMERGENCY, message, context)

    def exception(self, message: str, context: Mapping[str, Any] | None = None) -> None:
        """Log at error level with the exception being handled."""
        self.log(logging.ERROR, message, {**(context or {}), "exception": sys.exc_info()[1]})


class LogManager(Channel):
    """The ``log`` service: channels by name; logging on it goes to the default channel."""

    def __init__(
        self,
        config: Mapping[str, Any] | None = None,
        base_path: str | Path | None = None,
        container: Any = None,
        label: str | None = None,
    ) -> None:
        self._config = dict(config or DEFAULT_CONFIG)
        self._base = Path(base_path or ".")
        self._container = container
        self._label = label
        self._channels: dict[str, Channel] = {}
        self._shared: dict[str, Any] = {}
        default = self.channel()
        super().__init__(default.name, default.logger, self)

    # -- channels ------------------------------------------------------------------------------

    def channel(self, name: str | None = None) -> Channel:
        """The channel called ``name`` (``logging.default`` when None), built once."""
        name = name or str(self._config.get("default", "stack"))
        if name not in self._channels:
            logger = logging.Logger(f"lararust.{name}")
            logger.propagate = False
            for handler in self._handlers(name, set()):
                logger.addHandler(handler)
            self._channels[name] = Channel(name, logger, self)
        return self._channels[name]

    def stack(self, channels: list[str], name: str = "ondemand") -> Channel:
        """A channel writing to every channel of ``channels``."""
        logger = logging.Logger(f"lararust.{name}")
        logger.propagate = False
        for channel in channels:
            for handler in self.channel(channel).logger.handlers:
                logger.addHandler(handler)
        return Channel(name, logger, self)

    def _settings(self, name: str) -> dict[str, Any]:
        channels = self._config.get("channels") or {}
        if name not in channels:
            raise ValueError(
                f"log channel {name!r} is not configured (config logging.channels has: "
                f"{', '.join(sorted(channels)) or 'nothing'})"
            )
        return dict(channels[name])

    def _handlers(self, name: str, seen: set[str]) -> list[logging.Handler]:
        if name in seen:
            raise ValueError(f"log channel {name!r} stacks itself")
        settings = self._settings(name)
        driver = settings.get("driver", name)
        if driver == "stack":
            handlers: list[logging.Handler] = []
            for inner in settings.get("channels", []):
                handlers += self._handlers(inner, {*seen, name})
            return handlers
        handler = self._handler(name, driver, settings)
        handler.setLevel(LEVELS[str(settings.get("level", "debug")).lower()])
        label = self._label or name
        formatter = settings.get("formatter", "line")
        handler.setFormatter(JsonFormatter(label) if formatter == "json" else LineFormatter(label))
        return [handler]

    def _handler(self, name: str, driver: str, settings: dict[str, Any]) -> logging.Handler:
        if driver in ("stderr", "stdout"):
            return _LiveStream(driver)
        if driver == "null":
            return logging.NullHandler()
        if driver == "custom":
            via: Callable[[dict[str, Any]], logging.Handler] = settings["via"]
            return via(settings)
        if driver in ("single", "daily"):
            path = Path(settings.get("path", "storage/logs/lararust.log"))
            path = path if path.is_absolute() else self._base / path
            path.parent.mkdir(parents=True, exist_ok=True)
            if driver == "single":
                return logging.FileHandler(path, encoding="utf-8", delay=True)
            return logging.handlers.TimedRotatingFileHandler(
                path,
                when="midnight",
                backupCount=int(settings.get("days", 14)),
                encoding="utf-8",
                delay=True,
            )
        raise ValueError(f"log channel {name!r} has an unknown driver {driver!r}")

    # -- context ---------------------------------------------------------------------------------

    def _scope(self) -> Any:
        current = getattr(self._container, "current_scope", None)
        return current() if callable(current) else None

    def _current(self) -> Mapping[str, Any]:
        scope = self._scope()
        if scope is not None:
            return scope.instances.get(_CONTEXT_KEY, {})  # type: ignore[no-any-return]
        return _context.get() or {}

    def _store(self, context: Mapping[str, Any]) -> None:
        scope = self._scope()
        if scope is not None:
            scope.instances[_CONTEXT_KEY] = context
        else:
            _context.set(context)

    def with_context(self, context: Mapping[str, Any]) -> LogManager:
        """Add ``context`` to every record of the current request (or context)."""
        self._store({**self._current(), **context})
        return self

    def without_context(self, keys: list[str] | None = None) -> LogManager:
        """Drop ``keys`` (or all) from the current request's context."""
        current = self._current()
        self._store({k: v for k, v in current.items() if keys is not None and k not in keys})
        return self

    def share_context(self, context: Mapping[str, Any]) -> LogManager:
        """Add ``context`` to every record of every channel, everywhere."""
        self._shared.update(context)
        return self

    def context(self, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The context a record gets now: shared, then request, then ``extra``."""
        return {**self._shared, **self._current(), **(extra or {})}

    def close(self) -> None:
        """Close every file handler (the app's shutdown does it)."""
        for channel in self._channels.values():
            for handler in channel.logger.handlers:
                handler.close()
