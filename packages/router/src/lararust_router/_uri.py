"""Parse a route URI (``users/{user}/posts/{post:slug?}``) into segments.

Rules: parameters are ``{name}``, ``{name?}`` (optional) or ``{name:field}`` (route-model binding
by ``field``). A segment is static text, exactly one parameter, or a mix (``{name}.{ext}``).
Optional parameters must be whole segments at the end of the URI, so a route expands into a
few fixed-length variants and the matcher never has to guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._errors import RouteDefinitionError

_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_][A-Za-z0-9_]*))?(\?)?\}")


@dataclass(frozen=True, slots=True)
class Param:
    """One ``{parameter}`` of a URI."""

    name: str
    field: str | None
    optional: bool


@dataclass(frozen=True, slots=True)
class Segment:
    """One ``/``-separated piece of a URI: literal text and parameters, in order.

    ``static`` (no parameter), ``whole`` (the parameter when it is the whole segment) and
    ``params`` are computed once by :func:`parse_segment`.
    """

    text: str
    parts: tuple[str | Param, ...]
    params: tuple[Param, ...]
    static: bool
    whole: Param | None


def normalize(uri: str) -> str:
    """Strip the slashes around ``uri`` (routes are stored without them; ``""`` is the root)."""
    return uri.strip().strip("/")


def join(prefix: str, uri: str) -> str:
    """Join a group prefix and a URI with exactly one slash."""
    prefix, uri = normalize(prefix), normalize(uri)
    if prefix and uri:
        return f"{prefix}/{uri}"
    return prefix or uri


def parse_segment(text: str, uri: str) -> Segment:
    """Split one segment into literal text and parameters; reject stray braces."""
    parts: list[str | Param] = []
    pos = 0
    for m in _PARAM.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        parts.append(Param(m.group(1), m.group(2), m.group(3) is not None))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    for part in parts:
        if isinstance(part, str) and ("{" in part or "}" in part):
            raise RouteDefinitionError(
                f"Malformed parameter in route URI [{uri}] near [{part}]: "
                "use {name}, {name?} or {name:field}"
            )
    params = tuple(p for p in parts if isinstance(p, Param))
    whole = parts[0] if len(parts) == 1 and isinstance(parts[0], Param) else None
    return Segment(text, tuple(parts), params, not params, whole)


def parse_uri(uri: str) -> tuple[Segment, ...]:
    """Parse a normalized URI into segments, validating parameter names and optionals."""
    if not uri:
        return ()
    segments = tuple(parse_segment(text, uri) for text in uri.split("/"))
    seen: set[str] = set()
    first_optional: int | None = None
    for index, segment in enumerate(segments):
        if not segment.text:
            raise RouteDefinitionError(f"Route URI [{uri}] has an empty segment ('//')")
        for param in segment.params:
            if param.name in seen:
                raise RouteDefinitionError(
                    f"Route URI [{uri}] uses the parameter [{param.name}] twice"
                )
            seen.add(param.name)
            if param.optional and segment.whole is None:
                raise RouteDefinitionError(
                    f"Optional parameter [{param.name}] of route URI [{uri}] must be a whole "
                    "segment"
                )
            if param.optional and first_optional is None:
                first_optional = index
        if first_optional is not None and index >= first_optional:
            whole = segment.whole
            if whole is None or not whole.optional:
                raise RouteDefinitionError(
                    f"Route URI [{uri}]: only optional parameters may follow an optional parameter"
                )
    return segments


def required_count(segments: tuple[Segment, ...]) -> int:
    """How many leading segments are required (the rest are optional parameters)."""
    for index, segment in enumerate(segments):
        whole = segment.whole
        if whole is not None and whole.optional:
            return index
    return len(segments)


PARAM_RE = _PARAM
