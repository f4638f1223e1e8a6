"""Free-name analysis of template expressions: which names to bind, and where to check them.

Every name an expression reads is bound once per render, at the top of the render function,
from the context (``x = ctx.get("x", MISSING)``). Where the template reads it, the compiler
wraps it in a check (``x if x is not MISSING else undefined("x", line)``), so a name used only
in an untaken branch never raises. Names the compiler knows are bound (loop targets inside their
loop, ``loop``, ``message`` inside ``@error``, Python builtins) are read unchecked.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Callable

__all__ = ["ALWAYS", "BUILTINS", "GLOBALS", "PREFIX", "Rewriter", "bound_in"]

#: Every name the generated code uses starts with this; templates may not use it.
PREFIX = "_B_"
BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))
#: Template globals LaraBlade provides (the context may still override them).
GLOBALS = frozenset({"json", "REQUIRED"})
ALWAYS = BUILTINS | GLOBALS

_FORBIDDEN = (ast.Yield, ast.YieldFrom, ast.Await)


def bound_in(tree: ast.AST) -> set[str]:
    """Names bound by comprehensions and lambdas inside ``tree`` (their own scopes)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension):
            names |= {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Lambda):
            a = node.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg]:
                if arg is not None:
                    names.add(arg.arg)
    return names


class Rewriter(ast.NodeTransformer):
    """Records the names an expression or statement reads and writes; guards the reads.

    ``in_scope(name)`` says whether the name is certainly bound where this code runs.
    ``check`` False leaves reads unguarded (``@isset`` and ``@empty`` must not raise).
    """

    def __init__(
        self,
        in_scope: Callable[[str], bool],
        used: set[str],
        assigned: set[str],
        line: int,
        check: bool = True,
        on_error: Callable[[str, ast.AST], Exception] | None = None,
    ) -> None:
        self.in_scope = in_scope
        self.used = used
        self.assigned = assigned
        self.line = line
        self.check = check
        self.on_error = on_error
        self.local: set[str] = set()
        self.depth = 0  # > 0 inside a def/class body of a @python block

    def rewrite(self, tree: ast.AST) -> ast.AST:
        """Rewrite ``tree`` in place and return it."""
        self.local = bound_in(tree)
        result: ast.AST = self.visit(tree)
        return result

    def generic_visit(self, node: ast.AST) -> ast.AST:
        if isinstance(node, _FORBIDDEN) and self.depth == 0:
            raise self._error(f"'{type(node).__name__.lower()}' is not allowed in a template", node)
        return super().generic_visit(node)

    def _error(self, message: str, node: ast.AST) -> Exception:
        if self.on_error is not None:
            return self.on_error(message, node)
        return SyntaxError(message)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        self.assigned.add(node.name)
        return self._nested(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        raise self._error("async functions are not allowed in a template", node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.assigned.add(node.name)
        return self._nested(node)

    def _nested(self, node: ast.AST) -> ast.AST:
        # Inside a def, parameters shadow context names: read them unguarded.
        self.depth += 1
        try:
            return self.generic_visit(node)
        finally:
            self.depth -= 1

    def visit_Return(self, node: ast.Return) -> ast.AST:
        if self.depth == 0:
            raise self._error("'return' is not allowed in a template", node)
        return self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> ast.AST:
        raise self._error("'global' is not allowed in a template", node)

    def visit_Nonlocal(self, node: ast.Nonlocal) -> ast.AST:
        if self.depth == 0:
            raise self._error("'nonlocal' is not allowed in a template", node)
        return node

    def visit_alias(self, node: ast.alias) -> ast.AST:
        if self.depth == 0:
            self.assigned.add((node.asname or node.name).split(".")[0])
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        name = node.id
        if name.startswith(PREFIX):
            raise self._error(f"names starting with {PREFIX} are reserved for LaraBlade", node)
        if not isinstance(node.ctx, ast.Load):
            if self.depth == 0:
                self.assigned.add(name)
            return node
        if self.in_scope(name):
            return node
        self.used.add(name)
        if not self.check or self.depth or name in self.local or name in ALWAYS:
            return node
        guarded = ast.IfExp(
            test=ast.Compare(
                left=ast.Name(name, ast.Load()),
                ops=[ast.IsNot()],
                comparators=[ast.Name(PREFIX + "M", ast.Load())],
            ),
            body=ast.Name(name, ast.Load()),
            orelse=ast.Call(
                func=ast.Name(PREFIX + "undef", ast.Load()),
                args=[
                    ast.Constant(name),
                    ast.Constant(self.line + getattr(node, "lineno", 1) - 1),
                    ast.Name(PREFIX + "T", ast.Load()),
                ],
                keywords=[],
            ),
        )
        return ast.copy_location(guarded, node)
