"""The debug error page: exception, traceback with source lines, request details.

Rules: every value is HTML-escaped; secrets (cookies, authorization, CSRF headers, password
fields) are masked; the page is only ever shown when debug is on.
"""

from __future__ import annotations

import linecache
import traceback
from html import escape
from types import TracebackType
from typing import Any

_SECRET_HEADERS = frozenset(
    {"cookie", "authorization", "x-csrf-token", "x-xsrf-token", "proxy-authorization"}
)
_SECRET_FIELDS = ("password", "token", "secret")
_CONTEXT = 5


def mask(name: str, value: Any) -> Any:
    """Hide secret-looking values."""
    lowered = name.lower()
    if lowered in _SECRET_HEADERS or any(part in lowered for part in _SECRET_FIELDS):
        return "********"
    return value


def frames(exc: BaseException) -> list[dict[str, Any]]:
    """The traceback frames, innermost first, each with surrounding source lines."""
    result = []
    tb: TracebackType | None = exc.__traceback__
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        start = max(lineno - _CONTEXT, 1)
        lines = [
            (n, linecache.getline(filename, n).rstrip("\n"))
            for n in range(start, lineno + _CONTEXT + 1)
        ]
        result.append(
            {
                "file": filename,
                "line": lineno,
                "function": frame.f_code.co_name,
                "source": [(n, text) for n, text in lines if text or n <= lineno],
            }
        )
    result.reverse()
    return result


def render_debug_page(exc: BaseException, request: Any, status: int) -> str:
    """The full HTML page."""
    title = f"{type(exc).__module__}.{type(exc).__qualname__}"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{escape(type(exc).__name__)}: {escape(str(exc))[:200]}</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:0;background:#f7f7f8;color:#222}"
        "header{background:#b91c1c;color:#fff;padding:1.5rem 2rem}h1{margin:0;font-size:1.3rem}"
        "main{padding:1rem 2rem}.frame{background:#fff;border:1px solid #ddd;margin:.8rem 0;"
        "border-radius:6px}.frame h3{margin:0;padding:.5rem .8rem;font-size:.9rem;"
        "background:#eee;font-family:monospace}pre{margin:0;padding:.4rem .8rem;font-size:.8rem;"
        "overflow:auto}.hl{background:#fde68a;display:block}table{border-collapse:collapse;"
        "font-size:.85rem}td{border:1px solid #ddd;padding:.2rem .5rem;font-family:monospace;"
        "vertical-align:top}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><p>{escape(str(exc))}</p>"
        f"<small>HTTP {status}</small></header><main>",
    ]
    if request is not None:
        parts.append(_request_section(request))
    parts.append("<h2>Traceback</h2>")
    for frame in frames(exc):
        source = "".join(
            f"<span class='{'hl' if n == frame['line'] else ''}'>{n:>5}  {escape(text)}</span>\n"
            for n, text in frame["source"]
        )
        parts.append(
            f"<div class='frame'><h3>{escape(frame['file'])}:{frame['line']} in "
            f"{escape(frame['function'])}</h3><pre>{source}</pre></div>"
        )
    cause = exc.__cause__ or exc.__context__
    if cause is not None and not exc.__suppress_context__:
        parts.append(f"<h2>Caused by {escape(type(cause).__name__)}: {escape(str(cause))}</h2>")
    parts.append("</main></body></html>")
    return "".join(parts)


def _request_section(request: Any) -> str:
    rows = [("Method", request.method), ("URL", request.full_url()), ("Client", request.ip())]
    route_params = getattr(request, "route_params", None) or {}
    rows.extend((f"Route {k}", v) for k, v in route_params.items())
    header_rows = [
        (name.decode("latin-1"), mask(name.decode("latin-1"), value.decode("latin-1")))
        for name, value in request.headers.raw
    ]
    input_rows: list[tuple[str, Any]] = []
    if getattr(request, "_loaded", False):
        try:
            input_rows = [(k, mask(k, v)) for k, v in request.input().items()]
        except Exception:  # a broken body must not break the error page itself
            input_rows = []
    return (
        "<h2>Request</h2>"
        + _table(rows)
        + "<h3>Headers</h3>"
        + _table(header_rows)
        + ("<h3>Input</h3>" + _table(input_rows) if input_rows else "")
    )


def _table(rows: list[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table>{body}</table>"
