"""Multi-valued parameters (query strings and form fields).

Rules: ``get``/``[]`` give the LAST value of a repeated key (PHP and Laravel semantics, also
Starlette's); ``get_list`` gives all of them; a key written ``tags[]`` is collected under ``tags``
as a list, as Laravel developers expect from ``?tags[]=a&tags[]=b``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl


class MultiDict(Mapping[str, Any]):
    """An immutable mapping keeping every value of a repeated key."""

    __slots__ = ("_dict", "_list")

    def __init__(self, items: Iterable[tuple[str, Any]] = ()) -> None:
        self._list: list[tuple[str, Any]] = list(items)
        self._dict: dict[str, Any] = {}
        for key, value in self._list:
            if key.endswith("[]"):
                bucket = self._dict.setdefault(key[:-2], [])
                if isinstance(bucket, list):
                    bucket.append(value)
                else:
                    self._dict[key[:-2]] = [bucket, value]
            else:
                self._dict[key] = value

    @classmethod
    def from_query_string(cls, query: bytes | str) -> MultiDict:
        """Parse ``a=1&a=2&b[]=x`` (blank values kept)."""
        text = query.decode("latin-1") if isinstance(query, bytes) else query
        return cls(parse_qsl(text, keep_blank_values=True))

    def __getitem__(self, key: str) -> Any:
        return self._dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def get_list(self, key: str) -> list[Any]:
        """Every value sent for ``key`` (``key[]`` included), in order."""
        return [v for k, v in self._list if k == key or k == f"{key}[]"]

    def multi_items(self) -> list[tuple[str, Any]]:
        """The raw ``(key, value)`` pairs in order."""
        return list(self._list)

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (last value wins; ``key[]`` collected as lists)."""
        return dict(self._dict)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._list!r})"


class QueryParams(MultiDict):
    """The query string of a request."""


class FormData(MultiDict):
    """Fields of a urlencoded or multipart body (files are in ``request.files``)."""
