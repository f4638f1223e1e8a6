"""Turn a command's ``handle`` signature into a typer command line, and parse one.

Rules (the contracts' ``Command``): a parameter without a default is an argument, one with a
default an ``--option`` (``_`` becomes ``-``, a trailing ``_`` is dropped); a ``bool`` default
is a single ``--flag``. Help for a parameter comes from an ``Args:`` section of ``handle``'s
docstring.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from typing import Any

_ARGS_LINE = re.compile(r"^\s{2,}(\w+)(?:\s*\([^)]*\))?:\s*(.+)$")


def signature_of(handle: Callable[..., Any]) -> inspect.Signature:
    """``handle``'s signature with string annotations resolved (``from __future__`` modules)."""
    sig = inspect.signature(handle)
    try:
        hints = typing.get_type_hints(handle, include_extras=True)
    except Exception:  # an unresolvable hint degrades to text, not a crash
        hints = {}
    params = [
        p.replace(annotation=hints.get(p.name, p.annotation))
        for p in sig.parameters.values()
        if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
    ]
    return sig.replace(parameters=params, return_annotation=inspect.Signature.empty)


def needs_parser(sig: inspect.Signature, argv: list[str]) -> bool:
    """Tell whether typer must run: any token given, or a required argument to report."""
    return bool(argv) or any(p.default is p.empty for p in sig.parameters.values())


def parse(
    name: str,
    description: str,
    handle: Callable[..., Any],
    argv: list[str],
) -> dict[str, Any] | int:
    """Parse ``argv`` against ``handle``; return the keyword arguments, or an exit code.

    An exit code comes back for ``--help`` (0) and for a usage error (2, already printed).
    """
    import typer

    sig = signature_of(handle)
    captured: dict[str, Any] = {}

    def collect(**kwargs: Any) -> None:
        captured.update(kwargs)

    collect.__signature__ = _typer_signature(sig, _param_help(handle))  # type: ignore[attr-defined]
    settings: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
    # Plain click help: typer's rich help imports rich.markdown and markdown-it (~0.5 s).
    cli = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
    cli.command(name=name, help=description, context_settings=settings)(collect)
    command = typer.main.get_command(cli)
    try:
        result = command.main(args=argv, prog_name=f"lararust {name}", standalone_mode=False)
    except Exception as exc:
        # typer vendors click in recent releases: recognise its usage errors by shape.
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            _show_usage_error(exc)
            return int(exc.exit_code)  # type: ignore[attr-defined]
        if type(exc).__name__ == "Abort":
            return 1
        raise
    if isinstance(result, int):  # click returns the exit code of --help
        return result
    return captured


def _show_usage_error(exc: Any) -> None:
    exc.show()  # click's plain "Usage: ... / Error: ..." lines on stderr


def _typer_signature(sig: inspect.Signature, helps: dict[str, str]) -> inspect.Signature:
    import typer

    params = []
    for p in sig.parameters.values():
        annotation = p.annotation if p.annotation is not p.empty else str
        text = helps.get(p.name)
        if p.default is p.empty:
            default: Any = typer.Argument(help=text, show_default=False)
        else:
            # A trailing _ dodges a keyword (``except_``): the option is ``--except``.
            flag = "--" + p.name.rstrip("_").replace("_", "-")
            default = typer.Option(p.default, flag, help=text)
        params.append(
            inspect.Parameter(p.name, p.KEYWORD_ONLY, default=default, annotation=annotation)
        )
    return inspect.Signature(params)


def _param_help(handle: Callable[..., Any]) -> dict[str, str]:
    """Read ``name: text`` lines of a Google-style ``Args:`` section."""
    doc = inspect.getdoc(handle) or ""
    helps: dict[str, str] = {}
    in_args = False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped in ("Args:", "Arguments:", "Options:"):
            in_args = True
            continue
        if in_args and stripped.endswith(":") and not line.startswith(" "):
            break
        match = _ARGS_LINE.match("  " + line) if in_args else None
        if match:
            helps[match.group(1)] = match.group(2).replace("``", "`")  # RST literals read as code
    return helps
