"""The http package as the router sees it: one import, so the seam stays in one place."""

from __future__ import annotations

from typing import Any

import lararust_http

http: Any = lararust_http
