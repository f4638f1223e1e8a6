"""``Stringable``: ``Str`` as a fluent chain (Laravel's ``Str::of`` / ``str()``).

Every method returns a new ``Stringable`` (the value is immutable), except the questions
(``contains``, ``is_empty``...) which return ``bool``; ``str(s)`` or ``s.value`` ends the chain.
It is not a ``str`` subclass on purpose: ``str.replace`` and ``Str.replace`` take their
arguments in different orders, and a subclass would mix both silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sized
from typing import TYPE_CHECKING, Any

from ._html import HtmlString
from ._macroable import Macroable
from ._str import Needles, Str

if TYPE_CHECKING:
    from ._collection import Collection

__all__ = ["Stringable", "str_"]


class Stringable(Macroable):
    """A string wrapped for chaining: ``Str.of("  hello world ").squish().title().finish("!")``."""

    __slots__ = ("_value",)

    def __init__(self, value: object = "") -> None:
        self._value = value if isinstance(value, str) else str(value)

    @property
    def value(self) -> str:
        """The wrapped string."""
        return self._value

    def to_string(self) -> str:
        """Return the wrapped string."""
        return self._value

    def to_html(self) -> HtmlString:
        """Mark the value as trusted HTML (only for text you built or escaped yourself)."""
        return HtmlString(self._value)

    def _new(self, value: str) -> Stringable:
        return type(self)(value)

    # --- shaping ---------------------------------------------------------------------------------

    def append(self, *values: str) -> Stringable:
        """Add ``values`` at the end."""
        return self._new(self._value + "".join(values))

    def prepend(self, *values: str) -> Stringable:
        """Add ``values`` at the start."""
        return self._new("".join(values) + self._value)

    def after(self, search: str) -> Stringable:
        """See ``Str.after``."""
        return self._new(Str.after(self._value, search))

    def after_last(self, search: str) -> Stringable:
        """See ``Str.after_last``."""
        return self._new(Str.after_last(self._value, search))

    def before(self, search: str) -> Stringable:
        """See ``Str.before``."""
        return self._new(Str.before(self._value, search))

    def before_last(self, search: str) -> Stringable:
        """See ``Str.before_last``."""
        return self._new(Str.before_last(self._value, search))

    def between(self, start: str, end: str) -> Stringable:
        """See ``Str.between``."""
        return self._new(Str.between(self._value, start, end))

    def between_first(self, start: str, end: str) -> Stringable:
        """See ``Str.between_first``."""
        return self._new(Str.between_first(self._value, start, end))

    def camel(self) -> Stringable:
        """See ``Str.camel``."""
        return self._new(Str.camel(self._value))

    def kebab(self) -> Stringable:
        """See ``Str.kebab``."""
        return self._new(Str.kebab(self._value))

    def snake(self, delimiter: str = "_") -> Stringable:
        """See ``Str.snake``."""
        return self._new(Str.snake(self._value, delimiter))

    def studly(self) -> Stringable:
        """See ``Str.studly``."""
        return self._new(Str.studly(self._value))

    pascal = studly

    def slug(self, separator: str = "-", dictionary: Mapping[str, str] | None = None) -> Stringable:
        """See ``Str.slug``."""
        return self._new(Str.slug(self._value, separator, dictionary))

    def title(self) -> Stringable:
        """See ``Str.title``."""
        return self._new(Str.title(self._value))

    def headline(self) -> Stringable:
        """See ``Str.headline``."""
        return self._new(Str.headline(self._value))

    def lower(self) -> Stringable:
        """Lower-case."""
        return self._new(self._value.lower())

    def upper(self) -> Stringable:
        """Upper-case."""
        return self._new(self._value.upper())

    def ucfirst(self) -> Stringable:
        """See ``Str.ucfirst``."""
        return self._new(Str.ucfirst(self._value))

    def lcfirst(self) -> Stringable:
        """See ``Str.lcfirst``."""
        return self._new(Str.lcfirst(self._value))

    def plural(self, count: int | Sized = 2) -> Stringable:
        """See ``Str.plural``."""
        return self._new(Str.plural(self._value, count))

    def singular(self) -> Stringable:
        """See ``Str.singular``."""
        return self._new(Str.singular(self._value))

    def limit(self, limit: int = 100, end: str = "...", preserve_words: bool = False) -> Stringable:
        """See ``Str.limit``."""
        return self._new(Str.limit(self._value, limit, end, preserve_words))

    def words(self, words: int = 100, end: str = "...") -> Stringable:
        """See ``Str.words``."""
        return self._new(Str.words(self._value, words, end))

    def mask(self, character: str, index: int, length: int | None = None) -> Stringable:
        """See ``Str.mask``."""
        return self._new(Str.mask(self._value, character, index, length))

    def replace(self, search: Needles, replace: str, case_sensitive: bool = True) -> Stringable:
        """See ``Str.replace``."""
        return self._new(Str.replace(search, replace, self._value, case_sensitive))

    def replace_first(self, search: str, replace: str) -> Stringable:
        """See ``Str.replace_first``."""
        return self._new(Str.replace_first(search, replace, self._value))

    def replace_last(self, search: str, replace: str) -> Stringable:
        """See ``Str.replace_last``."""
        return self._new(Str.replace_last(search, replace, self._value))

    def remove(self, search: Needles, case_sensitive: bool = True) -> Stringable:
        """See ``Str.remove``."""
        return self._new(Str.remove(search, self._value, case_sensitive))

    def swap(self, mapping: Mapping[str, str]) -> Stringable:
        """See ``Str.swap``."""
        return self._new(Str.swap(mapping, self._value))

    def start(self, prefix: str) -> Stringable:
        """See ``Str.start``."""
        return self._new(Str.start(self._value, prefix))

    def finish(self, cap: str) -> Stringable:
        """See ``Str.finish``."""
        return self._new(Str.finish(self._value, cap))

    def wrap(self, before: str, after: str | None = None) -> Stringable:
        """See ``Str.wrap``."""
        return self._new(Str.wrap(self._value, before, after))

    def unwrap(self, before: str, after: str | None = None) -> Stringable:
        """See ``Str.unwrap``."""
        return self._new(Str.unwrap(self._value, before, after))

    def chop_start(self, needles: Needles) -> Stringable:
        """See ``Str.chop_start``."""
        return self._new(Str.chop_start(self._value, needles))

    def chop_end(self, needles: Needles) -> Stringable:
        """See ``Str.chop_end``."""
        return self._new(Str.chop_end(self._value, needles))

    def squish(self) -> Stringable:
        """See ``Str.squish``."""
        return self._new(Str.squish(self._value))

    def trim(self, characters: str | None = None) -> Stringable:
        """Strip both ends (whitespace, or ``characters``)."""
        return self._new(self._value.strip(characters))

    def ltrim(self, characters: str | None = None) -> Stringable:
        """Strip the start."""
        return self._new(self._value.lstrip(characters))

    def rtrim(self, characters: str | None = None) -> Stringable:
        """Strip the end."""
        return self._new(self._value.rstrip(characters))

    def reverse(self) -> Stringable:
        """Reverse the characters."""
        return self._new(self._value[::-1])

    def take(self, limit: int) -> Stringable:
        """See ``Str.take``."""
        return self._new(Str.take(self._value, limit))

    def substr(self, start: int, length: int | None = None) -> Stringable:
        """See ``Str.substr``."""
        return self._new(Str.substr(self._value, start, length))

    def pad_left(self, length: int, pad: str = " ") -> Stringable:
        """See ``Str.pad_left``."""
        return self._new(Str.pad_left(self._value, length, pad))

    def pad_right(self, length: int, pad: str = " ") -> Stringable:
        """See ``Str.pad_right``."""
        return self._new(Str.pad_right(self._value, length, pad))

    def pad_both(self, length: int, pad: str = " ") -> Stringable:
        """See ``Str.pad_both``."""
        return self._new(Str.pad_both(self._value, length, pad))

    def ascii(self) -> Stringable:
        """See ``Str.ascii``."""
        return self._new(Str.ascii(self._value))

    def match(self, pattern: str) -> Stringable:
        """See ``Str.match``."""
        return self._new(Str.match(pattern, self._value))

    # --- questions ---------------------------------------------------------------------------

    def contains(self, needles: Needles, ignore_case: bool = False) -> bool:
        """See ``Str.contains``."""
        return Str.contains(self._value, needles, ignore_case)

    def contains_all(self, needles: Iterable[str], ignore_case: bool = False) -> bool:
        """See ``Str.contains_all``."""
        return Str.contains_all(self._value, needles, ignore_case)

    def starts_with(self, needles: Needles) -> bool:
        """See ``Str.starts_with``."""
        return Str.starts_with(self._value, needles)

    def ends_with(self, needles: Needles) -> bool:
        """See ``Str.ends_with``."""
        return Str.ends_with(self._value, needles)

    def is_(self, pattern: Needles, ignore_case: bool = False) -> bool:
        """See ``Str.is_``."""
        return Str.is_(pattern, self._value, ignore_case)

    def is_match(self, pattern: Needles) -> bool:
        """See ``Str.is_match``."""
        return Str.is_match(pattern, self._value)

    def is_empty(self) -> bool:
        """Whether the value is ``""``."""
        return not self._value

    def is_not_empty(self) -> bool:
        """Whether the value is not ``""``."""
        return bool(self._value)

    def length(self) -> int:
        """Return the number of characters."""
        return len(self._value)

    def explode(self, delimiter: str, limit: int = -1) -> Collection[int, str]:
        """Split on ``delimiter`` into a ``Collection``."""
        from ._collection import Collection

        return Collection(self._value.split(delimiter, limit))

    def split(self, pattern: str, limit: int = 0) -> Collection[int, str]:
        """Split on the regular expression ``pattern`` into a ``Collection``."""
        import re

        from ._collection import Collection

        return Collection([p for p in re.split(pattern, self._value, maxsplit=limit) if p])

    # --- flow ----------------------------------------------------------------------------------

    def when(
        self,
        condition: Any,
        callback: Callable[[Stringable], Stringable],
        default: Callable[[Stringable], Stringable] | None = None,
    ) -> Stringable:
        """Apply ``callback`` when ``condition`` (a value, or a callable given ``self``) holds."""
        flag = condition(self) if callable(condition) else condition
        if flag:
            return callback(self)
        return default(self) if default is not None else self

    def when_empty(self, callback: Callable[[Stringable], Stringable]) -> Stringable:
        """Apply ``callback`` when the value is empty."""
        return self.when(self.is_empty(), callback)

    def when_not_empty(self, callback: Callable[[Stringable], Stringable]) -> Stringable:
        """Apply ``callback`` when the value is not empty."""
        return self.when(self.is_not_empty(), callback)

    def pipe(self, callback: Callable[[str], object]) -> Stringable:
        """Replace the value with ``callback(value)``: ``pipe(str.strip)``."""
        return self._new(str(callback(self._value)))

    def tap(self, callback: Callable[[Stringable], object]) -> Stringable:
        """Call ``callback(self)`` for a side effect and keep chaining."""
        callback(self)
        return self

    # --- Python protocols ------------------------------------------------------------------------

    def __str__(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Stringable({self._value!r})"

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Stringable):
            return self._value == other._value
        if isinstance(other, str):
            return self._value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __add__(self, other: object) -> Stringable:
        if isinstance(other, Stringable | str):
            return self._new(self._value + str(other))
        return NotImplemented


def str_(value: object = "") -> Stringable:
    """Return ``Stringable(value)`` (Laravel's ``str()`` helper; ``str`` is Python's own)."""
    return Stringable(value)
