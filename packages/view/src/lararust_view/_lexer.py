"""The modal lexer: Blade source -> a flat list of ``Tok`` for the grammar.

Blade is not context-free around raw text (``}}`` inside a dict literal, ``)`` inside a string
argument, ``@verbatim`` bodies, ``@section('t', 'v')`` inline vs ``@section('t')`` block, bare
``@empty`` vs ``@empty(x)``, e-mail addresses), so a hand-written lexer switches between modes:

- text: scans for the next ``{{``, ``{!!``, ``{{--``, ``@word`` or ``<x-`` tag;
- echo / directive arguments: Python's own ``tokenize`` finds where the expression ends, so
  brackets and string literals inside it are respected;
- component tag: attributes up to ``>`` or ``/>``.

The directive table (``_table``) decides which terminal each directive becomes; custom
directives are generic ``STMT``/``IF`` tokens, so registering one never changes the grammar.
"""

from __future__ import annotations

import ast
import bisect
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import _table
from ._errors import TemplateSyntaxError

__all__ = ["Attr", "Tok", "tokenize_template"]

_NEXT = re.compile(r"\{\{--|@\{\{|\{\{|\{!!|@@?(\w+)|</?x[-:](?=[\w])")
_TAG_NAME = re.compile(r"[\w\-.:]+")
_ATTR_NAME = re.compile(r"(::?)?([\w\-.:@]+)")
_ATTR_VALUE = re.compile(r"""\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`/]+)""", re.S)
_TAG_END = re.compile(r"\s*(/?)>")
_CLOSE_TAG = re.compile(r"</x[-:]([\w\-.:]+)\s*>")
_VERBATIM_END = re.compile(r"@endverbatim\b", re.I)
_PYTHON_END = re.compile(r"@endpython\b", re.I)
_OPEN_BRACKETS = frozenset("([{")
_CLOSE_BRACKETS = frozenset(")]}")


@dataclass(slots=True)
class Attr:
    """One attribute of a component tag: ``name="text"``, ``:name="expr"`` or ``{{ bag }}``."""

    name: str
    value: str | None  # None: a bare attribute (``required``)
    bound: bool  # ``:name="python expression"``
    line: int
    col: int
    spread: bool = False  # ``{{ attributes }}`` inside the tag


@dataclass(slots=True)
class Tok:
    """A lexer token: a grammar terminal plus what the code generator needs."""

    kind: str
    name: str = ""
    args: str | None = None
    line: int = 1
    col: int = 1
    args_line: int = 1
    args_col: int = 1
    attrs: list[Attr] = field(default_factory=list)
    custom: bool = False
    negate: bool = False


class _Lexer:
    def __init__(
        self,
        source: str,
        filename: str,
        directives: frozenset[str],
        ifs: frozenset[str],
    ) -> None:
        self.src = source
        self.filename = filename
        self.directives = directives
        self.ifs = ifs
        self.toks: list[Tok] = []
        self.text: list[str] = []
        self.text_pos = 0
        self.newlines = [i for i, c in enumerate(source) if c == "\n"]

    # -- positions -----------------------------------------------------------------------
    def where(self, pos: int) -> tuple[int, int]:
        line = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1, pos - start + 1

    def line_text(self, line: int) -> str:
        start = self.newlines[line - 2] + 1 if line > 1 else 0
        end = self.newlines[line - 1] if line - 1 < len(self.newlines) else len(self.src)
        return self.src[start:end]

    def error(self, message: str, pos: int) -> TemplateSyntaxError:
        line, col = self.where(pos)
        return TemplateSyntaxError(message, self.filename, line, col, self.line_text(line))

    # -- output --------------------------------------------------------------------------
    def add_text(self, text: str, pos: int) -> None:
        if text:
            if not self.text:
                self.text_pos = pos
            self.text.append(text)

    def flush_text(self) -> None:
        if self.text:
            line, col = self.where(self.text_pos)
            self.toks.append(Tok("TEXT", args="".join(self.text), line=line, col=col))
            self.text = []

    def emit(self, tok: Tok) -> None:
        self.flush_text()
        self.toks.append(tok)

    # -- main loop -----------------------------------------------------------------------
    def run(self) -> list[Tok]:
        src = self.src
        pos = 0
        while True:
            m = _NEXT.search(src, pos)
            if m is None:
                self.add_text(src[pos:], pos)
                break
            start = m.start()
            self.add_text(src[pos:start], pos)
            token = m.group(0)
            if token == "{{--":
                end = src.find("--}}", start + 4)
                if end < 0:
                    raise self.error("unclosed comment {{-- (no --}} follows)", start)
                pos = end + 4
            elif token == "@{{":
                self.add_text("{{", start)
                pos = start + 3
            elif token == "{{" or token == "{!!":
                pos = self.echo(start, raw=token == "{!!")
            elif token.startswith("</x"):
                pos = self.close_tag(start)
            elif token.startswith("<x"):
                pos = self.open_tag(start)
            else:
                pos = self.directive(m, start)
        self.flush_text()
        return self.toks

    def echo(self, start: int, raw: bool) -> int:
        closer = "!!}" if raw else "}}"
        body_start = start + (3 if raw else 2)
        end = self.scan_echo(body_start, closer, start)
        expr = self.src[body_start:end]
        if not expr.strip():
            raise self.error(f"empty echo {self.src[start : end + len(closer)]}", start)
        line, col = self.where(start)
        aline, acol = self.where(body_start)
        self.emit(
            Tok(
                "RAW" if raw else "ECHO",
                args=expr,
                line=line,
                col=col,
                args_line=aline,
                args_col=acol,
            )
        )
        return end + len(closer)

    def directive(self, m: re.Match[str], start: int) -> int:
        src = self.src
        word = m.group(1)
        name = word.lower()
        if m.group(0).startswith("@@"):
            # @@if prints a literal @if.
            self.add_text("@" + word, start)
            return m.end()
        if start > 0 and (src[start - 1].isalnum() or src[start - 1] == "_"):
            self.add_text(m.group(0), start)  # user@example.com is text
            return m.end()
        kind, custom, negate, base = self.classify(name)
        if kind is None:
            self.add_text(m.group(0), start)  # @media, @font-face: plain text
            return m.end()
        line, col = self.where(start)
        pos = m.end()
        if name == "verbatim":
            return self.verbatim(pos, start)
        mode = _table.arg_mode(base, custom)
        args: str | None = None
        aline, acol = line, col
        probe = pos
        while probe < len(src) and src[probe] in " \t":
            probe += 1
        if mode != "none" and probe < len(src) and src[probe] == "(":
            end = self.scan_args(probe, name, start)
            args = src[probe + 1 : end - 1]
            aline, acol = self.where(probe + 1)
            pos = end
        elif mode == "required":
            raise self.error(f"@{word} needs arguments: @{word}(...)", start)
        if name == "python" and args is None:
            return self.python_block(pos, start)
        if name == "empty":
            kind = "EMPTY" if args is None else "IF"
        elif name == "section":
            kind = "STMT" if args is not None and _count_args(args) >= 2 else "BLOCK"
        elif name == "python":
            kind = "STMT"
        self.emit(
            Tok(
                kind,
                name=base if custom else name,
                args=args,
                line=line,
                col=col,
                args_line=aline,
                args_col=acol,
                custom=custom,
                negate=negate,
            )
        )
        return _eat_newline(src, pos)

    def classify(self, name: str) -> tuple[str | None, bool, bool, str]:
        """Return (terminal, is custom, negated, base name) for ``@name``."""
        if name in self.ifs:
            return "IF", True, False, name
        if name.startswith("unless") and name[6:] in self.ifs:
            return "IF", True, True, name[6:]
        if name.startswith("else") and name[4:] in self.ifs:
            return "ELSEIF", True, False, name[4:]
        if name.startswith("end") and name[3:] in self.ifs:
            return "ENDIF", True, False, name[3:]
        if name in self.directives:
            return "STMT", True, False, name
        if name not in _table.BUILTIN_NAMES:
            return None, False, False, name
        if name in _table.IF_OPENERS:
            return "IF", False, False, name
        if name in _table.IF_CLOSERS:
            return "ENDIF", False, False, name
        if name in _table.LOOP_OPENERS:
            return "LOOP", False, False, name
        if name in _table.LOOP_CLOSERS:
            return "ENDLOOP", False, False, name
        if name in _table.BLOCK_OPENERS:
            return "BLOCK", False, False, name
        if name in _table.BLOCK_CLOSERS:
            return "ENDBLOCK", False, False, name
        if name in _table.STATEMENTS:
            return "STMT", False, False, name
        simple = {
            "elseif": "ELSEIF",
            "else": "ELSE",
            "forelse": "FORELSE",
            "endforelse": "ENDFORELSE",
            "switch": "SWITCH",
            "case": "CASE",
            "default": "DEFAULT",
            "endswitch": "ENDSWITCH",
            "verbatim": "TEXT",
        }
        if name in simple:
            return simple[name], False, False, name
        # @endverbatim / @endpython without an opener: an error a user wants to see.
        return "STRAY", False, False, name

    def verbatim(self, pos: int, start: int) -> int:
        pos = _eat_newline(self.src, pos)
        m = _VERBATIM_END.search(self.src, pos)
        if m is None:
            raise self.error("unclosed @verbatim (no @endverbatim follows)", start)
        self.add_text(self.src[pos : m.start()], pos)
        return _eat_newline(self.src, m.end())

    def python_block(self, pos: int, start: int) -> int:
        m = _PYTHON_END.search(self.src, pos)
        if m is None:
            raise self.error("unclosed @python (no @endpython follows)", start)
        line, col = self.where(start)
        aline, acol = self.where(pos)
        self.emit(
            Tok(
                "PYTHON",
                name="python",
                args=self.src[pos : m.start()],
                line=line,
                col=col,
                args_line=aline,
                args_col=acol,
            )
        )
        return _eat_newline(self.src, m.end())

    # -- component tags ------------------------------------------------------------------
    def open_tag(self, start: int) -> int:
        src = self.src
        m = _TAG_NAME.match(src, start + 3)
        assert m is not None  # the lookahead of _NEXT guarantees a name character
        name = m.group(0)
        pos = m.end()
        attrs: list[Attr] = []
        while True:
            end = _TAG_END.match(src, pos)
            if end is not None:
                pos = end.end()
                self_closing = end.group(1) == "/"
                break
            ws = pos
            while ws < len(src) and src[ws].isspace():
                ws += 1
            if ws >= len(src):
                raise self.error(f"unclosed component tag <x-{name}", start)
            if src.startswith("{{", ws):
                end_pos = self.scan_echo(ws + 2, "}}", ws)
                aline, acol = self.where(ws + 2)
                attrs.append(Attr("", src[ws + 2 : end_pos], True, aline, acol, spread=True))
                pos = end_pos + 2
                continue
            am = _ATTR_NAME.match(src, ws)
            if am is None or ws == pos:
                raise self.error(f"malformed attribute in component tag <x-{name}", ws)
            prefix, attr_name = am.group(1) or "", am.group(2)
            aline, acol = self.where(ws)
            pos = am.end()
            vm = _ATTR_VALUE.match(src, pos)
            value: str | None = None
            if vm is not None:
                value = vm.group(1)
                if value[0] in "\"'":
                    value = value[1:-1]
                aline, acol = self.where(vm.start(1) + 1)
                pos = vm.end()
            if prefix == "::":
                attrs.append(Attr(":" + attr_name, value, False, aline, acol))
            elif prefix == ":":
                if value is None:
                    raise self.error(f"bound attribute :{attr_name} needs a value", ws)
                attrs.append(Attr(attr_name, value, True, aline, acol))
            else:
                attrs.append(Attr(attr_name, value, False, aline, acol))
        line, col = self.where(start)
        if name == "slot" or name.startswith("slot:"):
            slot_name = name[5:] if name.startswith("slot:") else ""
            if not slot_name:
                for a in attrs:
                    if a.name == "name" and not a.bound and a.value:
                        slot_name = a.value
                attrs = [a for a in attrs if a.name != "name"]
            if not slot_name:
                raise self.error('<x-slot> needs a name: <x-slot:title> or name="title"', start)
            self.emit(Tok("SLOT", name=slot_name, line=line, col=col, attrs=attrs))
            if self_closing:
                self.emit(Tok("ENDSLOT", name=slot_name, line=line, col=col))
            return pos
        kind = "COMPONENT_SELF" if self_closing else "COMPONENT"
        self.emit(Tok(kind, name=name, line=line, col=col, attrs=attrs))
        return pos

    def close_tag(self, start: int) -> int:
        m = _CLOSE_TAG.match(self.src, start)
        if m is None:
            raise self.error("malformed closing component tag", start)
        name = m.group(1)
        line, col = self.where(start)
        if name == "slot" or name.startswith("slot:"):
            self.emit(Tok("ENDSLOT", name=name[5:], line=line, col=col))
        else:
            self.emit(Tok("ENDCOMPONENT", name=name, line=line, col=col))
        return m.end()

    # -- Python-aware scanning -----------------------------------------------------------
    def _tokens(self, pos: int, prefix: str) -> tuple[Iterator[tokenize.TokenInfo], list[int]]:
        """Tokenize ``src[pos:]`` lazily; return the tokens and each row's start offset."""
        src = self.src
        starts: list[int] = []
        cursor = [pos]

        def readline() -> str:
            at = cursor[0]
            if at >= len(src):
                return ""
            nl = src.find("\n", at)
            end = len(src) if nl < 0 else nl + 1
            cursor[0] = end
            starts.append(at - (len(prefix) if not starts else 0))
            return (prefix if len(starts) == 1 else "") + src[at:end]

        return tokenize.generate_tokens(readline), starts

    def scan_echo(self, pos: int, closer: str, opened: int) -> int:
        """Return where ``closer`` ends the Python expression starting at ``pos``."""
        toks, starts = self._tokens(pos, "(")
        depth = 0
        try:
            for tok in toks:
                if tok.type == tokenize.ENDMARKER:
                    break
                at = starts[tok.start[0] - 1] + tok.start[1]
                s = tok.string
                if s and s[0] in _OPEN_BRACKETS and tok.type == tokenize.OP:
                    depth += 1
                elif s in (")", "]", "}") and tok.type == tokenize.OP:
                    depth -= 1
                    if depth == 0 and self.src.startswith(closer, at):
                        return at
                    if depth == 0:
                        break
                elif depth == 1 and s.startswith("!") and self.src.startswith(closer, at):
                    return at
        except (tokenize.TokenError, SyntaxError):
            pass
        opener = "{!!" if closer == "!!}" else "{{"
        raise self.error(f"unclosed {opener} (no {closer} ends the expression)", opened)

    def scan_args(self, paren: int, name: str, start: int) -> int:
        """Return the offset just past the ``)`` matching the ``(`` at ``paren``."""
        toks, starts = self._tokens(paren, "")
        depth = 0
        try:
            for tok in toks:
                if tok.type == tokenize.ENDMARKER:
                    break
                if tok.type != tokenize.OP:
                    continue
                s = tok.string
                if s in ("(", "[", "{"):
                    depth += 1
                elif s in (")", "]", "}"):
                    depth -= 1
                    if depth == 0:
                        return starts[tok.start[0] - 1] + tok.end[1]
        except (tokenize.TokenError, SyntaxError):
            pass
        raise self.error(f"unclosed ( in @{name} (no matching ) follows)", start)


def _eat_newline(src: str, pos: int) -> int:
    # A directive swallows the newline right after it, as PHP's ?> does for Blade, so
    # directive-only lines leave no blank lines behind.
    if src.startswith("\n", pos):
        return pos + 1
    if src.startswith("\r\n", pos):
        return pos + 2
    return pos


def _count_args(args: str) -> int:
    try:
        call = ast.parse(f"f({args})", mode="eval").body
    except SyntaxError:
        return 1
    assert isinstance(call, ast.Call)
    return len(call.args) + len(call.keywords)


def tokenize_template(
    source: str,
    filename: str,
    directives: frozenset[str] = frozenset(),
    ifs: frozenset[str] = frozenset(),
) -> list[Tok]:
    """Split Blade ``source`` into tokens; raise ``TemplateSyntaxError`` on malformed input."""
    return _Lexer(source, filename, directives, ifs).run()


def describe(tok: Tok) -> str:
    """Return the template text a token stands for, for error messages."""
    if tok.kind in ("COMPONENT", "COMPONENT_SELF"):
        return f"<x-{tok.name}>"
    if tok.kind == "ENDCOMPONENT":
        return f"</x-{tok.name}>"
    if tok.kind == "SLOT":
        return f"<x-slot:{tok.name}>"
    if tok.kind == "ENDSLOT":
        return "</x-slot>"
    if tok.kind in ("TEXT", "ECHO", "RAW"):
        return {"TEXT": "text", "ECHO": "{{ }}", "RAW": "{!! !!}"}[tok.kind]
    if tok.custom and tok.kind == "ELSEIF":
        return f"@else{tok.name}"
    if tok.custom and tok.kind == "ENDIF":
        return f"@end{tok.name}"
    return f"@{tok.name}"
