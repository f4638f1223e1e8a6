"""The code generator: a parsed template -> Python source of one render function + a line map.

Rules of the generated code (see ``_runtime`` for the helpers it calls):

- ``_B_render(_B_ctx, _B_r)`` returns the rendered string; ``_B_ctx`` is the context dict,
  ``_B_r`` the per-render state (sections, stacks, includes, components).
- Output goes through ``_B_a`` (a list's ``append``); consecutive text and echoes are merged
  into one ``%`` format per run, so a table row costs one append.
- Every name the template reads is bound once at the top (``_names``); reads are guarded where
  the name might be missing. Every generated line maps to its template line (``line_map``).
- Names the generated code uses start with ``_B_``; templates may not use such names.
"""

from __future__ import annotations

import ast
import keyword
import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass

from lark import Token, Tree

from ._errors import TemplateSyntaxError
from ._lexer import Attr, Tok
from ._names import ALWAYS, BUILTINS, GLOBALS, PREFIX, Rewriter

__all__ = ["Generated", "generate"]

#: A name followed by attributes and constant subscripts, on one line.
_SIMPLE = re.compile(
    r"[ \t]*([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*|\[(?:'[^'\\\n]*'|\"[^\"\\\n]*\"|-?\d+)\])*)[ \t]*\Z"
)
_LOOP_WORD = re.compile(r"\bloop\b")
_ECHO_IN_ATTR = re.compile(r"\{\{(.+?)\}\}", re.S)
_INCLUDES = frozenset({"include", "includeif", "includewhen", "includeunless", "includefirst"})
_FLAGS = frozenset({"checked", "selected", "disabled", "readonly", "required"})


@dataclass
class Generated:
    """Python source of a template module, and the template line of each generated line."""

    source: str
    line_map: list[int]


@dataclass
class _Frame:
    kind: str  # "loop" | "switch" | "component"
    loop_var: str | None = None  # the Loop object of a loop, when it has one
    flag: str | None = None  # switch: set when @continue must leave the switch
    slots: str | None = None  # component: the dict its named slots go into


class CodeGenerator:
    """Walks the Lark tree of one template and emits its render function."""

    def __init__(self, filename: str, source: str) -> None:
        self.filename = filename
        self.source_lines = source.splitlines()
        self.lines: list[str] = []
        self.map: list[int] = []
        self.indent = 1
        self.line = 1
        self.used: set[str] = set()
        self.assigned: set[str] = set()
        self.scopes: list[set[str]] = []
        self.frames: list[_Frame] = []
        self.parts: list[tuple[bool, str, int]] = []
        self.counter = 0
        self.extends = False

    # -- output helpers ------------------------------------------------------------------
    def new(self, stem: str) -> str:
        self.counter += 1
        return f"{PREFIX}{stem}{self.counter}"

    def w(self, code: str) -> None:
        self.flush()
        self.emit(code)

    def emit(self, code: str) -> None:
        for part in code.split("\n"):
            self.lines.append("    " * self.indent + part)
            self.map.append(self.line)

    def out_text(self, text: str) -> None:
        if text:
            self.parts.append((True, text, self.line))

    def out_expr(self, code: str) -> None:
        self.parts.append((False, code, self.line))

    def flush(self) -> None:
        parts, self.parts = self.parts, []
        if not parts:
            return
        exprs = [(code, line) for literal, code, line in parts if not literal]
        saved = self.line
        if not exprs:
            self.emit(f"{PREFIX}a({''.join(code for _, code, _ in parts)!r})")
        elif len(parts) == 1:
            self.line = exprs[0][1]
            self.emit(f"{PREFIX}a({exprs[0][0]})")
        else:
            # One %-format per run of text and echoes: measured faster than join or concat.
            fmt = "".join(code.replace("%", "%%") if lit else "%s" for lit, code, _ in parts)
            self.line = exprs[0][1]
            if len({line for _, line in exprs}) == 1:
                self.emit(f"{PREFIX}a({fmt!r} % ({', '.join(c for c, _ in exprs)},))")
            else:
                # One generated line per expression, so a traceback names its template line.
                self.emit(f"{PREFIX}a({fmt!r} % (")
                for code, line in exprs:
                    self.line = line
                    self.emit(f"    {code},")
                self.emit("))")
        self.line = saved

    # -- errors --------------------------------------------------------------------------
    def error(self, message: str, line: int, col: int = 0) -> TemplateSyntaxError:
        text = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else None
        return TemplateSyntaxError(message, self.filename, line, col, text)

    # -- names ---------------------------------------------------------------------------
    def in_scope(self, name: str) -> bool:
        return any(name in s for s in self.scopes)

    def _rewriter(self, tok: Tok, check: bool = True, wrapped: bool = True) -> Rewriter:
        def on_error(message: str, node: ast.AST) -> Exception:
            line, col = self._node_pos(tok, node, wrapped)
            return self.error(message, line, col)

        return Rewriter(self.in_scope, self.used, self.assigned, tok.args_line, check, on_error)

    @staticmethod
    def _node_pos(tok: Tok, node: ast.AST, wrapped: bool) -> tuple[int, int]:
        lineno = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        if lineno == 1:
            return tok.args_line, tok.args_col + offset - (1 if wrapped else 0)
        return tok.args_line + lineno - 1, offset + 1

    def _parse(self, text: str, tok: Tok, mode: str, what: str) -> ast.AST:
        # Wrapping in parentheses lets an expression span lines and start with spaces.
        wrapped = mode == "eval"
        code = f"({text}\n)" if wrapped else text
        try:
            return ast.parse(code, mode=mode)
        except SyntaxError as exc:
            lineno = exc.lineno or 1
            offset = exc.offset or 1
            text_lines = text.split("\n")
            if lineno > len(text_lines):  # at the closing parenthesis we added: the text's end
                lineno = len(text_lines)
                offset = len(text_lines[-1].rstrip()) + 1 + (1 if wrapped and lineno == 1 else 0)
            if lineno == 1:
                line, col = tok.args_line, tok.args_col + offset - 1 - (1 if wrapped else 0)
            else:
                line, col = tok.args_line + lineno - 1, offset
            snippet = text.strip()
            raise self.error(
                f"invalid Python in {what}: {exc.msg}: {snippet}", line, max(col, 1)
            ) from None

    def expr(self, text: str, tok: Tok, what: str, check: bool = True) -> str:
        """Validate and rewrite one Python expression; return its source."""
        simple = _SIMPLE.match(text)
        root = simple.group(1) if simple is not None else ""
        if simple is not None and not keyword.iskeyword(root) and not root.startswith(PREFIX):
            # Fast path (most echoes: ``user.name``, ``row['id']``): no parse/unparse needed.
            rest = simple.group(2)
            if self.in_scope(root):
                return f"({root}{rest})"
            self.used.add(root)
            if not check or root in ALWAYS:
                return f"({root}{rest})"
            guard = f"{PREFIX}undef({root!r}, {tok.args_line}, {PREFIX}T)"
            return f"(({root} if {root} is not {PREFIX}M else {guard}){rest})"
        tree = self._parse(text, tok, "eval", what)
        tree = self._rewriter(tok, check).rewrite(tree)
        return f"({ast.unparse(tree)})"

    def call_args(self, tok: Tok, what: str) -> tuple[list[str], list[tuple[str, str]]]:
        """Parse ``tok.args`` as call arguments; return positional and keyword sources."""
        text = tok.args or ""
        tree = self._parse(f"{PREFIX}f({text})", _shifted(tok, len(PREFIX) + 2), "eval", what)
        call = tree.body  # type: ignore[attr-defined]
        assert isinstance(call, ast.Call)
        rw = self._rewriter(tok)
        args = []
        for a in call.args:
            if isinstance(a, ast.Starred):
                args.append(f"*({ast.unparse(rw.rewrite(a.value))})")
            else:
                args.append(f"({ast.unparse(rw.rewrite(a))})")
        kwargs = []
        for k in call.keywords:
            value = f"({ast.unparse(rw.rewrite(k.value))})"
            kwargs.append((k.arg or "**", value))
        return args, kwargs

    def custom_call(self, tok: Tok) -> str:
        """``(args...), {kwargs...}`` of a custom directive, as source."""
        if not tok.args or not tok.args.strip():
            return "(), {}"
        args, kwargs = self.call_args(tok, f"@{tok.name}")
        positional = "".join(f"{a}, " for a in args)
        named = ", ".join(f"**{v}" if k == "**" else f"{k!r}: {v}" for k, v in kwargs)
        return f"({positional}), {{{named}}}"

    def args_list(self, tok: Tok, what: str, low: int, high: int) -> list[str]:
        args, kwargs = self.call_args(tok, what)
        if kwargs or not low <= len(args) <= high:
            want = f"{low}" if low == high else f"{low} to {high}"
            raise self.error(
                f"{what} takes {want} argument(s), got: ({tok.args})", tok.line, tok.col
            )
        return args

    # -- entry ---------------------------------------------------------------------------
    def generate(self, tree: Tree[Token]) -> Generated:
        self.visit_body(tree.children)
        self.flush()
        body_lines, body_map = self.lines, self.map
        self.lines, self.map = [], []
        self.line = 1
        self.indent = 0
        self.emit(
            f"def {PREFIX}render({PREFIX}ctx, {PREFIX}r, {PREFIX}e={PREFIX}e, "
            f"{PREFIX}s={PREFIX}s, {PREFIX}M={PREFIX}M):"
        )
        self.indent = 1
        self.emit(f"{PREFIX}g = {PREFIX}ctx.get")
        for name in sorted(self.used | self.assigned):
            if name in BUILTINS:
                default = f"{PREFIX}bi.{name}"
            elif name in GLOBALS:
                default = f"{PREFIX}G[{name!r}]"
            else:
                default = f"{PREFIX}M"
            self.emit(f"{name} = {PREFIX}g({name!r}, {default})")
        self.emit(f"{PREFIX}o = []")
        self.emit(f"{PREFIX}a = {PREFIX}o.append")
        if self.extends:
            self.emit(f"{PREFIX}x = None")
        self.lines += body_lines
        self.map += body_map
        self.line = self.map[-1] if self.map else 1
        if self.extends:
            self.emit(f"if {PREFIX}x is not None:")
            self.emit(
                f"    return {PREFIX}r.extend({PREFIX}x[0], {self.scope_vars()}, "
                f"{PREFIX}x[1], {PREFIX}T, {PREFIX}x[2])"
            )
        self.emit(f"return ''.join({PREFIX}o)")
        source = "\n".join(self.lines) + "\n"
        return Generated(source, [1, *self.map])

    def scope_vars(self) -> str:
        """Source of the dict of every variable defined here (for includes and layouts)."""
        names = (
            sorted(set().union(*self.scopes) | self.assigned)
            if self.scopes
            else sorted(self.assigned)
        )
        if not names:
            return f"{PREFIX}ctx"
        pairs = ", ".join(f"{n!r}: {n}" for n in names)
        return f"{PREFIX}scope({PREFIX}ctx, {{{pairs}}})"

    # -- visiting ------------------------------------------------------------------------
    def visit_body(self, children: Iterable[Tree[Token] | Token]) -> None:
        for child in children:
            if isinstance(child, Token):
                self.visit_token(child.value)
            else:
                getattr(self, "visit_" + str(child.data))(child)

    def visit_token(self, tok: Tok) -> None:
        self.line = tok.line
        if tok.kind == "TEXT":
            self.out_text(tok.args or "")
        elif tok.kind == "ECHO":
            self.out_expr(f"{PREFIX}e{self.expr(tok.args or '', tok, '{{ }}')}")
        elif tok.kind == "RAW":
            self.out_expr(f"{PREFIX}s{self.expr(tok.args or '', tok, '{!! !!}')}")
        elif tok.kind == "PYTHON":
            self.python_block(tok.args or "", tok)
        elif tok.kind == "STMT":
            self.statement(tok)
        elif tok.kind == "COMPONENT_SELF":
            self.component(tok, [])
        else:  # pragma: no cover - the grammar admits no other bare token
            raise self.error(f"unexpected {tok.kind}", tok.line, tok.col)

    def body_of(self, node: Tree[Token] | Token) -> list[Tree[Token] | Token]:
        assert isinstance(node, Tree)
        return list(node.children)

    def block(self, children: Iterable[Tree[Token] | Token]) -> None:
        """Emit an indented body; an empty one still needs ``pass``."""
        self.flush()
        mark = len(self.lines)
        self.indent += 1
        self.visit_body(children)
        self.flush()
        if len(self.lines) == mark:
            self.emit("pass")
        self.indent -= 1

    # -- @python -------------------------------------------------------------------------
    def python_block(self, code: str, tok: Tok) -> None:
        code = textwrap.dedent(code)
        if code.strip() == "":
            return
        first = code.lstrip("\n")
        skipped = code[: len(code) - len(first)].count("\n")
        shifted = Tok(tok.kind, args_line=tok.args_line + skipped, args_col=1)
        tree = self._parse(first, shifted, "exec", "@python")
        assert isinstance(tree, ast.Module)
        rw = self._rewriter(shifted, wrapped=False)
        self.flush()
        for stmt in tree.body:
            self.line = shifted.args_line + stmt.lineno - 1
            rw.line = shifted.args_line
            self.emit(ast.unparse(rw.rewrite(stmt)))

    # -- conditionals --------------------------------------------------------------------
    def condition(self, tok: Tok) -> str:
        """Return the Python condition of an if-family opener or ``@elseif``."""
        name = tok.name
        a = tok.args
        if tok.custom:
            test = f"{PREFIX}r.custom_if({name!r}, {self.custom_call(tok)})"
            return f"not {test}" if tok.negate else test
        if name in ("if", "elseif"):
            return self.expr(a or "", tok, f"@{name}")
        if name == "unless":
            return f"not {self.expr(a or '', tok, '@unless')}"
        if name in ("isset", "empty"):
            lambdas = ", ".join(f"lambda: {x}" for x in self.raw_args(tok))
            return f"{PREFIX}rt.{name}({lambdas})"
        if name in ("auth", "guest"):
            guard = self.args_list(tok, f"@{name}", 0, 1) if a else []
            test = f"{PREFIX}rt.auth({PREFIX}ctx, {guard[0] if guard else 'None'})"
            return test if name == "auth" else f"not {test}"
        if name == "env":
            envs = self.args_list(tok, "@env", 1, 99)
            return f"{PREFIX}rt.env_is({PREFIX}ctx, {', '.join(envs)})"
        if name == "production":
            return f"{PREFIX}rt.env_is({PREFIX}ctx, 'production')"
        if name in ("hassection", "sectionmissing"):
            (section,) = self.args_list(tok, f"@{name}", 1, 1)
            test = f"{PREFIX}r.has_section({section})"
            return test if name == "hassection" else f"not {test}"
        raise self.error(f"@{name} is not a condition", tok.line, tok.col)  # pragma: no cover

    def raw_args(self, tok: Tok) -> list[str]:
        """The arguments of ``@isset``/``@empty``, with unguarded names (they must not raise)."""
        tree = self._parse(
            f"{PREFIX}f({tok.args})", _shifted(tok, len(PREFIX) + 2), "eval", f"@{tok.name}"
        )
        call = tree.body  # type: ignore[attr-defined]
        rw = self._rewriter(tok, check=False)
        if not call.args or call.keywords:
            raise self.error(f"@{tok.name} takes one or more expressions", tok.line, tok.col)
        return [ast.unparse(rw.rewrite(x)) for x in call.args]

    def visit_if_block(self, node: Tree[Token]) -> None:
        opener: Tok = node.children[0].value  # type: ignore[union-attr]
        self.line = opener.line
        message = None
        if opener.name == "error" and not opener.custom:
            args = self.args_list(opener, "@error", 1, 2)
            message = self.new("m")
            self.w(f"{message} = {PREFIX}rt.error_message({PREFIX}ctx, {', '.join(args)})")
            self.w(f"if {message} is not None:")
        else:
            self.w(f"if {self.condition(opener)}:")
        if message is not None:
            self.scopes.append({"message"})
            self.indent += 1
            self.emit(f"message = {message}")
            self.indent -= 1
        self.block(self.body_of(node.children[1]))
        if message is not None:
            self.scopes.pop()
        for child in node.children[2:]:
            if isinstance(child, Token):
                continue  # the closer
            tok: Tok = child.children[0].value  # type: ignore[union-attr]
            self.line = tok.line
            if child.data == "elseif":
                self.w(f"elif {self.condition(tok)}:")
            else:
                self.w("else:")
            self.block(self.body_of(child.children[1]))

    # -- loops ---------------------------------------------------------------------------
    def foreach_parts(self, tok: Tok) -> tuple[str, str, list[str]]:
        """Split ``items as item`` / ``items as key => value``: iterable, target, names."""
        text = tok.args or ""
        split = _split_as(text)
        if split is None:
            raise self.error(
                f"@{tok.name} needs 'iterable as name' (or 'as key => value'), got: ({text})",
                tok.line,
                tok.col,
            )
        iterable_text, target_text = split
        iterable = self.expr(iterable_text, tok, f"@{tok.name}")
        pair = target_text.split("=>")
        if len(pair) > 2:
            raise self.error(f"@{tok.name}: one '=>' at most, got: ({text})", tok.line, tok.col)
        targets = [t.strip() for t in pair]
        names: list[str] = []
        for t in targets:
            try:
                target_tree = ast.parse(f"for {t} in x: pass").body[0]
            except SyntaxError:
                raise self.error(
                    f"@{tok.name}: {t!r} is not a loop variable", tok.line, tok.col
                ) from None
            assert isinstance(target_tree, ast.For)
            for n in ast.walk(target_tree.target):
                if isinstance(n, ast.Name):
                    if n.id.startswith(PREFIX):
                        raise self.error(
                            f"names starting with {PREFIX} are reserved", tok.line, tok.col
                        )
                    names.append(n.id)
                elif not isinstance(n, ast.Tuple | ast.List | ast.Store | ast.Load):
                    raise self.error(
                        f"@{tok.name}: {t!r} is not a loop variable", tok.line, tok.col
                    )
        if len(targets) == 2:
            return f"{PREFIX}pairs({iterable})", f"{targets[0]}, {targets[1]}", names
        return iterable, targets[0], names

    def _wants_loop(self, nodes: Iterable[Tree[Token] | Token]) -> bool:
        for tok in _tokens_in(nodes):
            if tok.kind == "STMT" and (tok.name in _INCLUDES or tok.name == "each"):
                return True
            if tok.args and _LOOP_WORD.search(tok.args):
                return True
            if any(a.value and _LOOP_WORD.search(a.value) for a in tok.attrs):
                return True
        return False

    def loop_head(self, tok: Tok, body: list[Tree[Token] | Token]) -> tuple[str | None, list[str]]:
        """Emit the ``for`` line of a foreach/forelse; return its Loop variable and names."""
        iterable, target, names = self.foreach_parts(tok)
        loop_var = None
        if self._wants_loop(body):
            loop_var = self.new("l")
            parent = self.enclosing_loop_var()
            self.w(f"{loop_var} = {PREFIX}Loop({iterable}, {parent or 'None'})")
            self.w(f"loop = {loop_var}")
            iterable = loop_var
            names.append("loop")
        self.w(f"for {target} in {iterable}:")
        return loop_var, names

    def enclosing_loop_var(self) -> str | None:
        for frame in reversed(self.frames):
            if frame.kind == "loop" and frame.loop_var is not None:
                return frame.loop_var
        return None

    def after_loop(self) -> None:
        outer = self.enclosing_loop_var()
        if outer is not None:
            self.w(f"loop = {outer}")

    def visit_loop(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        body = self.body_of(node.children[1])
        self.line = tok.line
        names: list[str] = []
        loop_var = None
        if tok.name == "foreach":
            loop_var, names = self.loop_head(tok, body)
        elif tok.name == "for":
            text = tok.args or ""
            try:
                head = ast.parse(f"for {text}: pass").body[0]
            except SyntaxError:
                raise self.error(
                    f"@for needs 'name in iterable', got: ({text})", tok.line, tok.col
                ) from None
            assert isinstance(head, ast.For)
            names = [n.id for n in ast.walk(head.target) if isinstance(n, ast.Name)]
            split = _split_in(text)
            if split is None:
                raise self.error(f"@for needs 'name in iterable', got: ({text})", tok.line, tok.col)
            iterable = self.expr(split[1], tok, "@for")
            self.w(f"for {ast.unparse(head.target)} in {iterable}:")
        else:
            self.w(f"while {self.expr(tok.args or '', tok, '@while')}:")
        self.frames.append(_Frame("loop", loop_var))
        self.scopes.append(set(names))
        self.block(body)
        self.scopes.pop()
        self.frames.pop()
        self.after_loop()

    def visit_forelse(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        body = self.body_of(node.children[1])
        self.line = tok.line
        flag = self.new("f")
        self.w(f"{flag} = True")
        loop_var, names = self.loop_head(tok, body)
        self.frames.append(_Frame("loop", loop_var))
        self.scopes.append(set(names))
        self.indent += 1
        self.emit(f"{flag} = False")
        self.indent -= 1
        self.block(body)
        self.scopes.pop()
        self.frames.pop()
        self.after_loop()
        empty_tok: Tok = node.children[2].value  # type: ignore[union-attr]
        self.line = empty_tok.line
        self.w(f"if {flag}:")
        self.block(self.body_of(node.children[3]))

    def loop_control(self, tok: Tok) -> None:
        word = tok.name
        cond = self.expr(tok.args, tok, f"@{word}") if tok.args and tok.args.strip() else None
        if not any(f.kind in ("loop", "switch") for f in self.frames):
            raise self.error(f"@{word} outside a loop", tok.line, tok.col)
        if cond is not None:
            self.w(f"if {cond}:")
            self.indent += 1
        if word == "break":
            self.w("break")
        else:
            self.continue_from(len(self.frames) - 1, tok)
        if cond is not None:
            self.indent -= 1

    def continue_from(self, level: int, tok: Tok) -> None:
        """Emit a ``continue`` of the loop enclosing frame ``level`` (leaving switches)."""
        while level >= 0 and self.frames[level].kind == "component":
            level -= 1
        if level < 0:
            raise self.error("@continue outside a loop", tok.line, tok.col)
        frame = self.frames[level]
        if frame.kind == "loop":
            self.w("continue")
            return
        # A switch is a one-shot ``while True``: leave it, then continue the outer loop.
        if not any(f.kind == "loop" for f in self.frames[:level]):
            raise self.error("@continue outside a loop", tok.line, tok.col)
        self.w(f"{frame.flag} = True")
        self.w("break")

    # -- switch --------------------------------------------------------------------------
    def visit_switch(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        self.line = tok.line
        subject = self.new("w")
        index = self.new("i")
        flag = self.new("c")
        cases = [c for c in node.children[1:] if isinstance(c, Tree)]
        for child in node.children[1:]:
            if isinstance(child, Token) and child.type == "TEXT" and child.value.args.strip():
                raise self.error(
                    "only whitespace may come between @switch and its first @case",
                    child.value.line,
                    child.value.col,
                )
        self.w(f"{subject} = {self.expr(tok.args or '', tok, '@switch')}")
        default = len(cases)
        first = True
        for i, case in enumerate(cases):
            ctok: Tok = case.children[0].value  # type: ignore[union-attr]
            self.line = ctok.line
            if ctok.kind == "DEFAULT":
                default = i
                continue
            value = self.expr(ctok.args or "", ctok, "@case")
            self.w(f"{'if' if first else 'elif'} {subject} == {value}:")
            self.indent += 1
            self.emit(f"{index} = {i}")
            self.indent -= 1
            first = False
        if first:
            self.w(f"{index} = {default}")
        else:
            self.w("else:")
            self.indent += 1
            self.emit(f"{index} = {default}")
            self.indent -= 1
        self.w(f"{flag} = False")
        self.w("while True:")
        self.indent += 1
        self.frames.append(_Frame("switch", flag=flag))
        for i, case in enumerate(cases):
            ctok = case.children[0].value  # type: ignore[union-attr]
            self.line = ctok.line
            self.w(f"if {index} <= {i}:")
            self.block(self.body_of(case.children[1]))
        self.frames.pop()
        self.w("break")
        self.indent -= 1
        if any(f.kind == "loop" for f in self.frames):
            self.w(f"if {flag}:")
            self.indent += 1
            self.continue_from(len(self.frames) - 1, tok)
            self.indent -= 1

    # -- captured blocks -----------------------------------------------------------------
    def capture(self, children: Iterable[Tree[Token] | Token]) -> str:
        """Render ``children`` into a buffer; return the variable holding the joined text."""
        saved = self.new("sv")
        buf = self.new("b")
        self.w(f"{saved} = {PREFIX}a")
        self.w(f"{buf} = []")
        self.w(f"{PREFIX}a = {buf}.append")
        self.visit_body(children)
        self.w(f"{PREFIX}a = {saved}")
        text = self.new("t")
        self.w(f"{text} = ''.join({buf})")
        return text

    def visit_block(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        closer: Tok = node.children[2].value  # type: ignore[union-attr]
        body = self.body_of(node.children[1])
        self.line = tok.line
        name = tok.name
        r = f"{PREFIX}r"
        if name == "once":
            self.w(f"if {r}.once({self.site(tok)!r}):")
            self.block(body)
            return
        if name in ("pushonce", "prependonce"):
            args = self.args_list(tok, f"@{name}", 1, 2)
            key = args[1] if len(args) > 1 else repr(self.site(tok))
            self.w(f"if {r}.once({key}):")
            self.indent += 1
            text = self.capture(body)
            verb = "push" if name == "pushonce" else "prepend"
            self.w(f"{r}.{verb}({args[0]}, {text})")
            self.indent -= 1
            return
        (target,) = self.args_list(tok, f"@{name}", 1, 1)
        text = self.capture(body)
        self.line = closer.line
        if name == "section":
            if closer.name == "show":
                self.out_expr(f"{r}.section_show({target}, {text})")
            else:
                verb = {"append": "section_append", "overwrite": "section_overwrite"}.get(
                    closer.name, "section_end"
                )
                self.w(f"{r}.{verb}({target}, {text})")
        elif name in ("push", "prepend"):
            self.w(f"{r}.{name}({target}, {text})")
        elif name == "fragment":
            self.out_expr(f"{r}.fragment({target}, {text})")

    def site(self, tok: Tok) -> str:
        return f"{self.filename}:{tok.line}:{tok.col}"

    # -- statements ----------------------------------------------------------------------
    def statement(self, tok: Tok) -> None:
        name = tok.name
        r = f"{PREFIX}r"
        if tok.custom:
            self.out_expr(f"{r}.directive({name!r}, {self.custom_call(tok)})")
            return
        handler = getattr(self, "stmt_" + name, None)
        if handler is None:  # pragma: no cover - the table and this class agree
            raise self.error(f"@{name} is not supported here", tok.line, tok.col)
        handler(tok)

    def stmt_break(self, tok: Tok) -> None:
        self.loop_control(tok)

    stmt_continue = stmt_break

    def _include_call(self, method: str, args: list[str], tok: Tok) -> str:
        return (
            f"{PREFIX}r.{method}({', '.join(args)}, vars={self.scope_vars()}, tmpl={PREFIX}T, "
            f"line={tok.line})"
        )

    def stmt_include(self, tok: Tok) -> None:
        args = self.args_list(tok, "@include", 1, 2)
        self.out_expr(self._include_call("include", args, tok))

    def stmt_includeif(self, tok: Tok) -> None:
        args = self.args_list(tok, "@includeIf", 1, 2)
        self.out_expr(self._include_call("include_if", args, tok))

    def stmt_includefirst(self, tok: Tok) -> None:
        args = self.args_list(tok, "@includeFirst", 1, 2)
        self.out_expr(self._include_call("include_first", args, tok))

    def stmt_includewhen(self, tok: Tok) -> None:
        cond, *rest = self.args_list(tok, f"@{tok.name}", 2, 3)
        if tok.name == "includeunless":
            cond = f"not {cond}"
        self.out_expr(f"({self._include_call('include', rest, tok)} if {cond} else '')")

    stmt_includeunless = stmt_includewhen

    def stmt_each(self, tok: Tok) -> None:
        args = self.args_list(tok, "@each", 3, 4)
        self.out_expr(f"{PREFIX}r.each({', '.join(args)}, tmpl={PREFIX}T, line={tok.line})")

    def stmt_extends(self, tok: Tok) -> None:
        args = self.args_list(tok, "@extends", 1, 2)
        self.extends = True
        data = args[1] if len(args) > 1 else "None"
        self.w(f"{PREFIX}x = ({args[0]}, {data}, {tok.line})")

    def stmt_yield(self, tok: Tok) -> None:
        args = self.args_list(tok, "@yield", 1, 2)
        self.out_expr(f"{PREFIX}r.yield_({', '.join(args)})")

    def stmt_section(self, tok: Tok) -> None:
        target, value = self.args_list(tok, "@section", 2, 2)
        self.w(f"{PREFIX}r.section_inline({target}, {value})")

    def stmt_parent(self, tok: Tok) -> None:
        self.out_expr(f"{PREFIX}PARENT")

    def stmt_stack(self, tok: Tok) -> None:
        args = self.args_list(tok, "@stack", 1, 2)
        self.out_expr(f"{PREFIX}r.stack({', '.join(args)})")

    def stmt_json(self, tok: Tok) -> None:
        args = self.args_list(tok, "@json", 1, 2)
        self.out_expr(f"{PREFIX}rt.json_html({', '.join(args)})")

    def stmt_class(self, tok: Tok) -> None:
        (arg,) = self.args_list(tok, "@class", 1, 1)
        self.out_expr(f"{PREFIX}rt.class_attr({arg})")

    def stmt_style(self, tok: Tok) -> None:
        (arg,) = self.args_list(tok, "@style", 1, 1)
        self.out_expr(f"{PREFIX}rt.style_attr({arg})")

    def _flag(self, tok: Tok) -> None:
        (arg,) = self.args_list(tok, f"@{tok.name}", 1, 1)
        self.out_expr(f"({tok.name!r} if {arg} else '')")

    stmt_checked = stmt_selected = stmt_disabled = stmt_readonly = stmt_required = _flag

    def stmt_csrf(self, tok: Tok) -> None:
        self.out_expr(f"{PREFIX}rt.csrf_field({PREFIX}ctx, {tok.line}, {PREFIX}T)")

    def stmt_method(self, tok: Tok) -> None:
        (arg,) = self.args_list(tok, "@method", 1, 1)
        self.out_expr(f"{PREFIX}rt.method_field({arg})")

    def stmt_python(self, tok: Tok) -> None:
        self.python_block(tok.args or "", tok)

    def stmt_props(self, tok: Tok) -> None:
        (spec,) = self.args_list(tok, "@props", 1, 1)
        tree = ast.parse(spec, mode="eval").body
        names: list[str] = []
        if isinstance(tree, ast.Dict):
            keys = tree.keys
        elif isinstance(tree, ast.List | ast.Tuple):
            keys = list(tree.elts)
        else:
            raise self.error(
                "@props takes a dict of defaults or a list of names", tok.line, tok.col
            )
        for key in keys:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                raise self.error("@props names must be string literals", tok.line, tok.col)
            prop = key.value.replace("-", "_")
            if not prop.isidentifier() or prop.startswith(PREFIX):
                raise self.error(
                    f"@props: {key.value!r} is not a valid prop name", tok.line, tok.col
                )
            names.append(prop)
        values = self.new("p")
        self.w(f"{values} = {PREFIX}rt.props({PREFIX}ctx, {spec}, {PREFIX}T, {tok.line})")
        for prop in names:
            self.assigned.add(prop)
            self.w(f"{prop} = {values}[{prop!r}]")
        self.assigned.add("attributes")
        self.w(f"attributes = {PREFIX}ctx['attributes']")

    # -- components ----------------------------------------------------------------------
    def attrs_source(self, attrs: list[Attr], tok: Tok) -> str:
        items: list[str] = []
        for a in attrs:
            at = Tok("ECHO", args=a.value, line=a.line, col=a.col, args_line=a.line, args_col=a.col)
            if a.spread:
                items.append(f"**{PREFIX}rt.spread({self.expr(a.value or '', at, 'the tag')})")
            elif a.bound:
                items.append(f"{a.name!r}: {self.expr(a.value or '', at, f':{a.name}')}")
            elif a.value is None:
                items.append(f"{a.name!r}: True")
            else:
                items.append(f"{a.name!r}: {self.attr_text(a.value, at)}")
        return "{" + ", ".join(items) + "}"

    def attr_text(self, value: str, tok: Tok) -> str:
        """A literal attribute value; ``{{ expr }}`` inside it is interpolated."""
        pieces: list[str] = []
        pos = 0
        for m in _ECHO_IN_ATTR.finditer(value):
            if m.start() > pos:
                pieces.append(repr(value[pos : m.start()]))
            pieces.append(f"{PREFIX}rt.text({self.expr(m.group(1), tok, '{{ }}')})")
            pos = m.end()
        if not pieces:
            return repr(value)
        if pos < len(value):
            pieces.append(repr(value[pos:]))
        return f"''.join(({', '.join(pieces)},))"

    def visit_component(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        if tok.kind == "COMPONENT_SELF":
            self.component(tok, [])
        else:
            self.component(tok, self.body_of(node.children[1]))

    def component(self, tok: Tok, body: list[Tree[Token] | Token]) -> None:
        self.line = tok.line
        attrs = self.attrs_source(tok.attrs, tok)
        slots = self.new("k")
        self.w(f"{slots} = {{}}")
        self.frames.append(_Frame("component", slots=slots))
        text = self.capture(body) if body else "''"
        self.frames.pop()
        self.line = tok.line
        self.out_expr(
            f"{PREFIX}r.component({tok.name!r}, {attrs}, {text}, {slots}, {PREFIX}ctx, "
            f"{PREFIX}T, {tok.line})"
        )

    def visit_slot(self, node: Tree[Token]) -> None:
        tok: Tok = node.children[0].value  # type: ignore[union-attr]
        self.line = tok.line
        frame = next((f for f in reversed(self.frames) if f.kind == "component"), None)
        if frame is None:
            raise self.error(f"<x-slot:{tok.name}> outside a component", tok.line, tok.col)
        attrs = self.attrs_source(tok.attrs, tok)
        text = self.capture(self.body_of(node.children[1]))
        key = tok.name.replace("-", "_")
        self.w(f"{frame.slots}[{key!r}] = {PREFIX}rt.Slot({text}.strip(), {attrs})")


def _shifted(tok: Tok, by: int) -> Tok:
    """A copy of ``tok`` whose argument column accounts for a prefix the parser adds."""
    return Tok(tok.kind, tok.name, tok.args, tok.line, tok.col, tok.args_line, tok.args_col - by)


def _tokens_in(nodes: Iterable[Tree[Token] | Token]) -> Iterable[Tok]:
    for node in nodes:
        if isinstance(node, Token):
            yield node.value
        else:
            yield from _tokens_in(node.children)


def _top_level_word(text: str, word: str) -> int | None:
    """Offset of ``word`` as a Python keyword outside brackets/strings, or None."""
    import io
    import tokenize

    depth = 0
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
            elif depth == 0 and tok.type == tokenize.NAME and tok.string == word:
                return offsets[tok.start[0] - 1] + tok.start[1]
    except (tokenize.TokenError, SyntaxError):
        return None
    return None


def _split_as(text: str) -> tuple[str, str] | None:
    # The LAST top-level ``as``: ``x as y`` inside a comprehension is not possible, but a
    # name like ``classes`` is, so this works on tokens, not on text.
    at = _top_level_word(text, "as")
    if at is None:
        return None
    return text[:at], text[at + 2 :]


def _split_in(text: str) -> tuple[str, str] | None:
    at = _top_level_word(text, "in")
    if at is None:
        return None
    return text[:at], text[at + 2 :]


def generate(tree: Tree[Token], filename: str, source: str) -> Generated:
    """Generate the Python module source of one parsed template."""
    return CodeGenerator(filename, source).generate(tree)
