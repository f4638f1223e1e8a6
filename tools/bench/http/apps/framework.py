"""Our framework (Application + http kernel + router + LaraBlade), as a user would write it.

A throw-away project is laid out in a temp dir (``config/``, ``routes/api.py``,
``resources/views``), routes in the ``api`` group (prefix ``/api``), debug off.
``--server ours`` serves it with our server (the direct path), ``--server uvicorn`` under uvicorn.
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import ROUTES, parse_args

ROUTES_FILE = f"""
from lararust_router import Route
from lararust_view import view
from common import MESSAGE, ROWS, TITLE


async def plaintext() -> str:
    return "Hello, World!"


async def json_view() -> dict:
    return MESSAGE


async def page():
    return view("page", {{"title": TITLE, "rows": ROWS}})


def make(index):
    async def item(id: int) -> dict:
        return {{"route": index, "id": id}}
    return item


Route.get("/plaintext", plaintext)
Route.get("/json", json_view)
Route.get("/page", page)
for i in range({ROUTES}):
    Route.get(f"/r{{i}}/{{{{id}}}}", make(i))
"""

LAYOUT = (
    "<!doctype html><html><head><title>@yield('title')</title></head>"
    "<body><main>@yield('content')</main></body></html>"
)
PAGE = textwrap.dedent("""\
    @extends('layouts.app')
    @section('title', title)
    @section('content')
    <h1>{{ title }}</h1><table>@foreach(rows as row)<tr><td>{{ row['id'] }}</td><td>{{ row['name'] }}</td><td>{{ row['email'] }}</td><td>{{ row['score'] }}</td></tr>@endforeach</table>
    @endsection
""")  # noqa: E501


def build_app() -> object:
    from lararust_core import Application

    base = Path(tempfile.mkdtemp(prefix="lararust-bench-"))
    (base / "routes").mkdir()
    (base / "config").mkdir()
    views = base / "resources" / "views"
    (views / "layouts").mkdir(parents=True)
    (base / "routes" / "api.py").write_text(ROUTES_FILE)
    (base / "config" / "app.py").write_text(
        "config = {'name': 'bench', 'debug': False, "
        "'key': 'base64:c2VjcmV0LWtleS1mb3ItYmVuY2htYXJrcy0xMjM0NTY3OA=='}\n"
    )
    (views / "layouts" / "app.blade.html").write_text(LAYOUT)
    (views / "page.blade.html").write_text(PAGE)
    sys.path.insert(0, str(base))
    return Application.configure(base_path=base).with_routing(api="routes/api.py").create()


if __name__ == "__main__":
    args = parse_args()
    app = build_app()
    if args.server == "ours":
        from ours import serve

        serve(app, args.port)
    else:
        import uvicorn

        uvicorn.run(
            app,
            host="127.0.0.1",
            port=args.port,
            log_level="warning",
            access_log=False,
            loop="uvloop",
            http="httptools",
        )
