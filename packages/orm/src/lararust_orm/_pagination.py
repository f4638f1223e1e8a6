"""Paginators with Laravel's ``toArray()`` shapes, and their links.

Rules: the current page and path come from the contracts ``PageResolver`` the http package
binds (the current request); outside a request, pass ``page=``/``cursor=`` and the path is
``/``. Paginators iterate like collections. ``links()`` renders through the view factory's
``pagination.tailwind`` view when one exists, else a built-in Tailwind-styled fallback (marked
safe). Cursors are opaque URL-safe strings.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from html import escape
from typing import Any
from urllib.parse import urlencode

from lararust_support import HtmlString

from ._errors import QueryError


def resolver() -> Any:
    """The application's ``PageResolver``, or None outside an application/request."""
    try:
        from lararust_contracts import PageResolver
        from lararust_core import app

        application: Any = app()
        key: Any = PageResolver
        if application.bound(key):
            return application.make(key)
    except LookupError:
        return None
    return None


def current_page(page_name: str = "page") -> int:
    """The requested page (1 outside a request)."""
    found = resolver()
    try:
        return max(int(found.current_page(page_name)), 1) if found is not None else 1
    except (TypeError, ValueError):
        return 1


def current_path() -> str:
    """The requested path (``/`` outside a request)."""
    found = resolver()
    return str(found.current_path()) if found is not None else "/"


def _plain(item: Any) -> Any:
    if hasattr(item, "to_dict"):
        return item.to_dict()
    if hasattr(item, "items"):
        return dict(item.items())
    return item


class _Base:
    def __init__(self, items: list[Any], per_page: int, path: str, page_name: str) -> None:
        self.items = items
        self.per_page = per_page
        self.path = path
        self.page_name = page_name

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Any:
        return self.items[index]

    def url(self, value: Any, name: str | None = None) -> str:
        """The URL of a page (or cursor)."""
        return f"{self.path}?{urlencode({name or self.page_name: value})}"

    def to_json(self) -> str:
        """The ``to_dict()`` shape as JSON."""
        return json.dumps(self.to_dict(), default=str)

    def to_dict(self) -> dict[str, Any]:
        """Laravel's paginator shape."""
        raise NotImplementedError

    def links(self) -> HtmlString:
        """Pagination links (Tailwind), rendered by the view factory when it has the view."""
        raise NotImplementedError


class LengthAwarePaginator(_Base):
    """``paginate()``: knows the total and the last page."""

    def __init__(
        self,
        items: list[Any],
        total: int,
        per_page: int,
        page: int,
        path: str,
        page_name: str = "page",
    ) -> None:
        super().__init__(items, per_page, path, page_name)
        self.total = total
        self.current_page = page
        self.last_page = max(math.ceil(total / per_page), 1) if per_page else 1

    def has_more_pages(self) -> bool:
        """Whether pages follow this one."""
        return self.current_page < self.last_page

    def _links(self) -> list[dict[str, Any]]:
        prev = self.url(self.current_page - 1) if self.current_page > 1 else None
        nxt = self.url(self.current_page + 1) if self.has_more_pages() else None
        out = [{"url": prev, "label": "&laquo; Previous", "active": False}]
        for page in _window(self.current_page, self.last_page):
            if page is None:
                out.append({"url": None, "label": "...", "active": False})
            else:
                out.append({"url": self.url(page), "label": str(page),
                            "active": page == self.current_page})  # fmt: skip
        out.append({"url": nxt, "label": "Next &raquo;", "active": False})
        return out

    def to_dict(self) -> dict[str, Any]:
        """Laravel's ``LengthAwarePaginator::toArray()``."""
        first = (self.current_page - 1) * self.per_page + 1 if self.items else None
        return {
            "current_page": self.current_page,
            "data": [_plain(i) for i in self.items],
            "first_page_url": self.url(1),
            "from": first,
            "last_page": self.last_page,
            "last_page_url": self.url(self.last_page),
            "links": self._links(),
            "next_page_url": self.url(self.current_page + 1) if self.has_more_pages() else None,
            "path": self.path,
            "per_page": self.per_page,
            "prev_page_url": self.url(self.current_page - 1) if self.current_page > 1 else None,
            "to": first + len(self.items) - 1 if first is not None else None,
            "total": self.total,
        }

    def links(self) -> HtmlString:
        """Numbered Tailwind links."""
        return _render(self._links(), "pagination.tailwind", self)


class Paginator(_Base):
    """``simple_paginate()``: previous/next only, no count query."""

    def __init__(
        self,
        items: list[Any],
        per_page: int,
        page: int,
        has_more: bool,
        path: str,
        page_name: str = "page",
    ) -> None:
        super().__init__(items, per_page, path, page_name)
        self.current_page = page
        self._has_more = has_more

    def has_more_pages(self) -> bool:
        """Whether a next page exists."""
        return self._has_more

    def to_dict(self) -> dict[str, Any]:
        """Laravel's ``Paginator::toArray()``."""
        first = (self.current_page - 1) * self.per_page + 1 if self.items else None
        return {
            "current_page": self.current_page,
            "data": [_plain(i) for i in self.items],
            "first_page_url": self.url(1),
            "from": first,
            "next_page_url": self.url(self.current_page + 1) if self._has_more else None,
            "path": self.path,
            "per_page": self.per_page,
            "prev_page_url": self.url(self.current_page - 1) if self.current_page > 1 else None,
            "to": first + len(self.items) - 1 if first is not None else None,
        }

    def links(self) -> HtmlString:
        """Previous/next Tailwind links."""
        d = self.to_dict()
        return _render(
            [{"url": d["prev_page_url"], "label": "&laquo; Previous", "active": False},
             {"url": d["next_page_url"], "label": "Next &raquo;", "active": False}],
            "pagination.simple-tailwind", self,
        )  # fmt: skip


class CursorPaginator(_Base):
    """``cursor_paginate()``: keyset pages with opaque cursors."""

    def __init__(
        self,
        items: list[Any],
        per_page: int,
        path: str,
        next_cursor: str | None,
        prev_cursor: str | None,
        cursor_name: str = "cursor",
    ) -> None:
        super().__init__(items, per_page, path, cursor_name)
        self.next_cursor = next_cursor
        self.prev_cursor = prev_cursor

    def to_dict(self) -> dict[str, Any]:
        """Laravel's ``CursorPaginator::toArray()``."""
        return {
            "data": [_plain(i) for i in self.items],
            "path": self.path,
            "per_page": self.per_page,
            "next_cursor": self.next_cursor,
            "next_page_url": self.url(self.next_cursor) if self.next_cursor else None,
            "prev_cursor": self.prev_cursor,
            "prev_page_url": self.url(self.prev_cursor) if self.prev_cursor else None,
        }

    def links(self) -> HtmlString:
        """Previous/next Tailwind links."""
        d = self.to_dict()
        return _render(
            [{"url": d["prev_page_url"], "label": "&laquo; Previous", "active": False},
             {"url": d["next_page_url"], "label": "Next &raquo;", "active": False}],
            "pagination.simple-tailwind", self,
        )  # fmt: skip


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    return value


def _untag(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        ((kind, text),) = value.items()
        converter: dict[str, Any] = {
            "$dt": datetime.fromisoformat,
            "$d": date.fromisoformat,
            "$dec": Decimal,
        }
        if kind in converter:
            return converter[kind](text)
    return value


def encode_cursor(values: dict[str, Any], forward: bool) -> str:
    """An opaque cursor for the row ``values`` (datetimes and decimals keep their type)."""
    tagged = {k: _tag(v) for k, v in values.items()}
    payload = json.dumps({**tagged, "_forward": forward}, default=str, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[dict[str, Any], bool]:
    """Read a cursor (``QueryError`` when malformed)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        forward = bool(data.pop("_forward"))
    except (ValueError, KeyError, TypeError) as exc:
        raise QueryError(f"invalid pagination cursor {cursor[:40]!r}") from exc
    if not isinstance(data, dict):
        raise QueryError("invalid pagination cursor")
    try:
        return {k: _untag(v) for k, v in data.items()}, forward
    except (ValueError, ArithmeticError) as exc:
        raise QueryError(f"invalid pagination cursor {cursor[:40]!r}") from exc


def _window(page: int, last: int, each_side: int = 3) -> list[int | None]:
    """Page numbers to show, with None for the ``...`` gaps (Laravel's UrlWindow)."""
    if last <= each_side * 2 + 8:
        return list(range(1, last + 1))
    if page <= each_side * 2:
        return [*range(1, each_side * 2 + 3), None, last - 1, last]
    if page > last - each_side * 2:
        return [1, 2, None, *range(last - each_side * 2 - 1, last + 1)]
    return [1, 2, None, *range(page - each_side, page + each_side + 1), None, last - 1, last]


def _render(links: list[dict[str, Any]], view: str, paginator: Any) -> HtmlString:
    try:
        from lararust_core import app

        factory = app().make("view")
        if factory.exists(view):
            return HtmlString(factory.render(view, {"paginator": paginator, "elements": links}))
    except Exception:  # no application or no view package: the built-in fallback below
        pass
    parts = ['<nav role="navigation" aria-label="Pagination" class="flex items-center gap-1">']
    for link in links:
        label = link["label"]  # our own fixed labels and page numbers: already safe text
        if link["url"] is None:
            parts.append(f'<span class="px-3 py-1 text-gray-400">{label}</span>')
        elif link["active"]:
            active = "px-3 py-1 rounded bg-gray-800 text-white"
            parts.append(f'<span aria-current="page" class="{active}">{label}</span>')
        else:
            href = escape(link["url"])
            parts.append(
                f'<a href="{href}" class="px-3 py-1 rounded hover:bg-gray-100">{label}</a>'
            )
    parts.append("</nav>")
    return HtmlString("".join(parts))
