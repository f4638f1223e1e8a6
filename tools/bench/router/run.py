"""Route matching: LaraRust's compiled tree vs Starlette's router, side by side in one run.

For 10, 100 and 1,000 registered routes (a realistic mix: each "resource" has a static index,
a POST, a parameter show route, an ``/edit`` route and a nested two-parameter route), time
the lookup of the first route, one in the middle, the last one, and a miss. Both sides do
the same job: find the route for (method, path) and capture its parameters.

Starlette's router has no separate "match" call: ``Router.app`` loops over its routes calling
``route.matches(scope)`` until a full match, so that loop is what we time for it.

A second table times a whole dispatch for the middle probe: match, call a one-line async
handler with its typed parameter, make the response and send it over ASGI; ours through
``Router.dispatch`` (no kernel or middleware), Starlette's through ``Router.__call__``.

Run: ``python tools/bench/router/run.py`` (the bench env's interpreter).
"""

from __future__ import annotations

import asyncio
import statistics
import time
import timeit
from collections.abc import Callable
from typing import Any

from lararust_contracts import NotFound
from lararust_http import Request, to_response
from lararust_router import Router
from starlette.responses import JSONResponse
from starlette.routing import Match
from starlette.routing import Route as StarletteRoute
from starlette.routing import Router as StarletteRouter

SIZES = (10, 100, 1000)
PER_RESOURCE = 5


async def endpoint(request: Any) -> None:
    """A do-nothing handler."""


def route_table(size: int) -> list[tuple[str, str]]:
    """``size`` (method, path) pairs: static, parameter and nested routes mixed."""
    table: list[tuple[str, str]] = []
    for i in range(size // PER_RESOURCE):
        base = f"/api/res{i}"
        table += [
            ("GET", base),
            ("POST", base),
            ("GET", base + "/{id}"),
            ("GET", base + "/{id}/edit"),
            ("GET", base + "/{id}/items/{item}"),
        ]
    return table


def probes(size: int) -> dict[str, tuple[str, str]]:
    """The lookups timed: first route, a middle one, the last one, and a miss."""
    last = size // PER_RESOURCE - 1
    middle = last // 2
    return {
        "first": ("GET", "/api/res0"),
        "middle": ("GET", f"/api/res{middle}/42/edit"),
        "last": ("GET", f"/api/res{last}/42/items/7"),
        "miss": ("GET", "/nothing/here/42"),
    }


def ours(size: int) -> Callable[[str, str], Any]:
    router = Router()
    for method, path in route_table(size):
        router.match([method], path, endpoint)
    router.compile()
    lookup = router.find

    def find(method: str, path: str) -> Any:
        try:
            return lookup(method, path)
        except NotFound:  # what dispatch raises for the kernel's 404
            return None

    return find


def starlette(size: int) -> Callable[[str, str], Any]:
    router = StarletteRouter(
        routes=[StarletteRoute(p, endpoint, methods=[m]) for m, p in route_table(size)]
    )
    routes = router.routes

    def find(method: str, path: str) -> Any:
        scope = {"type": "http", "method": method, "path": path, "root_path": ""}
        partial = None
        for route in routes:
            match, child_scope = route.matches(scope)
            if match is Match.FULL:
                return route, child_scope["path_params"]
            if match is Match.PARTIAL and partial is None:
                partial = route
        return partial

    return find


ROUNDS = 2


def timed(find: Callable[[str, str], Any], method: str, path: str) -> float:
    """Best-of-3 nanoseconds per lookup, in CPU time of this process: on a shared machine,
    wall time also counts the time other processes held the CPU."""
    timer = timeit.Timer(lambda: find(method, path), timer=time.process_time)
    number, _ = timer.autorange()
    runs = timer.repeat(repeat=3, number=number)
    return min(runs) / number * 1e9


def check(size: int) -> None:
    """Both routers must agree on what each probe finds before we time them."""
    a, b = ours(size), starlette(size)
    for method, path in probes(size).values():
        ra, rb = a(method, path), b(method, path)
        assert (ra is None) == (rb is None), (size, path)
        if ra is not None:
            assert "/" + ra[0].uri == rb[0].path, (size, path, ra, rb)
            assert ra[1] == rb[1], (size, path, ra, rb)


async def _show(id: int) -> dict[str, int]:
    return {"id": id}


async def _starlette_show(request: Any) -> JSONResponse:
    return JSONResponse({"id": int(request.path_params["id"])})


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: Any) -> None:
    return None


def dispatch_pair(size: int) -> tuple[Callable[[dict[str, Any]], Any], Callable[..., Any]]:
    """Full dispatch for ours and Starlette's, each route table holding the same paths."""
    ours_router = Router()
    theirs = []
    for method, path in route_table(size):
        ours_router.match([method], path, _show)
        theirs.append(StarletteRoute(path, _starlette_show, methods=[method]))
    ours_router.compile()
    starlette_router = StarletteRouter(routes=theirs)

    async def ours_dispatch(scope: dict[str, Any]) -> None:
        request = Request(scope, _receive)
        response = to_response(await ours_router.dispatch(request), request)
        await response(scope, _receive, _send)

    async def starlette_dispatch(scope: dict[str, Any]) -> None:
        await starlette_router(scope, _receive, _send)

    return ours_dispatch, starlette_dispatch


def timed_async(fn: Callable[[dict[str, Any]], Any], path: str, rounds: int = 20000) -> float:
    """Best-of-5 nanoseconds (CPU time) per dispatch, on one event loop."""

    async def run() -> float:
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for _ in range(rounds):
                scope = {
                    "type": "http",
                    "method": "GET",
                    "path": path,
                    "root_path": "",
                    "query_string": b"",
                    "headers": [(b"host", b"bench")],
                }
                await fn(scope)
            best = min(best, (time.process_time() - start) / rounds * 1e9)
        return best

    return asyncio.run(run())


def main() -> None:
    results: dict[int, dict[str, tuple[float, float]]] = {}
    finders = {}
    for size in SIZES:
        check(size)
        finders[size] = (ours(size), starlette(size))
    # Sizes are timed in turn, round after round, keeping each minimum: a burst of load from
    # elsewhere on the machine cannot land on one size only.
    for _ in range(ROUNDS):
        for size, (mine, theirs) in finders.items():
            row = results.setdefault(size, {})
            for name, (m, p) in probes(size).items():
                best = row.get(name, (float("inf"), float("inf")))
                row[name] = (min(best[0], timed(mine, m, p)), min(best[1], timed(theirs, m, p)))
    print(f"{'routes':>7} {'probe':>7} {'lararust ns':>12} {'starlette ns':>13} {'speedup':>8}")
    for size, rows in results.items():
        for name, (mine_ns, theirs_ns) in rows.items():
            print(
                f"{size:>7} {name:>7} {mine_ns:>12.0f} {theirs_ns:>13.0f} "
                f"{theirs_ns / mine_ns:>7.1f}x"
            )
    print()
    base = results[SIZES[0]]
    for size in SIZES[1:]:
        ratios = [results[size][n][0] / base[n][0] for n in base]
        print(
            f"lararust cost at {size} routes vs {SIZES[0]}: "
            + ", ".join(f"{n} {r:.2f}x" for n, r in zip(base, ratios, strict=True))
            + f" (mean {statistics.mean(ratios):.2f}x; goal <= 1.2x)"
        )
    slowest = min(t / m for rows in results.values() for m, t in rows.values())
    print(f"lararust vs starlette, worst case over every size and probe: {slowest:.1f}x faster")
    print()
    columns = ("routes", "dispatch (middle)", "lararust ns", "starlette ns", "speedup")
    print(" ".join(f"{c:>{w}}" for c, w in zip(columns, (7, 18, 12, 13, 8), strict=True)))
    for size in SIZES:
        ours_dispatch, starlette_dispatch = dispatch_pair(size)
        _, path = probes(size)["middle"]
        path = path.removesuffix("/edit")  # the /{id} show route of the middle resource
        mine_ns = timed_async(ours_dispatch, path)
        theirs_ns = timed_async(starlette_dispatch, path)
        print(
            f"{size:>7} {path:>18} {mine_ns:>12.0f} {theirs_ns:>13.0f} {theirs_ns / mine_ns:>7.1f}x"
        )


if __name__ == "__main__":
    main()
