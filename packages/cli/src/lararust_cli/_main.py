"""The ``lararust`` entry point: global flags, help, dispatch, and one-line errors.

Global flags come before the command name (``lararust -v route:list``); ``-v`` also works
after it for commands that do not pass their options through (``lararust test -v`` is pytest's).
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

from lararust_contracts import LaraRustError

from . import _app, _discovery, _listing
from ._errors import CommandError

_HELP = {"-h", "--help", "help", "list"}
_VERBOSE = {"-v", "-vv", "-vvv", "--verbose"}
_VERSION = {"-V", "--version"}


def main(argv: list[str] | None = None) -> int:
    """Run ``lararust`` with ``argv`` (``sys.argv[1:]`` by default); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = bool(os.environ.get("LARARUST_VERBOSE"))
    while args and args[0] in _VERBOSE:
        verbose = True
        args.pop(0)
    try:
        return _dispatch(args, verbose)
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return _exit_code(exc)
    except BaseException as exc:  # the one place every failure becomes a single clear line
        return _report(exc, verbose)


def _dispatch(args: list[str], verbose: bool) -> int:
    root = _app.find_root()
    if root is not None:
        _app.put_first_on_path(root)
    if not args or args[0] in _HELP:
        commands = _discovery.discover(root)
        if len(args) > 1 and args[0] == "help":
            return _dispatch([args[1], "--help"], verbose)
        _listing.show(commands, root)
        return 0
    if args[0] in _VERSION:
        args[0] = "version"
    name, rest = args[0], args[1:]
    commands = _discovery.discover(root)
    entry = commands.get(name)
    if entry is None:
        message = _unknown(name, commands)
        broken = _discovery.unreadable(root)
        if broken:
            message += " These command files could not be read: " + "; ".join(broken)
        raise CommandError(message, exit_code=2)
    from . import _runner

    target = _runner.resolve(entry, root)
    if _takes_global_verbose(target) and "--" not in rest:
        kept = [a for a in rest if a not in _VERBOSE]
        verbose = verbose or len(kept) != len(rest)
        rest = kept
    try:
        return _runner.run(entry, target, rest, root)
    except BrokenPipeError:
        return _pipe_closed()
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:
        return _exit_code(exc)
    except BaseException as exc:
        return _report(exc, verbose)


def _takes_global_verbose(target: object) -> bool:
    """Whether ``-v`` after the command name is ours: not for pass-through or ``verbose`` ones."""
    if getattr(target, "passthrough", False):
        return False
    try:
        import inspect

        return "verbose" not in inspect.signature(target.handle).parameters  # type: ignore[attr-defined]
    except (AttributeError, TypeError, ValueError):
        return True


def _pipe_closed() -> int:
    """The reader went away (``lararust list | head``): stop quietly, as SIGPIPE would."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # Python's final flush must not raise again
    return 141


def _unknown(name: str, commands: dict[str, _discovery.CommandEntry]) -> str:
    message = f"Command {name!r} is not defined."
    namespace = sorted(c for c in commands if c.startswith(name + ":"))
    if namespace and ":" not in name:
        return message + f" Commands in the {name!r} namespace: " + ", ".join(namespace) + "."
    close = difflib.get_close_matches(name, list(commands), n=3, cutoff=0.6)
    if close:
        return message + " Did you mean " + " or ".join(repr(c) for c in close) + "?"
    return message + " Run `lararust list` to see every command."


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _report(exc: BaseException, verbose: bool) -> int:
    from ._output import error, traceback_of

    if verbose:
        traceback_of(exc)
    if isinstance(exc, CommandError):
        error(str(exc))
        return exc.exit_code
    # The framework's own errors already name their place (file, line, key).
    where = "" if isinstance(exc, LaraRustError) else _origin(exc)
    text = (exc.msg if isinstance(exc, SyntaxError) else str(exc)) or type(exc).__name__
    error(f"{type(exc).__name__}: {text}{where}" + ("" if verbose else "  (-v for the traceback)"))
    return 1


def _origin(exc: BaseException) -> str:
    """Name the innermost frame of the user's code (``file:line``) the error came from."""
    if isinstance(exc, SyntaxError) and exc.filename:
        return f" ({_short(Path(exc.filename))}:{exc.lineno})"
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return ""
    path = Path(last.tb_frame.f_code.co_filename)
    return f" ({_short(path)}:{last.tb_lineno})"


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
