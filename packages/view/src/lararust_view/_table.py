"""The directive table: what each ``@name`` is to the lexer and the grammar.

Rules: names are matched lower-cased (``@endPushOnce`` is ``@endpushonce``). A name that is not
in the table (and not a registered custom directive) is plain text, so CSS ``@media`` and e-mail
addresses pass through. ``ARGS`` says whether parentheses are required, optional or never
consumed: ``@else (see below)`` must stay text after ``@else``.
"""

from __future__ import annotations

from typing import Final, Literal

ArgMode = Literal["required", "optional", "none"]

#: kind -> grammar terminal. A directive's kind decides its token.
IF_OPENERS: Final = frozenset(
    {
        "if",
        "unless",
        "isset",
        "empty",
        "auth",
        "guest",
        "env",
        "production",
        "hassection",
        "sectionmissing",
        "error",
    }
)
IF_CLOSERS: Final = frozenset(
    {
        "endif",
        "endunless",
        "endisset",
        "endempty",
        "endauth",
        "endguest",
        "endenv",
        "endproduction",
        "enderror",
    }
)
LOOP_OPENERS: Final = frozenset({"foreach", "for", "while"})
LOOP_CLOSERS: Final = {"endforeach": "foreach", "endfor": "for", "endwhile": "while"}
BLOCK_OPENERS: Final = frozenset(
    {"section", "push", "prepend", "pushonce", "prependonce", "once", "fragment"}
)
BLOCK_CLOSERS: Final = {
    "endsection": "section",
    "show": "section",
    "stop": "section",
    "append": "section",
    "overwrite": "section",
    "endpush": "push",
    "endprepend": "prepend",
    "endpushonce": "pushonce",
    "endprependonce": "prependonce",
    "endonce": "once",
    "endfragment": "fragment",
}
STATEMENTS: Final = frozenset(
    {
        "include",
        "includeif",
        "includewhen",
        "includeunless",
        "includefirst",
        "each",
        "extends",
        "yield",
        "parent",
        "stack",
        "json",
        "class",
        "style",
        "checked",
        "selected",
        "disabled",
        "readonly",
        "required",
        "csrf",
        "method",
        "break",
        "continue",
        "props",
        "python",
    }
)

#: Directives that never take parentheses, and those whose parentheses are optional.
NO_ARGS: Final = frozenset(
    {
        "else",
        "parent",
        "csrf",
        "once",
        "production",
        "default",
        "verbatim",
        "endverbatim",
        "endpython",
        "endswitch",
        "endforelse",
    }
    | IF_CLOSERS
    | set(LOOP_CLOSERS)
    | set(BLOCK_CLOSERS)
)
OPTIONAL_ARGS: Final = frozenset(
    {"auth", "guest", "break", "continue", "empty", "python", "pushonce", "prependonce"}
)

#: The name an if-family opener's own closer has (``@auth`` -> ``@endauth``).
IF_OWN_CLOSER: Final = {
    "if": "endif",
    "unless": "endunless",
    "isset": "endisset",
    "empty": "endempty",
    "auth": "endauth",
    "guest": "endguest",
    "env": "endenv",
    "production": "endproduction",
    "error": "enderror",
    "hassection": "endif",
    "sectionmissing": "endif",
}

BUILTIN_NAMES: Final = (
    IF_OPENERS
    | IF_CLOSERS
    | LOOP_OPENERS
    | set(LOOP_CLOSERS)
    | BLOCK_OPENERS
    | set(BLOCK_CLOSERS)
    | STATEMENTS
    | {
        "elseif",
        "else",
        "forelse",
        "endforelse",
        "switch",
        "case",
        "default",
        "endswitch",
        "verbatim",
        "endverbatim",
        "endpython",
    }
)


def arg_mode(name: str, custom: bool = False) -> ArgMode:
    """Tell whether ``@name`` requires, allows or never takes parentheses."""
    if custom:
        return "optional"
    if name in NO_ARGS:
        return "none"
    if name in OPTIONAL_ARGS:
        return "optional"
    return "required"
