"""Serve files from ``public/`` (development and small deployments).

Rules: only GET/HEAD; the path is decoded once, must not contain NUL, backslashes or ``..``
segments, and must resolve INSIDE the directory (symlinks out are refused); a miss falls
through to the application (so routes still work); hidden files are never served.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from .._context import get_container
from .._responses import FileResponse
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class ServeStaticFiles:
    """Answer requests for existing files under ``directory`` with ETag and Range support."""

    def __init__(
        self,
        directory: str | os.PathLike[str] | None = None,
        cache_control: str | None = "public, max-age=3600",
    ) -> None:
        if directory is None:
            app = get_container()
            public = getattr(app, "public_path", None)
            directory = public() if callable(public) else "public"
        self.directory = Path(directory).resolve()
        self._root = str(self.directory)
        self.cache_control = cache_control

    def lookup(self, path: str) -> Path | None:
        """The file for URL ``path``, or None when absent or outside the directory."""
        if "\x00" in path or "\\" in path:
            return None
        parts = [p for p in path.split("/") if p]
        if not parts or any(p.startswith(".") for p in parts):  # "..", ".", dotfiles
            return None
        candidate = os.path.join(self._root, *parts)
        try:
            # One stat for the common miss (a route, not a file); resolve only on a hit.
            if not stat.S_ISREG(os.stat(candidate).st_mode):
                return None
        except (OSError, ValueError):
            return None
        real = os.path.realpath(candidate)
        if not real.startswith(self._root + os.sep):  # a symlink pointing out of public/
            return None
        return Path(real)

    async def handle(self, request: Request, next: Next) -> Response:
        """Serve the file or hand over to the app."""
        if request.method not in ("GET", "HEAD"):
            return await next(request)
        found = self.lookup(request.path)
        if found is None:
            return await next(request)
        response = FileResponse(found, request=request)
        if self.cache_control:
            response.headers.set("cache-control", self.cache_control)
        return response
