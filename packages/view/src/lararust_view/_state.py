"""The state of one render: sections, stacks, ``@once`` keys, fragments, nesting depth.

Rules (Blade's): child sections render eagerly, in source order, before their layout; the
first definition of a section wins and later ones fill its ``@parent``. Stacks print where
``@stack`` stands even when pushed to later (a placeholder replaced when the render ends).
Includes, layouts and components of one render share one state.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._errors import TemplateError, TemplateNotFound
from ._runtime import escape

if TYPE_CHECKING:
    from ._factory import ViewFactory

__all__ = ["PARENT_PLACEHOLDER", "RenderState"]

_TOKEN = secrets.token_hex(8)
#: What ``@parent`` prints until the parent section's content replaces it. Random per
#: process, so template data cannot forge it.
PARENT_PLACEHOLDER = f"\x00blade-parent-{_TOKEN}\x00"
_STACK = f"\x00blade-stack-{_TOKEN}:"

MAX_DEPTH = 100


class RenderState:
    """Everything one top-level render shares across its includes, layouts and components."""

    __slots__ = (
        "depth",
        "factory",
        "fragment_wanted",
        "fragments",
        "onces",
        "sections",
        "stacks",
    )

    def __init__(self, factory: ViewFactory, fragment: str | None = None) -> None:
        self.factory = factory
        self.sections: dict[str, str] = {}
        self.stacks: dict[str, tuple[list[str], list[str]]] = {}
        self.onces: set[Any] = set()
        self.fragments: dict[str, str] = {}
        self.fragment_wanted = fragment
        self.depth = 0

    # -- includes and layouts ------------------------------------------------------------
    def include(
        self,
        name: str,
        data: Mapping[str, Any] | None = None,
        *,
        vars: Mapping[str, Any],
        tmpl: Any,
        line: int,
    ) -> str:
        """``@include``: render ``name`` with every variable defined here plus ``data``."""
        ctx = dict(vars) if data is None else {**vars, **data}
        return self.factory._render_child(name, ctx, self, tmpl, line)

    def include_if(
        self,
        name: str,
        data: Mapping[str, Any] | None = None,
        *,
        vars: Mapping[str, Any],
        tmpl: Any,
        line: int,
    ) -> str:
        """``@includeIf``: like include, nothing when the view does not exist."""
        if not self.factory.exists(name):
            return ""
        return self.include(name, data, vars=vars, tmpl=tmpl, line=line)

    def include_first(
        self,
        names: Iterable[str],
        data: Mapping[str, Any] | None = None,
        *,
        vars: Mapping[str, Any],
        tmpl: Any,
        line: int,
    ) -> str:
        """``@includeFirst``: the first of ``names`` that exists."""
        names = list(names)
        for name in names:
            if self.factory.exists(name):
                return self.include(name, data, vars=vars, tmpl=tmpl, line=line)
        where = f"@includeFirst in {tmpl.filename}, line {line}"
        raise TemplateNotFound(" or ".join(map(repr, names)), [where])

    def each(
        self,
        name: str,
        items: Any,
        item_name: str,
        empty: str | None = None,
        *,
        tmpl: Any,
        line: int,
    ) -> str:
        """``@each``: render ``name`` per item with ``{item_name: item, "key": key}`` only."""
        out: list[str] = []
        pairs = items.items() if isinstance(items, Mapping) else enumerate(items)
        for key, value in pairs:
            out.append(
                self.factory._render_child(name, {"key": key, item_name: value}, self, tmpl, line)
            )
        if out or empty is None:
            return "".join(out)
        if empty.startswith("raw|"):
            return empty[4:]
        return self.factory._render_child(empty, {}, self, tmpl, line)

    def extend(
        self,
        name: str,
        vars: Mapping[str, Any],
        data: Mapping[str, Any] | None,
        tmpl: Any,
        line: int,
    ) -> str:
        """``@extends``: render the layout after the child's sections are recorded."""
        if self.fragment_wanted is not None and self.fragment_wanted in self.fragments:
            return ""  # only a fragment was asked for, and the child already rendered it
        ctx = dict(vars) if data is None else {**vars, **data}
        return self.factory._render_child(name, ctx, self, tmpl, line)

    # -- sections ------------------------------------------------------------------------
    def section_end(self, name: str, content: str) -> None:
        """``@endsection``: keep the first definition; later ones fill its ``@parent``."""
        existing = self.sections.get(name)
        if existing is not None:
            content = existing.replace(PARENT_PLACEHOLDER, content)
        self.sections[name] = content

    def section_show(self, name: str, content: str) -> str:
        """``@show``: end the section and print it."""
        self.section_end(name, content)
        return self.yield_(name)

    def section_append(self, name: str, content: str) -> None:
        """``@append``: add to what the section already holds."""
        self.sections[name] = self.sections.get(name, "") + content

    def section_overwrite(self, name: str, content: str) -> None:
        """``@overwrite``: replace the section."""
        self.sections[name] = content

    def section_inline(self, name: str, value: Any) -> None:
        """``@section('title', value)``: the value is escaped."""
        self.section_end(name, escape(value))

    def yield_(self, name: str, default: Any = "") -> str:
        """``@yield``: the section's content, or the escaped default."""
        content = self.sections.get(name)
        if content is None:
            return escape(default)
        return content.replace(PARENT_PLACEHOLDER, "")

    def has_section(self, name: str) -> bool:
        """``@hasSection``: the section exists and is not blank."""
        return bool(self.yield_(name).strip())

    # -- stacks and once -----------------------------------------------------------------
    def push(self, name: str, content: str) -> None:
        """``@push``: append to a stack."""
        self.stacks.setdefault(name, ([], []))[1].append(content)

    def prepend(self, name: str, content: str) -> None:
        """``@prepend``: put before what a stack holds (the latest prepend first)."""
        self.stacks.setdefault(name, ([], []))[0].insert(0, content)

    def stack(self, name: str, default: Any = "") -> str:
        """``@stack``: a placeholder filled with the stack's content when the render ends."""
        self.stacks.setdefault(name, ([], []))
        return f"{_STACK}{name}\x00"

    def once(self, key: Any) -> bool:
        """``@once``/``@pushOnce``: true the first time ``key`` is seen in this render."""
        if key in self.onces:
            return False
        self.onces.add(key)
        return True

    def fragment(self, name: str, content: str) -> str:
        """``@fragment``: remember the fragment's content, and print it."""
        self.fragments[name] = content
        return content

    def finish(self, out: str) -> str:
        """Fill the stack placeholders of the finished output."""
        if self.stacks and _STACK in out:
            for name, (before, after) in self.stacks.items():
                out = out.replace(f"{_STACK}{name}\x00", "".join(before) + "".join(after))
        return out

    # -- components and custom directives ------------------------------------------------
    def component(
        self,
        name: str,
        attrs: dict[str, Any],
        slot: str,
        slots: dict[str, Any],
        caller: Mapping[str, Any],
        tmpl: Any,
        line: int,
    ) -> str:
        """Render ``<x-name>`` (see ``_components``)."""
        from ._components import render_component

        return render_component(self, name, attrs, slot, slots, caller, tmpl, line)

    def directive(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        """A custom ``@name(...)``: ``fn(*args, **kwargs)``, escaped unless it has ``__html__``."""
        return escape(self.factory._directives[name](*args, **kwargs))

    def custom_if(self, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        """A custom if directive's condition."""
        return bool(self.factory._ifs[name](*args, **kwargs))

    def enter(self, name: str, tmpl: Any, line: int) -> None:
        """Count nesting; an include cycle is an error, not a stack overflow."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            where = f" ({tmpl.filename}, line {line})" if tmpl is not None else ""
            raise TemplateError(
                f"views nest more than {MAX_DEPTH} deep rendering {name!r}{where}: "
                "an include or component includes itself?"
            )
