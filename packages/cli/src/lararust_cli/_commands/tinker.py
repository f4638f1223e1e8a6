"""``lararust tinker``: a REPL with the application booted; top-level ``await`` works.

The plain console compiles with ``PyCF_ALLOW_TOP_LEVEL_AWAIT`` (what ``python -m asyncio``
does) and runs each awaiting statement on ONE event loop, the loop the app booted on, so
connection pools opened at boot stay usable. IPython is used when installed and interactive.
"""

from __future__ import annotations

import ast
import asyncio
import code
import inspect
import sys
import types
from typing import Any

from .._app import find_root, load_application, require_root
from .._base import Command


class AsyncConsole(code.InteractiveConsole):
    """An interactive console whose statements may ``await`` (on the given loop)."""

    def __init__(self, namespace: dict[str, Any], loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(namespace, filename="<tinker>")
        self.compile.compiler.flags |= ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        self.loop = loop

    def raw_input(self, prompt: str = "") -> str:
        """Read a line; no prompt when input is piped (scripts read clean output)."""
        return input(prompt if sys.stdin.isatty() else "")

    def runcode(self, code: types.CodeType) -> None:
        """Run one statement; drive it on the loop when it awaits."""
        try:
            result = types.FunctionType(code, self.locals)()
            if inspect.iscoroutine(result):
                self.loop.run_until_complete(result)
        except SystemExit:
            raise
        except BaseException:
            self.showtraceback()


class Tinker(Command):
    """Interact with your application."""

    name = "tinker"
    description = "Interact with your application (top-level await works)"
    boot = "none"  # booted below, on the loop the REPL keeps using

    def handle(self, execute: str = "", plain: bool = False) -> int:
        """Boot the app and open a REPL with ``app`` and ``config`` in scope.

        Args:
            execute: Run this code and exit instead of opening the REPL.
            plain: Use the plain Python console even when IPython is installed.
        """
        app = load_application(require_root(find_root(), self.name))
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(app.boot())
        except BaseException:
            loop.close()
            raise
        try:
            namespace = _namespace(app)
            console = AsyncConsole(namespace, loop)
            if execute:
                return 0 if _run_source(console, execute) else 1
            if not plain and sys.stdin.isatty() and _ipython(namespace, loop):
                return 0
            banner = f"LaraRust tinker (Python {sys.version.split()[0]}): app, config; await works"
            console.interact(banner=banner if sys.stdin.isatty() else "", exitmsg="")
            return 0
        finally:
            loop.run_until_complete(app.shutdown())
            loop.close()


def _namespace(app: Any) -> dict[str, Any]:
    from lararust_core import config

    return {"app": app, "config": config, "asyncio": asyncio, "__name__": "__tinker__"}


def _run_source(console: AsyncConsole, source: str) -> bool:
    try:
        compiled = compile(
            source, "<tinker>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
        )
    except SyntaxError:
        console.showsyntaxerror("<tinker>")
        return False
    failed = False

    def hook(*args: Any) -> None:
        nonlocal failed
        failed = True
        sys.__excepthook__(*args)

    original, sys.excepthook = sys.excepthook, hook
    try:
        console.runcode(compiled)
    finally:
        sys.excepthook = original
    return not failed


def _ipython(namespace: dict[str, Any], loop: asyncio.AbstractEventLoop) -> bool:
    import importlib

    try:
        embed = importlib.import_module("IPython.terminal.embed")
    except ImportError:
        return False
    shell = embed.InteractiveShellEmbed(user_ns=namespace, banner1="LaraRust tinker (IPython)")
    shell.loop_runner = loop.run_until_complete  # awaits run on the loop the app booted on
    shell.autoawait = True
    shell()
    return True
