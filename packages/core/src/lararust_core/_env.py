"""``.env`` files and ``env()``.

Rules:
- The real environment wins: a variable already set in ``os.environ`` is never overwritten by
  the file (``override=True`` is for tests).
- The parser is ours (not python-dotenv) so a malformed line is an :class:`EnvFileError`
  naming the file and line. Syntax: ``KEY=value``, optional ``export``, ``#`` comments (inline
  ones need a space before ``#`` in unquoted values), ``'literal'`` and ``"escaped \\n ${VAR}"``
  values (quoted values may span lines), ``${VAR}`` / ``${VAR:-default}`` interpolation.
- ``env()`` casts ``true``/``false``/``null``/``empty`` (also in parentheses, as Laravel), and
  casts to the type of an ``int``/``float``/``bool`` default, failing with the variable named.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

from lararust_contracts import LaraRustError

T = TypeVar("T")

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\Z")
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?\}")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\", "$": "$"}
_TRUE = frozenset({"true", "(true)"})
_FALSE = frozenset({"false", "(false)"})
_NULL = frozenset({"null", "(null)"})
_EMPTY = frozenset({"empty", "(empty)"})
_BOOL_WORDS = {"1": True, "yes": True, "on": True, "0": False, "no": False, "off": False}
MAX_ENV_FILE_BYTES = 1024 * 1024

# Where each variable loaded from a file came from, for error messages.
_sources: dict[str, tuple[Path, int]] = {}


class EnvFileError(LaraRustError, ValueError):
    """A ``.env`` file has a line that cannot be parsed (the message names file and line)."""

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path = Path(path)
        self.line = line
        self.reason = reason


class EnvError(LaraRustError, ValueError):
    """An environment variable's value does not fit its declared or default type."""


@dataclass(frozen=True, slots=True)
class EnvEntry:
    """One variable read from a ``.env`` file."""

    value: str
    line: int


def describe_source(key: str) -> str:
    """`` (from .env:3)`` when ``key`` was loaded from a file, else ``""``."""
    source = _sources.get(key)
    return f" (from {source[0]}:{source[1]})" if source else ""


def parse_env(text: str, path: Path | str = ".env") -> dict[str, EnvEntry]:
    """Parse ``.env`` text; raise :class:`EnvFileError` on the first malformed line."""
    lines = text.splitlines()
    entries: dict[str, EnvEntry] = {}
    index = 0
    while index < len(lines):
        number = index + 1
        line = lines[index].strip()
        index += 1
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, rest = line.partition("=")
        key = key.strip()
        if not sep:
            raise EnvFileError(path, number, f"expected KEY=VALUE, got {line[:40]!r}")
        if not _KEY.match(key):
            raise EnvFileError(path, number, f"invalid variable name {key!r}")
        rest = rest.lstrip()
        if rest[:1] in ("'", '"'):
            value, index = _quoted(rest, lines, index, path, number, entries)
        else:
            value = _unquoted(rest, entries)
        entries[key] = EnvEntry(value, number)
    return entries


def _quoted(
    rest: str,
    lines: list[str],
    index: int,
    path: Path | str,
    number: int,
    entries: Mapping[str, EnvEntry],
) -> tuple[str, int]:
    quote, text = rest[0], rest[1:]
    chunks: list[str] = []
    while True:
        end = _closing(text, quote)
        if end >= 0:
            chunks.append(text[:end])
            trailing = text[end + 1 :].strip()
            if trailing and not trailing.startswith("#"):
                raise EnvFileError(path, number, f"unexpected text after the closing {quote}")
            break
        chunks.append(text)
        if index >= len(lines):
            raise EnvFileError(path, number, f"unterminated {quote}-quoted value")
        text = lines[index]
        index += 1
    raw = "\n".join(chunks)
    if quote == "'":
        return raw, index
    return _interpolate(_unescape(raw), entries), index


def _closing(text: str, quote: str) -> int:
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\" and quote == '"':
            position += 2
            continue
        if char == quote:
            return position
        position += 1
    return -1


def _unescape(raw: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), raw)


def _unquoted(rest: str, entries: Mapping[str, EnvEntry]) -> str:
    comment = re.search(r"\s#", rest)
    value = rest[: comment.start()] if comment else rest
    return _interpolate(value.strip(), entries)


def _interpolate(value: str, entries: Mapping[str, EnvEntry]) -> str:
    def lookup(match: re.Match[str]) -> str:
        name, fallback = match.group(1), match.group(2)
        found = os.environ.get(name)
        if found is None and name in entries:
            found = entries[name].value
        return found if found else (fallback or "")

    return _INTERPOLATION.sub(lookup, value)


def load_env(path: Path | str, *, override: bool = False) -> dict[str, str]:
    """Load a ``.env`` file into ``os.environ`` (the real environment wins); return its values.

    A missing file loads nothing.
    """
    path = Path(path)
    if not path.is_file():
        return {}
    if path.stat().st_size > MAX_ENV_FILE_BYTES:
        raise EnvFileError(path, 1, f"file is larger than {MAX_ENV_FILE_BYTES} bytes")
    entries = parse_env(path.read_text(encoding="utf-8"), path)
    for key, entry in entries.items():
        if override or key not in os.environ:
            os.environ[key] = entry.value
            _sources[key] = (path, entry.line)
    return {key: entry.value for key, entry in entries.items()}


def cast_env_value(key: str, raw: str, kind: Any) -> Any:
    """Cast ``raw`` to ``kind`` (``bool``/``int``/``float``/``str``) or raise :class:`EnvError`."""
    lowered = raw.strip().lower()
    if kind is bool:
        if lowered in _TRUE or lowered in _FALSE:
            return lowered in _TRUE
        if lowered in _BOOL_WORDS:
            return _BOOL_WORDS[lowered]
        expected = "a boolean (true/false, 1/0, yes/no, on/off)"
    elif kind is int:
        try:
            return int(raw.strip())
        except ValueError:
            expected = "an integer"
    elif kind is float:
        try:
            return float(raw.strip())
        except ValueError:
            expected = "a number"
    else:
        return raw
    raise EnvError(f"{key} must be {expected}, got {raw!r}{describe_source(key)}")


@overload
def env(key: str) -> Any: ...
@overload
def env(key: str, default: T | Callable[[], T]) -> T | Any: ...
def env(key: str, default: Any = None) -> Any:
    """Read environment variable ``key`` with Laravel's casting (see the module docstring).

    ``true``/``false``/``null``/``empty`` become ``True``/``False``/``None``/``""``; with an
    ``int``, ``float`` or ``bool`` default the value is cast to that type (``env("APP_PORT",
    8000)`` is an ``int``), and a value that does not fit raises :class:`EnvError`. A callable
    default is called only when the variable is unset.
    """
    raw = os.environ.get(key)
    if raw is None:
        return default() if callable(default) else default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if lowered in _NULL:
        return None
    if lowered in _EMPTY:
        return ""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        raw = raw[1:-1]  # Laravel strips quotes a real environment variable kept
    if isinstance(default, bool | int | float):
        return cast_env_value(key, raw, type(default))
    return raw
