"""Tiny ANSI styling for the hot paths (listing, errors): importing rich costs ~100 ms."""

from __future__ import annotations

import os
import sys
from typing import TextIO

_CODES = {"green": "32", "yellow": "33", "red": "31", "bold": "1", "dim": "2", "bold red": "1;31"}


def colour(stream: TextIO) -> bool:
    """Tell whether to colour ``stream`` (a terminal, and neither NO_COLOR nor TERM=dumb)."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def paint(text: str, style: str, stream: TextIO | None = None) -> str:
    """Wrap ``text`` in the ANSI codes of ``style`` when ``stream`` takes colour."""
    if not colour(stream or sys.stdout):
        return text
    return f"\033[{_CODES[style]}m{text}\033[0m"
