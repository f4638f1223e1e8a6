"""Run one discovered command: import it, parse its line, boot what it needs, call ``handle``.

Boot levels (``Command.boot``): ``none`` runs anywhere; ``config`` creates the application from
``bootstrap/app.py`` (configuration and providers registered, nothing booted); ``app`` boots it
too. ``--help`` never boots anything.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import _adapter
from ._app import enter, load_application, require_root
from ._discovery import CommandEntry
from ._errors import CommandError


def resolve(entry: CommandEntry, root: Path | None) -> Any:
    """Import the command a listing entry points at; return its class or closure."""
    module_name, _, attr = entry.target.rpartition(":")
    if entry.origin == "closure":
        return _closure(entry, require_root(root, entry.name))
    if entry.origin == "app" and root is not None:
        enter(root)
    module = importlib.import_module(module_name)
    try:
        return getattr(module, attr)
    except AttributeError:
        raise CommandError(
            f"command {entry.name!r} points at {entry.target}, which does not exist"
        ) from None


def _closure(entry: CommandEntry, root: Path) -> Any:
    from ._closures import registered

    enter(root)
    path = entry.path or root / "routes" / "console.py"
    if "routes.console" not in sys.modules:
        spec = importlib.util.spec_from_file_location("routes.console", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["routes.console"] = module
        spec.loader.exec_module(module)
    found = registered().get(entry.name)
    if found is None:
        raise CommandError(f"{path} does not register a command named {entry.name!r}")
    return found


def run(entry: CommandEntry, target: Any, argv: list[str], root: Path | None) -> int:
    """Parse ``argv`` for ``target`` and run it; return the exit code."""
    command: Any = target() if inspect.isclass(target) else target
    handle: Callable[..., Any] = command.handle
    description = str(getattr(command, "description", "") or entry.description())
    boot = str(getattr(command, "boot", "none"))
    if boot not in ("none", "config", "app"):
        raise CommandError(f"command {entry.name!r} has an unknown boot level {boot!r}")
    if getattr(command, "passthrough", False):
        # Every token belongs to the tool behind the command (``lararust test -x -k name``).
        return _call(entry.name, handle, {"args": list(argv)}, boot, root)
    sig = _adapter.signature_of(handle)
    if _adapter.needs_parser(sig, argv):
        parsed = _adapter.parse(entry.name, description, handle, argv)
        if isinstance(parsed, int):
            return parsed
        kwargs = parsed
    else:
        kwargs = {name: p.default for name, p in sig.parameters.items()}
    return _call(entry.name, handle, kwargs, boot, root)


def _call(
    name: str, handle: Callable[..., Any], kwargs: dict[str, Any], boot: str, root: Path | None
) -> int:
    app: Any = None
    if boot != "none":
        app = load_application(require_root(root, name))
    if not inspect.iscoroutinefunction(handle) and boot != "app":
        return _code(handle(**kwargs))
    import asyncio  # lazily: 25 ms that commands without a loop never pay

    if inspect.iscoroutinefunction(handle):
        return _code(asyncio.run(_async_call(app if boot == "app" else None, handle, kwargs)))
    app.boot_sync()
    try:
        return _code(handle(**kwargs))
    finally:
        asyncio.run(app.shutdown())


async def _async_call(app: Any, handle: Callable[..., Any], kwargs: dict[str, Any]) -> Any:
    if app is None:
        return await handle(**kwargs)
    await app.boot()
    try:
        return await handle(**kwargs)
    finally:
        await app.shutdown()


def _code(result: Any) -> int:
    if result is None or result is True:
        return 0
    if result is False:
        return 1
    if isinstance(result, int):
        return result
    raise CommandError(f"handle() must return an exit code or None, not {type(result).__name__}")
