"""``Str``: string helpers named after Laravel's (``Str::snake`` is ``Str.snake``).

Rules of this module:

- Every helper is a static method taking the subject first unless Laravel's own argument
  order differs (``replace(search, replace, subject)``), so code reads like Laravel's.
- Helpers that search for "needles" accept one string or an iterable of them, and ignore empty
  needles, as Laravel does (``contains("abc", "")`` is ``False``).
- Case conversions treat acronyms as one word (``snake("HTTPServer") == "http_server"``), which
  is what Python code expects; Laravel would give ``h_t_t_p_server``.
- Randomness comes from ``secrets`` (``random``, ``password``): these values end up as tokens.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import string
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Mapping, Sized
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from . import _ids, _pluralizer
from ._macroable import Macroable, MacroableMeta

if TYPE_CHECKING:
    from ._stringable import Stringable

__all__ = ["Str"]

Needles = str | Iterable[str]

# Transliterations NFKD decomposition does not cover.
_ASCII_MAP = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "ł": "l",
        "Ł": "L",
        "þ": "th",
        "Þ": "TH",
        "\u0131": "i",
        "€": "EUR",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)

# Words of an identifier: "HTTPServerError2" -> HTTP, Server, Error2.
_WORDS_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+|[^\W_]+")
_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s_\-]+")
_TITLE_WORD = re.compile("[^\\W_]+(?:['\u2019][^\\W_]+)?")


class _Factories:
    """Test doubles installed through ``Str.create_*_using`` (process-wide, like Laravel's)."""

    uuid: Callable[[], str] | None = None
    ulid: Callable[[], str] | None = None
    random: Callable[[int], str] | None = None


_factories = _Factories()


def _needles(needles: Needles) -> list[str]:
    items = [needles] if isinstance(needles, str) else list(needles)
    return [n for n in items if n]


def _substr(value: str, start: int, length: int | None = None) -> str:
    """PHP's ``mb_substr``: a negative start counts from the end, a negative length stops short."""
    size = len(value)
    if start < 0:
        start = max(size + start, 0)
    if length is None:
        return value[start:]
    if length < 0:
        return value[start : max(size + length, start)]
    return value[start : start + length]


@lru_cache(maxsize=512)
def _words_of(value: str) -> tuple[str, ...]:
    return tuple(_WORDS_RE.findall(value))


# Cached: ORMs and routers convert the same few names (table, column, route names) all day.
@lru_cache(maxsize=1024)
def _snake(value: str, delimiter: str) -> str:
    return delimiter.join(w.lower() for w in _words_of(value))


@lru_cache(maxsize=1024)
def _studly(value: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in _SEPARATORS.split(value) if w)


class Str(Macroable, metaclass=MacroableMeta):
    """String helpers (Laravel's ``Illuminate\\Support\\Str``); add your own with ``Str.macro``."""

    __slots__ = ()

    # --- searching -------------------------------------------------------------------------

    @staticmethod
    def contains(haystack: str, needles: Needles, ignore_case: bool = False) -> bool:
        """Whether ``haystack`` contains any of ``needles``."""
        if ignore_case:
            haystack = haystack.casefold()
            return any(n.casefold() in haystack for n in _needles(needles))
        return any(n in haystack for n in _needles(needles))

    @staticmethod
    def contains_all(haystack: str, needles: Iterable[str], ignore_case: bool = False) -> bool:
        """Whether ``haystack`` contains every one of ``needles``."""
        return all(Str.contains(haystack, n, ignore_case) for n in needles)

    @staticmethod
    def doesnt_contain(haystack: str, needles: Needles, ignore_case: bool = False) -> bool:
        """Whether ``haystack`` contains none of ``needles``."""
        return not Str.contains(haystack, needles, ignore_case)

    @staticmethod
    def starts_with(haystack: str, needles: Needles) -> bool:
        """Whether ``haystack`` starts with any of ``needles``."""
        return any(haystack.startswith(n) for n in _needles(needles))

    @staticmethod
    def ends_with(haystack: str, needles: Needles) -> bool:
        """Whether ``haystack`` ends with any of ``needles``."""
        return any(haystack.endswith(n) for n in _needles(needles))

    @staticmethod
    def is_(pattern: Needles, value: str, ignore_case: bool = False) -> bool:
        """Whether ``value`` matches a pattern where ``*`` stands for any text (``"api/*"``)."""
        patterns = [pattern] if isinstance(pattern, str) else list(pattern)
        for p in patterns:
            if p == value:
                return True
            regex = re.escape(p).replace(r"\*", ".*")
            if re.fullmatch(regex, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)):
                return True
        return False

    @staticmethod
    def position(haystack: str, needle: str, offset: int = 0) -> int | None:
        """Return the index of ``needle`` in ``haystack`` from ``offset``, or ``None``."""
        found = haystack.find(needle, offset)
        return None if found < 0 else found

    @staticmethod
    def substr_count(haystack: str, needle: str) -> int:
        """Return how many times ``needle`` occurs (non-overlapping)."""
        if not needle:
            raise ValueError("substr_count needs a non-empty needle")
        return haystack.count(needle)

    @staticmethod
    def match(pattern: str, subject: str) -> str:
        """Return the first capture group (or the whole match) of ``pattern``, else ``""``."""
        found = re.search(pattern, subject)
        if found is None:
            return ""
        return found.group(1) if found.re.groups else found.group(0)

    @staticmethod
    def match_all(pattern: str, subject: str) -> list[str]:
        """Return every first capture group (or whole match) of ``pattern``."""
        compiled = re.compile(pattern)
        return [m.group(1) if compiled.groups else m.group(0) for m in compiled.finditer(subject)]

    @staticmethod
    def is_match(pattern: Needles, value: str) -> bool:
        """Whether ``value`` matches any of the regular expressions ``pattern``."""
        patterns = [pattern] if isinstance(pattern, str) else list(pattern)
        return any(re.search(p, value) for p in patterns)

    # --- slicing around a search -----------------------------------------------------------

    @staticmethod
    def after(subject: str, search: str) -> str:
        """Return what follows the first ``search``; the whole subject when absent."""
        if not search:
            return subject
        _, found, rest = subject.partition(search)
        return rest if found else subject

    @staticmethod
    def after_last(subject: str, search: str) -> str:
        """Return what follows the last ``search``; the whole subject when absent."""
        if not search:
            return subject
        _, found, rest = subject.rpartition(search)
        return rest if found else subject

    @staticmethod
    def before(subject: str, search: str) -> str:
        """Return what precedes the first ``search``; the whole subject when absent."""
        if not search:
            return subject
        head, _, _ = subject.partition(search)
        return head

    @staticmethod
    def before_last(subject: str, search: str) -> str:
        """Return what precedes the last ``search``; the whole subject when absent."""
        if not search:
            return subject
        head, found, _ = subject.rpartition(search)
        return head if found else subject

    @staticmethod
    def between(subject: str, start: str, end: str) -> str:
        """Return the part between the first ``start`` and the last ``end``."""
        if not start or not end:
            return subject
        return Str.before_last(Str.after(subject, start), end)

    @staticmethod
    def between_first(subject: str, start: str, end: str) -> str:
        """Return the smallest part between ``start`` and the next ``end``."""
        if not start or not end:
            return subject
        return Str.before(Str.after(subject, start), end)

    @staticmethod
    def take(value: str, limit: int) -> str:
        """Return the first ``limit`` characters (the last ones when negative)."""
        return value[limit:] if limit < 0 else value[:limit]

    @staticmethod
    def substr(value: str, start: int, length: int | None = None) -> str:
        """Return part of ``value`` with PHP ``substr`` semantics (negative start/length)."""
        return _substr(value, start, length)

    @staticmethod
    def chop_start(subject: str, needles: Needles) -> str:
        """Remove the first of ``needles`` that ``subject`` starts with, once."""
        for n in _needles(needles):
            if subject.startswith(n):
                return subject[len(n) :]
        return subject

    @staticmethod
    def chop_end(subject: str, needles: Needles) -> str:
        """Remove the first of ``needles`` that ``subject`` ends with, once."""
        for n in _needles(needles):
            if subject.endswith(n):
                return subject[: -len(n)]
        return subject

    # --- case and word shapes --------------------------------------------------------------

    @staticmethod
    def lower(value: str) -> str:
        """Return ``value`` in lower case."""
        return value.lower()

    @staticmethod
    def upper(value: str) -> str:
        """Return ``value`` in upper case."""
        return value.upper()

    @staticmethod
    def ucfirst(value: str) -> str:
        """Upper-case the first character only."""
        return value[:1].upper() + value[1:]

    @staticmethod
    def lcfirst(value: str) -> str:
        """Lower-case the first character only."""
        return value[:1].lower() + value[1:]

    @staticmethod
    def ucsplit(value: str) -> list[str]:
        """Split at upper-case letters: ``"FooBar"`` -> ``["Foo", "Bar"]``."""
        return [part for part in re.split(r"(?=[A-Z])", value) if part]

    @staticmethod
    def snake(value: str, delimiter: str = "_") -> str:
        """Return snake case: ``"fooBar"`` -> ``"foo_bar"``; ``"HTTPServer"`` -> ``"http_server"``.

        Acronyms stay one word (Laravel would give ``h_t_t_p_server``).
        """
        return _snake(value, delimiter)

    @staticmethod
    def kebab(value: str) -> str:
        """``"fooBar"`` -> ``"foo-bar"``."""
        return Str.snake(value, "-")

    @staticmethod
    def studly(value: str) -> str:
        """``"foo_bar"``, ``"foo-bar"``, ``"foo bar"`` -> ``"FooBar"`` (inner capitals kept)."""
        return _studly(value)

    @staticmethod
    def pascal(value: str) -> str:
        """Alias of ``studly``."""
        return Str.studly(value)

    @staticmethod
    def camel(value: str) -> str:
        """``"foo_bar"`` -> ``"fooBar"``."""
        return Str.lcfirst(Str.studly(value))

    @staticmethod
    def title(value: str) -> str:
        """Capitalise each word: ``"they're here"`` -> ``"They're Here"``."""
        return _TITLE_WORD.sub(lambda m: m.group(0).capitalize(), value)

    @staticmethod
    def headline(value: str) -> str:
        """Return words of any shape as a heading: ``"user_email-sent"`` -> ``"User Email Sent"``.

        ``"EmailNotificationSent"`` gives ``"Email Notification Sent"`` too.
        """
        return " ".join(w[:1].upper() + w[1:].lower() for w in _words_of(value))

    @staticmethod
    def squish(value: str) -> str:
        """Trim and collapse every run of whitespace to one space."""
        return _SPACES.sub(" ", value).strip()

    @staticmethod
    def deduplicate(value: str, character: str = " ") -> str:
        """Collapse runs of ``character`` to one."""
        return re.sub(f"(?:{re.escape(character)})+", character, value)

    # --- inflection --------------------------------------------------------------------------

    @staticmethod
    def plural(value: str, count: int | Sized = 2) -> str:
        """Return the English plural of the last word, unless ``count`` is 1 (or has one item)."""
        number = len(count) if isinstance(count, Sized) else count
        if abs(number) == 1 or not value or not value[-1].isalnum():
            return value
        return _pluralizer.plural(value)

    @staticmethod
    def plural_studly(value: str, count: int | Sized = 2) -> str:
        """Pluralise the last word of a StudlyCase value: ``"BlogPost"`` -> ``"BlogPosts"``."""
        return Str.plural(value, count)

    @staticmethod
    def singular(value: str) -> str:
        """Return the English singular of the last word."""
        return _pluralizer.singular(value) if value else value

    @staticmethod
    def uncountable(value: str) -> bool:
        """Whether the last word has no plural (``sheep``)."""
        return _pluralizer.uncountable(value)

    # --- shortening and padding --------------------------------------------------------------

    @staticmethod
    def limit(value: str, limit: int = 100, end: str = "...", preserve_words: bool = False) -> str:
        """Cut ``value`` to ``limit`` characters and append ``end`` when it was cut."""
        if len(value) <= limit:
            return value
        cut = value[:limit].rstrip()
        if preserve_words and not value[limit : limit + 1].isspace():
            head, space, _ = cut.rpartition(" ")
            cut = head.rstrip() if space else cut
        return cut + end

    @staticmethod
    def words(value: str, words: int = 100, end: str = "...") -> str:
        """Keep the first ``words`` words and append ``end`` when some were cut."""
        # Possessive quantifiers: no backtracking however long the text.
        found = re.match(rf"^\s*+(?:\S++\s*+){{1,{max(words, 1)}}}", value)
        if found is None or len(found.group(0)) == len(value):
            return value
        return found.group(0).rstrip() + end

    @staticmethod
    def word_count(value: str) -> int:
        """Return how many whitespace-separated words ``value`` has."""
        return len(value.split())

    @staticmethod
    def excerpt(text: str, phrase: str = "", radius: int = 100, omission: str = "...") -> str:
        """Return the text around the first ``phrase`` (case-insensitive), ``radius`` wide."""
        index = text.lower().find(phrase.lower())
        if index < 0:
            return ""
        start = max(index - radius, 0)
        stop = min(index + len(phrase) + radius, len(text))
        head = omission if start > 0 else ""
        tail = omission if stop < len(text) else ""
        return head + text[start:stop].strip() + tail

    @staticmethod
    def pad_both(value: str, length: int, pad: str = " ") -> str:
        """Pad both sides to ``length`` with ``pad`` (the right gets the odd character)."""
        missing = max(length - len(value), 0)
        left = missing // 2
        return Str._fill(pad, left) + value + Str._fill(pad, missing - left)

    @staticmethod
    def pad_left(value: str, length: int, pad: str = " ") -> str:
        """Pad the left side to ``length`` with ``pad``."""
        return Str._fill(pad, length - len(value)) + value

    @staticmethod
    def pad_right(value: str, length: int, pad: str = " ") -> str:
        """Pad the right side to ``length`` with ``pad``."""
        return value + Str._fill(pad, length - len(value))

    @staticmethod
    def _fill(pad: str, size: int) -> str:
        if not pad:
            raise ValueError("padding needs a non-empty pad string")
        return (pad * (size // len(pad) + 1))[: max(size, 0)]

    @staticmethod
    def mask(value: str, character: str, index: int, length: int | None = None) -> str:
        """Hide part of ``value``: ``mask("taylor@x.io", "*", 3)`` -> ``"tay********"``."""
        if not character:
            raise ValueError("mask needs a non-empty mask character")
        segment = _substr(value, index, length)
        if not segment:
            return value
        size = len(value)
        start = (0 if index < -size else size + index) if index < 0 else index
        return value[:start] + character[0] * len(segment) + value[start + len(segment) :]

    # --- replacing ---------------------------------------------------------------------------

    @staticmethod
    def replace(search: Needles, replace: str, subject: str, case_sensitive: bool = True) -> str:
        """Replace every occurrence of ``search`` (one string or several) in ``subject``."""
        for needle in _needles(search):
            if case_sensitive:
                subject = subject.replace(needle, replace)
            else:
                subject = re.sub(re.escape(needle), lambda _m: replace, subject, flags=re.I)
        return subject

    @staticmethod
    def replace_first(search: str, replace: str, subject: str) -> str:
        """Replace the first occurrence of ``search``."""
        return subject.replace(search, replace, 1) if search else subject

    @staticmethod
    def replace_last(search: str, replace: str, subject: str) -> str:
        """Replace the last occurrence of ``search``."""
        if not search:
            return subject
        head, found, tail = subject.rpartition(search)
        return head + replace + tail if found else subject

    @staticmethod
    def replace_start(search: str, replace: str, subject: str) -> str:
        """Replace ``search`` only where ``subject`` starts with it."""
        if search and subject.startswith(search):
            return replace + subject[len(search) :]
        return subject

    @staticmethod
    def replace_end(search: str, replace: str, subject: str) -> str:
        """Replace ``search`` only where ``subject`` ends with it."""
        if search and subject.endswith(search):
            return subject[: -len(search)] + replace
        return subject

    @staticmethod
    def replace_array(search: str, replace: Iterable[str], subject: str) -> str:
        """Replace each ``search`` in turn with the next item of ``replace``."""
        parts = subject.split(search)
        replacements = iter(replace)
        out = [parts[0]]
        for part in parts[1:]:
            out.append(next(replacements, search))
            out.append(part)
        return "".join(out)

    @staticmethod
    def swap(mapping: Mapping[str, str], subject: str) -> str:
        """Replace every key of ``mapping`` with its value in one pass (no re-replacing)."""
        if not mapping:
            return subject
        keys = sorted((k for k in mapping if k), key=len, reverse=True)
        pattern = re.compile("|".join(re.escape(k) for k in keys))
        return pattern.sub(lambda m: mapping[m.group(0)], subject)

    @staticmethod
    def remove(search: Needles, subject: str, case_sensitive: bool = True) -> str:
        """Remove every occurrence of ``search``."""
        return Str.replace(search, "", subject, case_sensitive)

    @staticmethod
    def start(value: str, prefix: str) -> str:
        """Begin ``value`` with exactly one ``prefix``: ``start("/x", "/")`` stays ``"/x"``."""
        if not prefix:
            return value
        return prefix + re.sub(f"^(?:{re.escape(prefix)})+", "", value)

    @staticmethod
    def finish(value: str, cap: str) -> str:
        """End ``value`` with exactly one ``cap``: ``finish("x//", "/")`` -> ``"x/"``."""
        if not cap:
            return value
        return re.sub(f"(?:{re.escape(cap)})+$", "", value) + cap

    @staticmethod
    def wrap(value: str, before: str, after: str | None = None) -> str:
        """Surround ``value`` with ``before`` and ``after`` (``before`` again when omitted)."""
        return before + value + (before if after is None else after)

    @staticmethod
    def unwrap(value: str, before: str, after: str | None = None) -> str:
        """Remove ``before``/``after`` from the ends when present."""
        value = Str.chop_start(value, before)
        return Str.chop_end(value, before if after is None else after)

    @staticmethod
    def reverse(value: str) -> str:
        """Return ``value`` backwards."""
        return value[::-1]

    @staticmethod
    def length(value: str) -> int:
        """Return the number of characters."""
        return len(value)

    @staticmethod
    def ucwords(value: str) -> str:
        """Upper-case the first letter of each space-separated word, leaving the rest."""
        return re.sub(r"(^|\s)(\S)", lambda m: m.group(1) + m.group(2).upper(), value)

    @staticmethod
    def numbers(value: str) -> str:
        """Keep only the digits: ``"(555) 123-4567"`` -> ``"5551234567"``."""
        return "".join(c for c in value if c.isdigit())

    @staticmethod
    def char_at(value: str, index: int) -> str | None:
        """Return the character at ``index`` (negative from the end), or ``None``."""
        return value[index] if -len(value) <= index < len(value) else None

    @staticmethod
    def repeat(value: str, times: int) -> str:
        """Repeat ``value`` ``times`` times."""
        return value * max(times, 0)

    @staticmethod
    def replace_matches(
        pattern: str, replace: str | Callable[[re.Match[str]], str], subject: str
    ) -> str:
        """Replace every match of the regular expression ``pattern``."""
        return re.sub(pattern, replace, subject)

    @staticmethod
    def word_wrap(
        value: str, characters: int = 75, break_: str = "\n", cut_long_words: bool = False
    ) -> str:
        """Wrap text at ``characters`` columns, joining lines with ``break_``."""
        import textwrap

        return break_.join(
            textwrap.wrap(
                value,
                characters,
                break_long_words=cut_long_words,
                break_on_hyphens=False,
            )
        )

    # --- slugs and ASCII -------------------------------------------------------------------

    @staticmethod
    def ascii(value: str) -> str:
        """Transliterate to ASCII: ``"Crème Brûlée"`` -> ``"Creme Brulee"``; drops the rest."""
        value = unicodedata.normalize("NFKD", value.translate(_ASCII_MAP))
        return value.encode("ascii", "ignore").decode("ascii")

    @staticmethod
    def is_ascii(value: str) -> bool:
        """Whether every character is 7-bit ASCII."""
        return value.isascii()

    @staticmethod
    def slug(
        title: str,
        separator: str = "-",
        dictionary: Mapping[str, str] | None = None,
    ) -> str:
        """URL slug: ``"Hello World @ Home"`` -> ``"hello-world-at-home"``."""
        dictionary = {"@": "at"} if dictionary is None else dictionary
        title = Str.ascii(title)
        flip = "_" if separator == "-" else "-"
        title = re.sub(f"[{re.escape(flip)}]+", separator, title)
        for key, word in dictionary.items():
            title = title.replace(key, f"{separator}{word}{separator}")
        sep = re.escape(separator)
        # After ascii() the only letters left are ASCII ones.
        title = re.sub(rf"[^{sep}a-z0-9\s]+", "", title.lower())
        title = re.sub(rf"[{sep}\s]+", separator, title)
        return title.strip(separator)

    # --- validation --------------------------------------------------------------------------

    @staticmethod
    def is_json(value: object) -> bool:
        """Whether ``value`` is a string holding valid JSON."""
        if not isinstance(value, str):
            return False
        try:
            json.loads(value)
        except ValueError:
            return False
        return True

    @staticmethod
    def is_url(value: object, protocols: Iterable[str] = ("http", "https")) -> bool:
        """Whether ``value`` is an absolute URL with one of ``protocols`` and a host."""
        if not isinstance(value, str) or _SPACES.search(value):
            return False
        try:
            parsed = urlparse(value)
        except ValueError:
            return False
        return parsed.scheme.lower() in set(protocols) and bool(parsed.netloc)

    @staticmethod
    def is_uuid(value: object) -> bool:
        """Whether ``value`` is a UUID in its canonical 8-4-4-4-12 hex form."""
        return isinstance(value, str) and _UUID_RE.fullmatch(value) is not None

    @staticmethod
    def is_ulid(value: object) -> bool:
        """Whether ``value`` is a ULID."""
        return _ids.is_ulid(value)

    # --- generating ----------------------------------------------------------------------------

    @staticmethod
    def random(length: int = 16) -> str:
        """Return ``length`` cryptographically random letters and digits."""
        if length < 0:
            raise ValueError(f"random length must be >= 0, got {length}")
        if _factories.random is not None:
            return _factories.random(length)
        alphabet = string.ascii_letters + string.digits
        return "".join(secrets.choice(alphabet) for _ in range(length))

    @staticmethod
    def password(
        length: int = 32,
        letters: bool = True,
        numbers: bool = True,
        symbols: bool = True,
        spaces: bool = False,
    ) -> str:
        """Return a random password holding at least one character of each enabled kind."""
        kinds = [
            kind
            for kind, enabled in (
                (string.ascii_letters, letters),
                (string.digits, numbers),
                ("~!#$%^&*()-_.,<>?/\\{}[]|:;", symbols),
                (" ", spaces),
            )
            if enabled
        ]
        if not kinds or length < len(kinds):
            raise ValueError(f"cannot build a {length}-character password from {len(kinds)} kinds")
        chars = [secrets.choice(kind) for kind in kinds]
        pool = "".join(kinds)
        chars += [secrets.choice(pool) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        return "".join(chars)

    @staticmethod
    def uuid() -> str:
        """Return a random (version 4) UUID string."""
        if _factories.uuid is not None:
            return _factories.uuid()
        return str(uuid.uuid4())

    @staticmethod
    def uuid7() -> str:
        """Return a time-ordered (version 7) UUID string."""
        if _factories.uuid is not None:
            return _factories.uuid()
        return str(_ids.uuid7())

    @staticmethod
    def ordered_uuid() -> str:
        """Return a UUID that sorts by creation time (a version 7 UUID)."""
        return Str.uuid7()

    @staticmethod
    def ulid(timestamp_ms: int | None = None) -> str:
        """Return a ULID: 26 sortable characters, monotonic within a millisecond."""
        if _factories.ulid is not None:
            return _factories.ulid()
        return _ids.ulid(timestamp_ms)

    # --- test doubles for the generators (Laravel's Str::createUuidsUsing & co) ----------------

    @staticmethod
    def create_uuids_using(factory: Callable[[], str] | None) -> None:
        """Make ``uuid``/``uuid7``/``ordered_uuid`` return ``factory()`` (``None`` restores)."""
        _factories.uuid = factory

    @staticmethod
    def freeze_uuids() -> str:
        """Make every UUID the same fresh one until ``create_uuids_using(None)``; return it."""
        frozen = str(uuid.uuid4())
        _factories.uuid = lambda: frozen
        return frozen

    @staticmethod
    def create_ulids_using(factory: Callable[[], str] | None) -> None:
        """Make ``ulid`` return ``factory()`` (``None`` restores)."""
        _factories.ulid = factory

    @staticmethod
    def freeze_ulids() -> str:
        """Make every ULID the same fresh one until ``create_ulids_using(None)``; return it."""
        frozen = _ids.ulid()
        _factories.ulid = lambda: frozen
        return frozen

    @staticmethod
    def create_random_strings_using(factory: Callable[[int], str] | None) -> None:
        """Make ``random(length)`` return ``factory(length)`` (``None`` restores)."""
        _factories.random = factory

    # --- encoding ------------------------------------------------------------------------------

    @staticmethod
    def to_base64(value: str) -> str:
        """Return the base64 of ``value``'s UTF-8 bytes."""
        return base64.b64encode(value.encode()).decode("ascii")

    @staticmethod
    def from_base64(value: str, strict: bool = False) -> str:
        """Decode base64 into text; with ``strict`` invalid input raises ``ValueError``."""
        try:
            return base64.b64decode(value, validate=strict).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ValueError(f"not valid base64 text: {value[:40]!r}") from exc

    # --- fluent --------------------------------------------------------------------------------

    @staticmethod
    def of(value: object) -> Stringable:
        """Wrap ``value`` for chaining: ``Str.of("hello world").title().finish("!")``."""
        from ._stringable import Stringable

        return Stringable(value)
