"""The ``attributes`` bag of a component (Laravel's ``ComponentAttributeBag``).

Rules: printing the bag renders ``name="value"`` pairs with every value escaped; ``True``
renders a bare ``name`` (``required``); ``False`` and ``None`` leave the attribute out.
``merge`` appends default classes and styles, and lets given values override other defaults.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

__all__ = ["AttributeBag", "class_names", "style_text"]

#: What an attribute name may be (HTML: no spaces, quotes, ``>``, ``/``, ``=`` or controls).
_NAME = re.compile(r"[^\s\"'>/=\x00-\x1f\x7f]+")


def _escape(value: Any) -> str:
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _conditional(spec: Any) -> Iterator[str]:
    """Yield the entries of a ``{value: condition}`` dict or list of strings and such dicts."""
    if spec is None:
        return
    if isinstance(spec, str):
        yield spec
        return
    if isinstance(spec, Mapping):
        for value, condition in spec.items():
            if condition:
                yield str(value)
        return
    for item in spec:
        yield from _conditional(item)


def class_names(spec: Any) -> str:
    """The class list ``@class`` prints: ``{'p-4': True, 'red': False}`` -> ``p-4``."""
    return " ".join(c for c in _conditional(spec) if c)


def style_text(spec: Any) -> str:
    """The declarations ``@style`` prints, each ending in ``;``."""
    parts = [s.strip().rstrip(";").strip() for s in _conditional(spec)]
    return " ".join(p + ";" for p in parts if p)


class AttributeBag:
    """The attributes a component received beyond its props; prints as HTML attributes."""

    __slots__ = ("_attrs",)

    def __init__(self, attributes: Mapping[str, Any] | None = None) -> None:
        self._attrs: dict[str, Any] = dict(attributes or {})

    def __html__(self) -> str:
        out = []
        for key, value in self._attrs.items():
            if value is None or value is False:
                continue
            if not _NAME.fullmatch(key):
                # Names are not escaped, so one from data (a spread dict) must be plain.
                raise ValueError(f"invalid HTML attribute name {key!r}")
            if value is True:
                out.append(key)
            else:
                out.append(f'{key}="{_escape(value)}"')
        return " ".join(out)

    def __str__(self) -> str:
        return self.__html__()

    def __repr__(self) -> str:
        return f"AttributeBag({self._attrs!r})"

    def merge(self, defaults: Mapping[str, Any] | None = None, **more: Any) -> AttributeBag:
        """Return a bag with ``defaults`` under the given attributes (classes/styles append)."""
        base = {**(defaults or {}), **{k.replace("_", "-"): v for k, v in more.items()}}
        merged = dict(base)
        for key, value in self._attrs.items():
            if key == "class" and base.get("class"):
                merged[key] = f"{base['class']} {value}".strip() if value else base["class"]
            elif key == "style" and base.get("style"):
                merged[key] = style_text([str(base["style"]), str(value or "")])
            else:
                merged[key] = value
        return AttributeBag(merged)

    def class_(self, spec: Any) -> AttributeBag:
        """Merge conditional classes (``@class`` syntax) into ``class``."""
        return self.merge({"class": class_names(spec)})

    def only(self, keys: str | Iterable[str]) -> AttributeBag:
        """Return a bag with only ``keys``."""
        wanted = {keys} if isinstance(keys, str) else set(keys)
        return AttributeBag({k: v for k, v in self._attrs.items() if k in wanted})

    def except_(self, keys: str | Iterable[str]) -> AttributeBag:
        """Return a bag without ``keys``."""
        unwanted = {keys} if isinstance(keys, str) else set(keys)
        return AttributeBag({k: v for k, v in self._attrs.items() if k not in unwanted})

    def filter(self, fn: Callable[[str, Any], bool]) -> AttributeBag:
        """Return a bag of the attributes for which ``fn(key, value)`` holds."""
        return AttributeBag({k: v for k, v in self._attrs.items() if fn(k, v)})

    def where_starts_with(self, prefix: str) -> AttributeBag:
        """Return a bag of the attributes whose name starts with ``prefix``."""
        return self.filter(lambda k, _v: k.startswith(prefix))

    def has(self, *keys: str) -> bool:
        """Whether every one of ``keys`` is present."""
        return all(k in self._attrs for k in keys)

    def get(self, key: str, default: Any = None) -> Any:
        """Return one attribute's value, or ``default``."""
        return self._attrs.get(key, default)

    def items(self) -> Iterable[tuple[str, Any]]:
        """The ``(name, value)`` pairs."""
        return self._attrs.items()

    def __getitem__(self, key: str) -> Any:
        return self._attrs[key]

    def __contains__(self, key: object) -> bool:
        return key in self._attrs

    def __iter__(self) -> Iterator[str]:
        return iter(self._attrs)

    def __len__(self) -> int:
        return len(self._attrs)

    def __bool__(self) -> bool:
        return bool(self._attrs)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AttributeBag):
            return self._attrs == other._attrs
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]
