"""A base class for commands that want artisan's output helpers (``self.info(...)``).

Packages below cli implement the contracts' ``Command`` protocol directly; apps and cli's own
commands may subclass this for ``info``/``warn``/``error``/``line``/``table``/``confirm``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from lararust_contracts import BootLevel


class Command:
    """Base of a ``lararust`` command: set ``name``, ``description``, ``boot``; write ``handle``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    boot: ClassVar[BootLevel] = "none"

    def handle(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; return an exit code or None."""
        raise NotImplementedError(f"{type(self).__name__}.handle() is not written yet")

    def line(self, text: str = "", style: str | None = None) -> None:
        """Print a line of plain text on stdout (ANSI colours only on a terminal)."""
        import sys

        from ._style import paint

        sys.stdout.write((paint(text, style) if style else text) + "\n")

    def info(self, text: str) -> None:
        """Print a green line."""
        self.line(text, "green")

    def comment(self, text: str) -> None:
        """Print a yellow line."""
        self.line(text, "yellow")

    def warn(self, text: str) -> None:
        """Print a warning line on stderr."""
        import sys

        from ._style import paint

        sys.stderr.write(paint(text, "yellow", sys.stderr) + "\n")

    def error(self, text: str) -> None:
        """Print an error line on stderr."""
        import sys

        from ._style import paint

        sys.stderr.write(paint(text, "bold red", sys.stderr) + "\n")

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Print a table."""
        from rich.table import Table

        from ._output import console

        table = Table(*headers, show_lines=False)
        for row in rows:
            table.add_row(*(str(cell) for cell in row))
        console().print(table)

    def confirm(self, question: str, default: bool = False) -> bool:
        """Ask a yes/no question (the default when stdin is not a terminal)."""
        import sys

        from rich.prompt import Confirm

        if not sys.stdin.isatty():
            return default
        return Confirm.ask(question, default=default)
