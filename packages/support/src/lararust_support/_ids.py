"""Identifier generators: ULID (monotonic within a millisecond) and UUID version 7.

A ULID is 48 bits of Unix milliseconds then 80 random bits, written as 26 characters of
Crockford's base32; several made in the same millisecond increment the random part, so they
sort in creation order (the ULID spec's monotonic mode). UUIDv7 (RFC 9562) puts the same
millisecond timestamp in front of a random tail.
"""

from __future__ import annotations

import os
import re
import threading
import time
import uuid

__all__ = ["is_ulid", "ulid", "uuid7"]

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ULID_RE = re.compile(r"[0-7][0-9A-HJKMNP-TV-Z]{25}")
_MAX_RANDOM = (1 << 80) - 1

_lock = threading.Lock()
_last_ms = -1
_last_random = 0


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def ulid(timestamp_ms: int | None = None) -> str:
    """Return a new ULID; with ``timestamp_ms`` the given Unix milliseconds are used.

    Raises:
        OverflowError: more than 2**80 ULIDs in one millisecond (never in practice).
    """
    global _last_ms, _last_random
    ms = time.time_ns() // 1_000_000 if timestamp_ms is None else timestamp_ms
    if not 0 <= ms < 1 << 48:
        raise ValueError(f"a ULID timestamp must fit in 48 bits of milliseconds, got {ms}")
    with _lock:
        if ms == _last_ms:
            if _last_random == _MAX_RANDOM:
                raise OverflowError("ULID random component overflowed within one millisecond")
            _last_random += 1
        else:
            _last_ms = ms
            _last_random = int.from_bytes(os.urandom(10), "big")
        random = _last_random
    return _encode(ms, 10) + _encode(random, 16)


def is_ulid(value: object) -> bool:
    """Whether ``value`` is a 26-character ULID string (case-insensitive)."""
    return isinstance(value, str) and _ULID_RE.fullmatch(value.upper()) is not None


def uuid7() -> uuid.UUID:
    """Return a time-ordered UUID version 7 (RFC 9562)."""
    ms = time.time_ns() // 1_000_000
    tail = int.from_bytes(os.urandom(10), "big")
    rand_a = tail >> 68  # 12 bits
    rand_b = tail & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
