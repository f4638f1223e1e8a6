"""``lararust``/``lararust list``: every command, grouped by namespace as artisan shows them."""

from __future__ import annotations

import sys
from itertools import groupby
from pathlib import Path

from .__about__ import __version__
from ._discovery import CommandEntry
from ._style import paint

_BUILTIN = {
    "help": "Show the help of a command (lararust help make:controller)",
    "list": "List every command",
}


def render(commands: dict[str, CommandEntry], root: Path | None) -> str:
    """The listing: usage, then every command with its description, by namespace."""
    rows = [*_BUILTIN.items(), *((e.name, e.description()) for e in commands.values())]
    width = max(len(name) for name, _ in rows) + 2
    lines = [f"{paint('LaraRust', 'bold')} {paint(__version__, 'green')}"]
    if root is not None:
        lines[0] += paint(f"  app: {root}", "dim")
    lines += [
        "",
        paint("Usage:", "yellow"),
        "  lararust [-v] <command> [arguments] [options]",
        "  lararust <command> --help" + paint("   # a command's arguments and options", "dim"),
        "",
        paint("Available commands:", "yellow"),
    ]

    def row(name: str, text: str) -> str:
        return "  " + paint(name.ljust(width), "green") + text

    lines += [row(n, t) for n, t in sorted(r for r in rows if ":" not in r[0])]
    spaced = sorted(r for r in rows if ":" in r[0])
    for namespace, group in groupby(spaced, key=lambda r: r[0].split(":", 1)[0]):
        lines.append(" " + paint(namespace, "yellow"))
        lines += [row(n, t) for n, t in group]
    return "\n".join(lines)


def show(commands: dict[str, CommandEntry], root: Path | None) -> None:
    """Print the listing on stdout."""
    sys.stdout.write(render(commands, root) + "\n")
