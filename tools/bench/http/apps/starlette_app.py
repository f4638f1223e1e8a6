"""Starlette (and FastAPI with --fastapi) with Jinja2: served by uvicorn or granian."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import jinja2
from common import MESSAGE, PLAINTEXT, ROUTES, ROWS, TITLE, parse_args
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse
from starlette.routing import Route

TEMPLATES = jinja2.Environment(
    loader=jinja2.DictLoader(
        {
            "layout.html": "<!doctype html><html><head><title>{% block title %}{% endblock %}"
            "</title></head><body><main>{% block content %}{% endblock %}</main></body></html>",
            "page.html": "{% extends 'layout.html' %}{% block title %}{{ title }}{% endblock %}"
            "{% block content %}<h1>{{ title }}</h1><table>{% for row in rows %}<tr><td>"
            "{{ row.id }}</td><td>{{ row.name }}</td><td>{{ row.email }}</td><td>{{ row.score }}"
            "</td></tr>{% endfor %}</table>{% endblock %}",
        }
    ),
    autoescape=True,
)
PAGE = TEMPLATES.get_template("page.html")


async def plaintext(request: Request) -> PlainTextResponse:
    return PlainTextResponse(PLAINTEXT)


async def json_view(request: Request) -> JSONResponse:
    return JSONResponse(MESSAGE)


def make_item(index: int):  # type: ignore[no-untyped-def]
    async def item(request: Request) -> JSONResponse:
        return JSONResponse({"route": index, "id": request.path_params["id"]})

    return item


async def template(request: Request) -> HTMLResponse:
    return HTMLResponse(PAGE.render(title=TITLE, rows=ROWS))


routes = [Route("/plaintext", plaintext), Route("/json", json_view), Route("/page", template)]
routes += [Route(f"/r{i}/{{id:int}}", make_item(i)) for i in range(ROUTES)]
app = Starlette(routes=routes)

if os.environ.get("BENCH_FASTAPI"):
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse as FHTML
    from fastapi.responses import PlainTextResponse as FPlain

    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.get("/plaintext", response_class=FPlain)
    async def f_plaintext() -> str:
        return PLAINTEXT.decode()

    @app.get("/json")
    async def f_json() -> dict[str, str]:
        return MESSAGE

    @app.get("/page", response_class=FHTML)
    async def f_page() -> str:
        return PAGE.render(title=TITLE, rows=ROWS)

    def add(index: int) -> None:
        async def item(id: int) -> dict[str, int]:
            return {"route": index, "id": id}

        app.get(f"/r{index}/{{id}}")(item)

    for i in range(ROUTES):
        add(i)


if __name__ == "__main__":
    args = parse_args()
    if args.server == "granian":
        from granian import Granian

        os.chdir(Path(__file__).parent)
        Granian(
            "starlette_app:app",
            interface="asgi",
            address="127.0.0.1",
            port=args.port,
            workers=1,
            loop="uvloop",
            log_access=False,
        ).serve()
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
            lifespan="off",
        )
