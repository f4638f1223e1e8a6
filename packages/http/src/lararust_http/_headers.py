"""Case-insensitive, multi-valued HTTP headers.

Rules: request headers wrap the raw ASGI list untouched and build a lookup index only when first
read (the hot path may never read a header). Header names and values set by the application are
checked for CR, LF and NUL, which would split a response (an error, never a silent strip).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

_FORBIDDEN = frozenset("\r\n\x00")


class HeaderValueError(ValueError):
    """A header name or value holds CR, LF or NUL (response splitting)."""


def check_header(name: str, value: str) -> None:
    """Raise :class:`HeaderValueError` when ``name``/``value`` could split a response."""
    if not name or _FORBIDDEN.intersection(name) or ":" in name or " " in name:
        raise HeaderValueError(f"invalid header name {name!r}")
    if _FORBIDDEN.intersection(value):
        raise HeaderValueError(f"header {name!r} has a CR, LF or NUL in its value {value!r}")


def encode_header(name: str, value: str) -> tuple[bytes, bytes]:
    """Check and encode one header the way ASGI carries it (lower-case latin-1 bytes)."""
    check_header(name, value)
    return name.lower().encode("latin-1"), value.encode("latin-1")


class Headers(Mapping[str, str]):
    """Read-only headers of a request: ``headers["content-type"]``, ``get_list("accept")``."""

    __slots__ = ("_index", "raw")

    def __init__(self, raw: list[tuple[bytes, bytes]] | None = None) -> None:
        self.raw: list[tuple[bytes, bytes]] = raw if raw is not None else []
        self._index: dict[str, list[str]] | None = None

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name, value in self.raw:
            key = name.decode("latin-1").lower()
            if key in index:
                index[key].append(value.decode("latin-1"))
            else:
                index[key] = [value.decode("latin-1")]
        self._index = index
        return index

    def __getitem__(self, key: str) -> str:
        index = self._index if self._index is not None else self._build()
        return index[key.lower()][0]

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """The first value of ``key`` (any case), or ``default``."""
        index = self._index if self._index is not None else self._build()
        values = index.get(key.lower())
        return values[0] if values else default

    def get_list(self, key: str) -> list[str]:
        """Every value of ``key`` in the order received."""
        index = self._index if self._index is not None else self._build()
        return list(index.get(key.lower(), ()))

    def __contains__(self, key: object) -> bool:
        index = self._index if self._index is not None else self._build()
        return isinstance(key, str) and key.lower() in index

    def __iter__(self) -> Iterator[str]:
        index = self._index if self._index is not None else self._build()
        return iter(index)

    def __len__(self) -> int:
        index = self._index if self._index is not None else self._build()
        return len(index)

    def __repr__(self) -> str:
        return f"Headers({self.raw!r})"


class MutableHeaders:
    """A live view over a response's ``raw_headers`` list (set, append, remove)."""

    __slots__ = ("raw",)

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        self.raw = raw

    def get(self, key: str, default: str | None = None) -> str | None:
        """The first value of ``key`` (any case), or ``default``."""
        wanted = key.lower().encode("latin-1")
        for name, value in self.raw:
            if name == wanted:
                return value.decode("latin-1")
        return default

    def get_list(self, key: str) -> list[str]:
        """Every value of ``key``."""
        wanted = key.lower().encode("latin-1")
        return [v.decode("latin-1") for n, v in self.raw if n == wanted]

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __setitem__(self, key: str, value: str) -> None:
        self.set(key, value)

    def __delitem__(self, key: str) -> None:
        self.remove(key)

    def set(self, key: str, value: str) -> None:
        """Replace every ``key`` header with one ``value``."""
        pair = encode_header(key, value)
        self.raw[:] = [(n, v) for n, v in self.raw if n != pair[0]]
        self.raw.append(pair)

    def append(self, key: str, value: str) -> None:
        """Add one more ``key`` header (``Set-Cookie``, ``Vary``)."""
        self.raw.append(encode_header(key, value))

    def remove(self, key: str) -> None:
        """Drop every ``key`` header."""
        wanted = key.lower().encode("latin-1")
        self.raw[:] = [(n, v) for n, v in self.raw if n != wanted]

    def add_vary(self, value: str) -> None:
        """Add ``value`` to ``Vary`` unless it is already listed."""
        current = self.get("vary")
        if current is None:
            self.append("vary", value)
        elif value.lower() not in [v.strip().lower() for v in current.split(",")]:
            self.set("vary", f"{current}, {value}")

    def items(self) -> list[tuple[str, str]]:
        """Every header as decoded ``(name, value)`` pairs."""
        return [(n.decode("latin-1"), v.decode("latin-1")) for n, v in self.raw]

    def __repr__(self) -> str:
        return f"MutableHeaders({self.items()!r})"
