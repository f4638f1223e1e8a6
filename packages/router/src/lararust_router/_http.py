"""The http package as the router sees it: names looked up by attribute in one place.

The router depends on ``lararust_http`` (Request, responses, the current-request context
variable); going through this module keeps that seam in one place.
"""

from __future__ import annotations

import types
from typing import Any

import lararust_http

http: Any = lararust_http
if not hasattr(lararust_http, "Request"):  # pragma: no cover - while http's exports land
    from lararust_http import _context, _request, _responses

    http = types.SimpleNamespace()
    for _module in (_context, _request, _responses):
        for _name in dir(_module):
            if not _name.startswith("__"):
                setattr(http, _name, getattr(_module, _name))
