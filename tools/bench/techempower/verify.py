"""Check a contender's answers against TechEmpower's rules before anything is measured.

Each check raises :class:`Wrong` naming the URL and what is wrong; ``run.py`` then refuses to
measure (or report) that contender. Values are compared with the database itself, so a
contender that answers well-formed but invented numbers (or never writes) fails too.
"""

from __future__ import annotations

import html
import http.client
import json
import re
from dataclasses import dataclass
from typing import Any

import asyncpg
from common import DSN, EXTRA_FORTUNE, FORTUNES, WORLD, WORLD_ROWS


class Wrong(Exception):
    """A contender answered against the rules."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(port: int, path: str) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return Answer(response.status, headers, response.read())
    finally:
        conn.close()


def _common(answer: Answer, path: str, content_type: str) -> None:
    if answer.status != 200:
        raise Wrong(f"{path}: status {answer.status}, expected 200")
    got = answer.headers.get("content-type", "").replace(" ", "").lower()
    if got != content_type.replace(" ", "").lower():
        raise Wrong(f"{path}: content-type {got!r}, expected {content_type!r}")
    for name in ("server", "date", "content-length"):
        if name not in answer.headers:
            raise Wrong(f"{path}: no {name} header (TechEmpower requires it)")


def _world(item: Any, path: str) -> tuple[int, int]:
    if not isinstance(item, dict) or set(item) != {"id", "randomNumber"}:
        raise Wrong(f"{path}: expected {{'id', 'randomNumber'}}, got {item!r}")
    id_, number = item["id"], item["randomNumber"]
    for name, value in (("id", id_), ("randomNumber", number)):
        if type(value) is not int or not 1 <= value <= WORLD_ROWS:
            raise Wrong(f"{path}: {name} must be an int in 1..{WORLD_ROWS}, got {value!r}")
    return id_, number


def _json(port: int, path: str) -> Any:
    answer = get(port, path)
    _common(answer, path, "application/json")
    try:
        return json.loads(answer.body)
    except ValueError as exc:
        raise Wrong(f"{path}: body is not JSON ({exc})") from None


async def _database(conn: Any, pairs: list[tuple[int, int]], path: str) -> None:
    rows = await conn.fetch(
        f"select id, randomnumber from {WORLD} where id = any($1::int[])", [i for i, _ in pairs]
    )
    stored = {r["id"]: r["randomnumber"] for r in rows}
    for id_, number in pairs:
        if stored.get(id_) != number:
            raise Wrong(f"{path}: id {id_} answered {number}, the database holds {stored.get(id_)}")


async def check_single(port: int, conn: Any) -> None:
    ids = set()
    for _ in range(10):
        body = _json(port, "/db")
        pair = _world(body, "/db")
        await _database(conn, [pair], "/db")
        ids.add(pair[0])
    if len(ids) < 5:
        raise Wrong(f"/db: 10 requests gave only {len(ids)} distinct ids (not random)")


QUERY_CASES = {"": 1, "?queries=": 1, "?queries=foo": 1, "?queries=0": 1, "?queries=-5": 1,
               "?queries=1": 1, "?queries=20": 20, "?queries=500": 500, "?queries=501": 500,
               "?queries=99999": 500}  # fmt: skip


async def check_queries(port: int, conn: Any, route: str = "/queries") -> None:
    for query, expected in QUERY_CASES.items():
        path = route + query
        body = _json(port, path)
        if not isinstance(body, list) or len(body) != expected:
            size = len(body) if isinstance(body, list) else type(body).__name__
            raise Wrong(f"{path}: expected a list of {expected} objects, got {size}")
        await _database(conn, [_world(item, path) for item in body], path)


_ROW = re.compile(r"<tr>\s*<td>\s*(\d+)\s*</td>\s*<td>(.*?)</td>\s*</tr>", re.S)


def check_fortunes(port: int) -> None:
    path = "/fortunes"
    answer = get(port, path)
    _common(answer, path, "text/html; charset=utf-8")
    try:
        page = answer.body.decode("utf-8")
    except UnicodeDecodeError:
        raise Wrong(f"{path}: body is not UTF-8") from None
    if not page.lstrip().lower().startswith("<!doctype html>"):
        raise Wrong(f"{path}: does not start with <!DOCTYPE html>")
    if "<script" in page.lower():
        raise Wrong(f"{path}: the <script> fortune is not escaped")
    if "&lt;script&gt;" not in page:
        raise Wrong(f"{path}: the escaped &lt;script&gt; fortune is missing")
    expected = sorted([*FORTUNES, (0, EXTRA_FORTUNE)], key=lambda f: f[1])
    got = [(int(i), html.unescape(m)) for i, m in _ROW.findall(page)]
    if got != expected:
        raise Wrong(f"{path}: rows {got!r} differ from the expected sorted 13 {expected!r}")
    if "<th>id</th><th>message</th>" not in re.sub(r">\s+<", "><", page):
        raise Wrong(f"{path}: no <th>id</th><th>message</th> header row")


async def check_updates(port: int, conn: Any, route: str = "/updates") -> None:
    before = dict(await conn.fetch(f"select id, randomnumber from {WORLD}"))
    for query, expected in {"?queries=foo": 1, "?queries=0": 1, "?queries=20": 20,
                            "?queries=501": 500}.items():  # fmt: skip
        path = route + query
        body = _json(port, path)
        if not isinstance(body, list) or len(body) != expected:
            size = len(body) if isinstance(body, list) else type(body).__name__
            raise Wrong(f"{path}: expected a list of {expected} objects, got {size}")
        pairs = [_world(item, path) for item in body]
        await _database(conn, pairs, path)
        if expected == 500:
            changed = sum(before[i] != n for i, n in pairs)
            # each new value equals the old one with probability 1/10,000
            if changed < 450:
                raise Wrong(f"{path}: only {changed} of 500 rows changed in the database")


async def verify(port: int, dsn: str = DSN, variants: bool = False) -> None:
    """Every rule, or :class:`Wrong`; ``variants``: ``/queries-tx`` and ``/updates-tx`` too."""
    conn = await asyncpg.connect(dsn)
    try:
        await check_single(port, conn)
        await check_queries(port, conn)
        check_fortunes(port)
        await check_updates(port, conn)
        if variants:
            await check_queries(port, conn, "/queries-tx")
            await check_updates(port, conn, "/updates-tx")
    finally:
        await conn.close()
