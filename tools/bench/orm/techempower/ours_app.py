"""Our whole stack: our server, router, models and LaraBlade (the TechEmpower four).

Routes live in the ``api`` group, so URLs start with ``/api``."""

from __future__ import annotations

import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import DSN, FORTUNE, FORTUNES_TEMPLATE_BLADE, POOL, WORLD, parse_args

ROUTES = f'''
import random
from lararust_http import JsonResponse, request
from lararust_orm import DB, Model
from lararust_router import Route
from lararust_view import view
from common import EXTRA, queries_param


class World(Model):
    table = "{WORLD}"
    timestamps = False
    id: int
    randomNumber: int


class Fortune(Model):
    table = "{FORTUNE}"
    timestamps = False
    id: int
    message: str


async def db():
    world = await World.find(random.randint(1, 10000))
    return {{"id": world.id, "randomNumber": world.randomNumber}}


async def queries():
    count = queries_param(request().query.get("queries"))
    out = []
    async with DB.pinned():  # one pool checkout for the request's queries
        for _ in range(count):
            world = await World.find(random.randint(1, 10000))
            out.append({{"id": world.id, "randomNumber": world.randomNumber}})
    return JsonResponse(out)


async def fortunes():
    rows = list(await Fortune.all())
    extra = Fortune()
    extra.force_fill({{"id": 0, "message": EXTRA}})
    rows.append(extra)
    rows.sort(key=lambda f: f.message)
    return view("fortunes", {{"fortunes": rows}})


async def updates():
    count = queries_param(request().query.get("queries"))
    worlds = []
    async with DB.pinned():
        for _ in range(count):
            world = await World.find(random.randint(1, 10000))
            world.randomNumber = random.randint(1, 10000)
            worlds.append(world)
        worlds.sort(key=lambda w: w.id)
        # One statement for the batch (a repeated id keeps its last value: the rules allow it).
        rows = {{w.id: {{"id": w.id, "randomNumber": w.randomNumber}} for w in worlds}}
        await World.query().upsert(list(rows.values()), "id", ["randomNumber"])
    return JsonResponse([{{"id": w.id, "randomNumber": w.randomNumber}} for w in worlds])


Route.get("/db", db)
Route.get("/queries", queries)
Route.get("/fortunes", fortunes)
Route.get("/updates", updates)
'''


def build_app() -> object:
    from lararust_core import Application

    base = Path(tempfile.mkdtemp(prefix="lararust-te-"))
    (base / "routes").mkdir()
    (base / "config").mkdir()
    views = base / "resources" / "views"
    views.mkdir(parents=True)
    (base / "routes" / "api.py").write_text(ROUTES)
    (base / "config" / "app.py").write_text(
        "config = {'name': 'te', 'debug': False, "
        "'key': 'base64:c2VjcmV0LWtleS1mb3ItYmVuY2htYXJrcy0xMjM0NTY3OA=='}\n"
    )
    (base / "config" / "database.py").write_text(
        f"config = {{'default': 'pgsql', 'connections': {{'pgsql': {{'url': {DSN!r}, "
        f"'pool': {{'min': {POOL}, 'max': {POOL}}}}}}}}}\n"
    )
    (views / "fortunes.blade.html").write_text(FORTUNES_TEMPLATE_BLADE)
    sys.path.insert(0, str(base))
    # The stateless ``api`` group (prefix ``/api``): no session or CSRF, as TechEmpower apps.
    return Application.configure(base_path=base).with_routing(api="routes/api.py").create()


if __name__ == "__main__":
    args = parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "http" / "apps"))
    from ours import serve

    random.seed()
    serve(build_app(), args.port)
