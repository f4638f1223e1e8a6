"""Console output for commands (rich, imported only when something prints)."""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@cache
def console() -> Console:
    """The stdout console."""
    from rich.console import Console

    return Console(highlight=False)


def error(message: str) -> None:
    """Print an error line on stderr (plain ANSI: no rich import on the failure path)."""
    from ._style import paint

    sys.stderr.write(f"{paint('ERROR', 'bold red', sys.stderr)} {message}\n")


def traceback_of(exc: BaseException) -> None:
    """Print ``exc``'s traceback on stderr."""
    import traceback

    traceback.print_exception(exc, file=sys.stderr)
