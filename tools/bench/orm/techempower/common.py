"""Shared pieces of the TechEmpower-style apps: the database, the rules' helpers."""

from __future__ import annotations

import argparse
import os

DSN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
WORLD, FORTUNE = "bench_te_world", "bench_te_fortune"
POOL = int(os.environ.get("BENCH_POOL", "8"))
EXTRA = "Additional fortune added at request time."
FORTUNES = [
    "fortune: No such file or directory",
    "A computer scientist is someone who fixes things that aren't broken.",
    "After enough decimal places, nobody gives a damn.",
    "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    "A computer program does what you tell it to do, not what you want it to do.",
    "Emacs is a nice operating system, but I prefer UNIX. — Tom Christaensen",
    "Any program that runs right is obsolete.",
    "A list is only as strong as its weakest link. — Donald Knuth",
    "Feature: A bug with seniority.",
    "Computers make very fast, very accurate mistakes.",
    '<script>alert("This should not be displayed in a browser alert box.");</script>',
    "フレームワークのベンチマーク",
]


def queries_param(value: str | None) -> int:
    """The ``queries`` parameter clamped to 1..500 as the rules say (bad text counts as 1)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), 500)


def parse_args() -> argparse.Namespace:
    """``--port``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    return parser.parse_args()


FORTUNES_TEMPLATE_JINJA = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "{% for f in fortunes %}<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>{% endfor %}"
    "</table></body></html>"
)
FORTUNES_TEMPLATE_BLADE = (
    "<!DOCTYPE html><html><head><title>Fortunes</title></head><body><table>"
    "<tr><th>id</th><th>message</th></tr>"
    "@foreach(fortunes as f)<tr><td>{{ f.id }}</td><td>{{ f.message }}</td></tr>@endforeach"
    "</table></body></html>"
)
