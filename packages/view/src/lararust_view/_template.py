"""Blade source -> code object, the loaded ``Template``, and traceback rewriting.

Rules: the lexer, the static grammar and the code generator run only here. A compiled module
is exec'd with the runtime helpers as globals; its code's file name is ``<blade PATH>``, and
the line map registered under that name turns generated lines back into template lines in
tracebacks (``rewrite_traceback``), as Jinja2 does.
"""

from __future__ import annotations

import builtins
import contextlib
import sys
import weakref
from types import CodeType, TracebackType
from typing import Any

from . import _runtime as rt
from ._errors import TemplateSyntaxError
from ._state import PARENT_PLACEHOLDER

__all__ = ["Template", "compile_source", "rewrite_traceback"]

#: code file name -> the loaded template (weak: an evicted string template takes its map along)
_LOADED: weakref.WeakValueDictionary[str, Template] = weakref.WeakValueDictionary()

_GLOBALS: dict[str, Any] = {
    "__builtins__": builtins,
    "_B_e": rt.escape,
    "_B_s": rt.to_str,
    "_B_M": rt.MISSING,
    "_B_undef": rt.undefined,
    "_B_rt": rt,
    "_B_Loop": rt.Loop,
    "_B_pairs": rt.pairs,
    "_B_scope": rt.scope,
    "_B_bi": builtins,
    "_B_G": {"json": rt.JsonHelper(), "REQUIRED": rt.REQUIRED},
    "_B_PARENT": PARENT_PLACEHOLDER,
}


def code_filename(filename: str, tag: str = "") -> str:
    """The file name generated code is compiled under."""
    return f"<blade {filename}{'#' + tag if tag else ''}>"


def compile_source(
    source: str,
    filename: str,
    directives: frozenset[str] = frozenset(),
    ifs: frozenset[str] = frozenset(),
    tag: str = "",
) -> tuple[CodeType, list[int], str]:
    """Compile Blade ``source``; return the code object, the line map and the Python source.

    ``tag`` tells apart compilations of one file under different directive sets, whose line
    maps differ (two factories in one process).
    """
    # The compiler (lark, the grammar, the code generator) loads on the first compilation only:
    # an app whose templates come from the compiled cache, or a command that renders nothing
    # (``route:list``), never pays its ~70 ms import.
    from ._codegen import generate
    from ._lexer import tokenize_template
    from ._parser import parse_tokens

    toks = tokenize_template(source, filename, directives, ifs)
    tree = parse_tokens(toks, filename, source)
    generated = generate(tree, filename, source)
    try:
        code = compile(generated.source, code_filename(filename, tag), "exec")
    except SyntaxError as exc:  # a construct the generator let through (a bug or a corner)
        lineno = exc.lineno or 1
        line = generated.line_map[lineno] if lineno < len(generated.line_map) else 1
        lines = source.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else None
        raise TemplateSyntaxError(exc.msg, filename, line, 0, text) from None
    return code, generated.line_map, generated.source


class Template:
    """A compiled, loaded template: ``render_fn(ctx, state)`` renders it."""

    __slots__ = ("__weakref__", "filename", "line_map", "name", "render_fn", "source")

    def __init__(
        self,
        name: str,
        filename: str,
        code: CodeType,
        line_map: list[int],
        source: str | None = None,
    ) -> None:
        self.name = name
        self.filename = filename
        self.line_map = line_map
        self.source = source  # the generated Python, when compiled in this process
        namespace = dict(_GLOBALS)
        namespace["_B_T"] = self
        exec(code, namespace)
        self.render_fn = namespace["_B_render"]
        _LOADED[code.co_filename] = self

    def __repr__(self) -> str:
        return f"<Template {self.name!r} from {self.filename}>"


def template_line(code_file: str, lineno: int) -> tuple[str, int] | None:
    """Map a generated (file, line) to the template (file, line), if it is template code."""
    template = _LOADED.get(code_file)
    if template is None:
        return None
    line_map = template.line_map
    line = line_map[lineno] if 0 <= lineno < len(line_map) else line_map[-1]
    return template.filename, line


def _fake_frame(filename: str, line: int, exc: BaseException) -> TracebackType | None:
    # A frame that "raises" at the template line: tracebacks show the template file:line
    # (and linecache shows its source), the way Jinja2 rewrites its tracebacks.
    code = compile("\n" * (line - 1) + "raise __blade_exception__", filename, "exec")
    code = code.replace(co_name="template")
    try:
        exec(code, {"__blade_exception__": exc})
    except BaseException:
        return sys.exc_info()[2].tb_next  # type: ignore[union-attr]
    return None  # pragma: no cover


def rewrite_traceback(exc: BaseException) -> BaseException:
    """Replace generated-code frames in ``exc``'s traceback by template file:line frames."""
    if getattr(exc, "__blade_rewritten__", False):
        return exc
    original = exc.__traceback__
    chain: list[tuple[TracebackType, tuple[str, int] | None]] = []
    tb = original
    while tb is not None:
        chain.append((tb, template_line(tb.tb_frame.f_code.co_filename, tb.tb_lineno)))
        tb = tb.tb_next
    template_frames = [where for _, where in chain if where is not None]
    if not template_frames:
        return exc
    frames: list[TracebackType] = []
    for tb, where in chain:
        if where is None:
            frames.append(tb)
            continue
        exc.__traceback__ = None  # so the fake frame does not drag the old chain along
        fake = _fake_frame(where[0], where[1], exc)
        if fake is not None:
            frames.append(fake)
    # Link from the end: each frame points at an already-final successor, never backwards.
    following: TracebackType | None = None
    for frame in reversed(frames):
        frame.tb_next = following
        following = frame
    exc.__traceback__ = following
    first_template = template_frames[-1]
    if not isinstance(exc, TemplateSyntaxError):
        exc.add_note(f"  (raised in template {first_template[0]}, line {first_template[1]})")
    with contextlib.suppress(AttributeError):  # exceptions with __slots__
        exc.__blade_rewritten__ = True  # type: ignore[attr-defined]
    return exc
