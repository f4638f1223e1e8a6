"""What every contender shares: database, pool size, the TechEmpower rules and data.

Imported by ``run.py`` (setup, verification) and by each app script (``apps/``), so the three
contenders read the same tables with the same pool size and the same query-count rule.
"""

from __future__ import annotations

import os
from typing import Any

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
#: Every contender's pool: min = max = POOL connections (TechEmpower apps size it near the
#: client concurrency; one process here, so a fixed, equal size is what matters).
POOL = int(os.environ.get("TFB_POOL", "16"))
#: Our names in the shared ``test`` database (the test suites never use a ``tfb_`` prefix).
WORLD = "tfb_world"
FORTUNE = "tfb_fortune"
WORLD_ROWS = 10_000

#: TechEmpower's fortune table, verbatim (ids 1..12).
FORTUNES: list[tuple[int, str]] = [
    (1, "fortune: No such file or directory"),
    (2, "A computer scientist is someone who fixes things that aren't broken."),
    (3, "After enough decimal places, nobody gives a damn."),
    (4, "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1"),
    (5, "A computer program does what you tell it to do, not what you want it to do."),
    (6, "Emacs is a nice operating system, but I prefer UNIX. \u2014 Tom Christaensen"),
    (7, "Any program that runs right is obsolete."),
    (8, "A list is only as strong as its weakest link. \u2014 Donald Knuth"),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (11, '<script>alert("This should not be displayed in a browser alert box.");</script>'),
    (12, "\u30d5\u30ec\u30fc\u30e0\u30ef\u30fc\u30af\u306e\u30d9\u30f3\u30c1\u30de\u30fc\u30af"),
]
#: Added by the handler at request time (id 0), then everything is sorted by message.
EXTRA_FORTUNE = "Additional fortune added at request time."

#: The page every contender renders (Jinja2 here; the same markup in LaraBlade).
FORTUNES_JINJA = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for fortune in fortunes %}<tr><td>{{ fortune.id }}</td><td>{{ fortune.message }}</td></tr>"
    "{% endfor %}</table></body></html>"
)


def query_count(raw: Any) -> int:
    """TechEmpower's rule for ``?queries=``: not an integer -> 1, then clamp to 1..500."""
    try:
        count = int(raw)
    except (TypeError, ValueError):
        return 1
    return 1 if count < 1 else min(count, 500)


def dsn_parts(dsn: str = DSN) -> dict[str, Any]:
    """``postgresql://user[:pw]@host:port/db`` as keyword parts (for our ORM's config)."""
    from urllib.parse import urlsplit

    url = urlsplit(dsn)
    return {
        "host": url.hostname or "127.0.0.1",
        "port": url.port or 5432,
        "database": url.path.lstrip("/") or "test",
        "username": url.username or "postgres",
        "password": url.password or "",
    }
