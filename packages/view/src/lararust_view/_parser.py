"""The static LALR grammar over the lexer's tokens, and the block-balance check before it.

The grammar is fixed: every directive maps to one of a few terminals (see ``_table``), so the
Lark parser is built once per process and custom directives never rebuild it. Before parsing,
a stack walk over the tokens checks that blocks open and close in pairs; it gives the messages
a user can act on (``unclosed @if opened at line 3``), which an LALR error cannot.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

from . import _table
from ._errors import TemplateSyntaxError
from ._lexer import Tok, describe

__all__ = ["parse_tokens"]

GRAMMAR = r"""
start: _node*
body: _node*
_node: TEXT | ECHO | RAW | STMT | PYTHON
     | if_block | loop | forelse | switch | block | component | slot
if_block: IF body elseif* else_? ENDIF
elseif: ELSEIF body
else_: ELSE body
loop: LOOP body ENDLOOP
forelse: FORELSE body EMPTY body ENDFORELSE
switch: SWITCH TEXT? case* ENDSWITCH
case: CASE body | DEFAULT body
block: BLOCK body ENDBLOCK
component: COMPONENT body ENDCOMPONENT | COMPONENT_SELF
slot: SLOT body ENDSLOT

%declare TEXT ECHO RAW STMT PYTHON IF ELSEIF ELSE ENDIF LOOP ENDLOOP FORELSE EMPTY
%declare ENDFORELSE SWITCH CASE DEFAULT ENDSWITCH BLOCK ENDBLOCK COMPONENT COMPONENT_SELF
%declare ENDCOMPONENT SLOT ENDSLOT
"""

_CLOSES = {
    "IF": "ENDIF",
    "LOOP": "ENDLOOP",
    "FORELSE": "ENDFORELSE",
    "SWITCH": "ENDSWITCH",
    "BLOCK": "ENDBLOCK",
    "COMPONENT": "ENDCOMPONENT",
    "SLOT": "ENDSLOT",
}
_OPENED_BY = {v: k for k, v in _CLOSES.items()}
_MIDDLES = {"ELSEIF": "IF", "ELSE": "IF", "EMPTY": "FORELSE", "CASE": "SWITCH", "DEFAULT": "SWITCH"}


class _TokenFeed(Lexer):
    """Lark's custom-lexer hook: hands over the tokens our lexer already made."""

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, data: Any) -> Iterator[Token]:  # type: ignore[override]
        for tok in data:
            yield Token(tok.kind, tok, line=tok.line, column=tok.col)


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    # Built once per process: the LALR tables do not depend on the template or options.
    return Lark(GRAMMAR, parser="lalr", lexer=_TokenFeed, maybe_placeholders=False)


def parse_tokens(toks: list[Tok], filename: str, source: str) -> Tree[Token]:
    """Check block balance, then parse ``toks`` into a Lark tree."""
    check_balance(toks, filename, source)
    try:
        return _parser().parse(toks)  # type: ignore[arg-type,unused-ignore]
    except UnexpectedInput as exc:
        tok = getattr(exc, "token", None)
        value = getattr(tok, "value", None)
        if isinstance(value, Tok):
            raise _error(f"unexpected {describe(value)} here", value, filename, source) from None
        raise TemplateSyntaxError(
            "unexpected end of template", filename, source.count("\n") + 1
        ) from None


def _error(message: str, tok: Tok, filename: str, source: str) -> TemplateSyntaxError:
    lines = source.splitlines()
    text = lines[tok.line - 1] if 0 < tok.line <= len(lines) else None
    return TemplateSyntaxError(message, filename, tok.line, tok.col, text)


def _closer_fits(opener: Tok, closer: Tok) -> bool:
    if opener.kind == "IF":
        if opener.custom or closer.custom:
            return closer.name == opener.name or (closer.name == "endif" and not closer.custom)
        # Blade compiles every if-family closer to endif, so @endif closes any of them.
        return closer.name in ("endif", _table.IF_OWN_CLOSER[opener.name])
    if opener.kind == "LOOP":
        return _table.LOOP_CLOSERS[closer.name] == opener.name
    if opener.kind == "BLOCK":
        return _table.BLOCK_CLOSERS[closer.name] == opener.name
    if opener.kind in ("COMPONENT", "SLOT"):
        return closer.name in ("", opener.name)
    return True


def _opening_text(tok: Tok) -> str:
    return describe(tok)


def check_balance(toks: list[Tok], filename: str, source: str) -> None:
    """Raise a ``TemplateSyntaxError`` naming the unclosed or stray block directive."""
    stack: list[Tok] = []
    for tok in toks:
        kind = tok.kind
        if kind == "STRAY":
            raise _error(f"@{tok.name} without its opening directive", tok, filename, source)
        if kind in _CLOSES:
            stack.append(tok)
        elif kind in _MIDDLES:
            want = _MIDDLES[kind]
            if not stack or stack[-1].kind != want:
                where = f"inside @{stack[-1].name}" if stack else "outside any block"
                wanted = {"IF": "@if", "FORELSE": "@forelse", "SWITCH": "@switch"}[want]
                raise _error(
                    f"{describe(tok)} {where}: it belongs in {wanted}", tok, filename, source
                )
        elif kind in _OPENED_BY:
            if not stack:
                raise _error(f"{describe(tok)} without an opening directive", tok, filename, source)
            opener = stack[-1]
            if opener.kind != _OPENED_BY[kind] or not _closer_fits(opener, tok):
                raise _error(
                    f"{describe(tok)} does not close {_opening_text(opener)} opened at line "
                    f"{opener.line}",
                    tok,
                    filename,
                    source,
                )
            stack.pop()
    if stack:
        opener = stack[-1]
        raise _error(
            f"unclosed {_opening_text(opener)} opened at line {opener.line} "
            f"(the template ends before its closing directive)",
            opener,
            filename,
            source,
        )
