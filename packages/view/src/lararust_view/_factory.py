"""``ViewFactory``: finds, compiles, caches and renders views (Blade or Jinja2 by extension).

Rules: compiled templates are kept in memory per process and, with a ``cache_path``, on disk
(``_cache``). In debug mode an edited template recompiles on its next render (mtime + size as
the quick check, then the content hash); with debug off, a compiled template is trusted until
``clear_compiled()`` or ``view:clear``. The data a view sees: shared data, then the given
context, then what composers add.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import os
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any

from .__about__ import __version__
from ._cache import CompiledCache
from ._components import Component
from ._errors import TemplateError, TemplateSyntaxError
from ._finder import Found, ViewFinder
from ._names import PREFIX
from ._state import RenderState
from ._table import BUILTIN_NAMES
from ._template import Template, compile_source, rewrite_traceback
from ._view import ViewInstance

__all__ = ["Blade", "ViewFactory"]

_STRING_CACHE_SIZE = 256


class ViewFactory:
    """Makes and renders views by name; implements ``lararust_contracts.ViewFactory``.

    Args:
        paths: the view directories, searched in order.
        cache_path: where compiled templates are stored (memory only when None).
        debug: recompile a template when its file changes (turn off in production).
    """

    def __init__(
        self,
        paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = (),
        cache_path: str | os.PathLike[str] | None = None,
        debug: bool = True,
    ) -> None:
        self.finder = ViewFinder(paths)
        self.cache = CompiledCache(cache_path) if cache_path is not None else None
        self.debug = debug
        self._shared: dict[str, Any] = {}
        self._composers: list[tuple[tuple[str, ...], Callable[..., Any]]] = []
        self._composers_for: dict[str, list[Callable[..., Any]]] = {}
        self._directives: dict[str, Callable[..., Any]] = {}
        self._ifs: dict[str, Callable[..., Any]] = {}
        self._components: dict[str, type[Component]] = {}
        self._component_views: dict[str, str] = {}
        self._templates: dict[str, tuple[Template, int, int]] = {}
        self._strings: OrderedDict[str, Template] = OrderedDict()
        self._jinja: Any = None
        self._fingerprint = ""
        self._fingerprint_tag = ""
        self._update_fingerprint()

    # -- the contract --------------------------------------------------------------------
    def make(self, name: str, context: Mapping[str, Any] | None = None) -> ViewInstance:
        """Return a view of ``name`` with ``context``, rendered when asked."""
        self.finder.find(name)  # fail early, where the view is made
        return ViewInstance(self, name, dict(context or {}))

    def render(
        self,
        name: str,
        context: Mapping[str, Any] | None = None,
        fragment: str | None = None,
    ) -> str:
        """Render ``name`` (or only its ``@fragment``) with ``context``."""
        state = RenderState(self, fragment)
        try:
            out = self._render_named(name, dict(context or {}), state, None, 0)
            if fragment is not None:
                if fragment not in state.fragments:
                    raise TemplateError(f"view {name!r} has no @fragment({fragment!r})")
                out = state.fragments[fragment]
            return state.finish(out)
        except Exception as exc:
            rewrite_traceback(exc)
            raise

    def exists(self, name: str) -> bool:
        """Whether a view called ``name`` exists."""
        try:
            return self.finder.exists(name)
        except TemplateError:
            return False

    def share(self, key: str | Mapping[str, Any], value: Any = None) -> None:
        """Share ``key=value`` (or every pair of a mapping) with every view."""
        if isinstance(key, str):
            self._shared[key] = value
        else:
            self._shared.update(key)

    def composer(self, names: str | Iterable[str], fn: Callable[..., Any]) -> None:
        """Run ``fn(view)`` before each view matching ``names`` (``*`` wildcards) renders.

        ``view`` is the ``ViewInstance``: set data with ``view["key"] = value`` or
        ``view.with_(key, value)``; a mapping ``fn`` returns is merged too.
        """
        patterns = (names,) if isinstance(names, str) else tuple(names)
        self._composers.append((patterns, fn))
        self._composers_for.clear()

    # -- standalone API ------------------------------------------------------------------
    def render_string(self, source: str, context: Mapping[str, Any] | None = None) -> str:
        """Render Blade ``source``. Templates are code: never pass it user input."""
        state = RenderState(self)
        try:
            template = self._string_template(source)
            ctx = {**self._shared, **(context or {})}
            return state.finish(template.render_fn(ctx, state))
        except Exception as exc:
            rewrite_traceback(exc)
            raise

    def shared(self) -> dict[str, Any]:
        """A copy of the shared data."""
        return dict(self._shared)

    def directive(self, name: str, fn: Callable[..., Any]) -> None:
        """Register ``@name(args)``: prints ``fn(*args)``, escaped unless it has ``__html__``."""
        self._register(name, "directive")
        self._directives[name.lower()] = fn
        self._update_fingerprint()

    def if_(self, name: str, fn: Callable[..., Any]) -> None:
        """Register ``@name(args) … @elsename(args) … @else … @endname`` (and ``@unlessname``)."""
        self._register(name, "if")
        self._ifs[name.lower()] = fn
        self._update_fingerprint()

    def namespace(self, name: str, paths: str | os.PathLike[str] | Iterable[str]) -> None:
        """Add ``name::view`` views from ``paths`` (a package's views)."""
        self.finder.add_namespace(name, paths)
        self._component_views.clear()
        self._jinja = None  # its loaders list the namespaces

    def add_location(self, path: str | os.PathLike[str]) -> None:
        """Add a view path searched after the others."""
        self.finder.add_path(path)
        self._jinja = None
        self._component_views.clear()

    def component(self, name: str, cls: type[Component]) -> None:
        """Register a class-based component for ``<x-name>``."""
        if not (isinstance(cls, type) and issubclass(cls, Component)):
            raise TypeError(f"component {name!r} must be a Component subclass, got {cls!r}")
        self._components[name] = cls

    def compiled_source(self, name: str) -> str:
        """The Python source LaraBlade generates for view ``name`` (for debugging)."""
        found = self.finder.find(name)
        with open(found.path, "rb") as fh:
            source = _decode(fh.read(), found.path)
        directives, ifs = self._names()
        return compile_source(source, found.path, directives, ifs)[2]

    def compile_all(self) -> tuple[int, list[TemplateSyntaxError]]:
        """Compile every Blade view into the cache (``view:cache``); return count and errors."""
        count = 0
        errors: list[TemplateSyntaxError] = []
        for _name, file in self.finder.all_views():
            try:
                self._compile_file(str(file), force=True)
                count += 1
            except TemplateSyntaxError as exc:
                errors.append(exc)
        return count, errors

    def clear_compiled(self) -> int:
        """Forget compiled templates in memory and on disk; return the files deleted."""
        self._templates.clear()
        self._strings.clear()
        return self.cache.clear() if self.cache is not None else 0

    def watch(self) -> AsyncIterator[set[str]]:
        """Yield sets of changed template files (needs ``lararust-view[watch]``)."""
        from ._watch import watch_templates

        return watch_templates(self)

    def flush_finder_cache(self) -> None:
        """Forget where views were found (a view was added or removed)."""
        self.finder._found.clear()
        self._component_views.clear()

    # -- rendering -----------------------------------------------------------------------
    def _render_child(
        self, name: str, ctx: dict[str, Any], state: RenderState, tmpl: Any, line: int
    ) -> str:
        state.enter(name, tmpl, line)
        try:
            return self._render_named(name, ctx, state, tmpl, line, merged=True)
        finally:
            state.depth -= 1

    def _render_named(
        self,
        name: str,
        data: dict[str, Any],
        state: RenderState,
        tmpl: Any,
        line: int,
        merged: bool = False,
    ) -> str:
        found = self._find(name, tmpl, line)
        ctx = data if merged else {**self._shared, **data}
        composers = self._composers_for.get(name)
        if composers is None:
            composers = self._match_composers(name)
        if composers:
            ctx = self._compose(name, ctx, composers)
        if not found.is_blade:
            html: str = self._jinja_engine().render(found, ctx)
            return html
        out: str = self._load(found.path, name).render_fn(ctx, state)
        return out

    def _find(self, name: str, tmpl: Any, line: int) -> Found:
        try:
            return self.finder.find(name)
        except TemplateError as exc:
            if tmpl is not None:
                exc.add_note(f"  (asked for by {tmpl.filename}, line {line})")
            raise

    def _match_composers(self, name: str) -> list[Callable[..., Any]]:
        matched = [
            fn
            for patterns, fn in self._composers
            if any(fnmatch.fnmatchcase(name, p) for p in patterns)
        ]
        self._composers_for[name] = matched
        return matched

    def _compose(
        self, name: str, ctx: dict[str, Any], composers: list[Callable[..., Any]]
    ) -> dict[str, Any]:
        view = ViewInstance(self, name, ctx)
        for fn in composers:
            result = fn(view)
            if isinstance(result, Mapping):
                view.context.update(result)
        return view.context

    def _jinja_engine(self) -> Any:
        if self._jinja is None:
            from ._jinja import JinjaEngine

            self._jinja = JinjaEngine(self)
        return self._jinja

    # -- compiling -----------------------------------------------------------------------
    def _load(self, path: str, name: str = "") -> Template:
        entry = self._templates.get(path)
        if entry is not None:
            if not self.debug:
                return entry[0]
            try:
                st = os.stat(path)
            except FileNotFoundError:
                self._templates.pop(path, None)
                self.finder.forget(name)
                raise
            if st.st_mtime_ns == entry[1] and st.st_size == entry[2]:
                return entry[0]
        return self._compile_file(path)

    def _compile_file(self, path: str, force: bool = False) -> Template:
        st = os.stat(path)
        fingerprint = self._fingerprint
        cached = None if self.cache is None or force else self.cache.read(path, fingerprint)
        template = None
        unchanged = cached is not None and (cached.mtime_ns, cached.size) == (
            st.st_mtime_ns,
            st.st_size,
        )
        if cached is not None and (not self.debug or unchanged):
            template = Template(path, path, cached.code, cached.line_map)
        if template is None:
            with open(path, "rb") as fh:
                raw = fh.read()
            digest = hashlib.sha256(raw).hexdigest()
            if cached is not None and cached.sha256 == digest:
                template = Template(path, path, cached.code, cached.line_map)
            else:
                source = _decode(raw, path)
                directives, ifs = self._names()
                code, line_map, py = compile_source(
                    source, path, directives, ifs, tag=self._fingerprint_tag
                )
                template = Template(path, path, code, line_map, py)
                if self.cache is not None:
                    self.cache.write(
                        path, fingerprint, code, line_map, digest, st.st_mtime_ns, st.st_size
                    )
        self._templates[path] = (template, st.st_mtime_ns, st.st_size)
        return template

    def _string_template(self, source: str) -> Template:
        key = hashlib.sha256(source.encode()).hexdigest()
        template = self._strings.get(key)
        if template is not None:
            self._strings.move_to_end(key)
            return template
        directives, ifs = self._names()
        name = f"<string {key[:12]}>"
        code, line_map, py = compile_source(
            source, name, directives, ifs, tag=self._fingerprint_tag
        )
        template = Template("<string>", name, code, line_map, py)
        self._strings[key] = template
        if len(self._strings) > _STRING_CACHE_SIZE:
            self._strings.popitem(last=False)
        return template

    def _names(self) -> tuple[frozenset[str], frozenset[str]]:
        return frozenset(self._directives), frozenset(self._ifs)

    def _register(self, name: str, what: str) -> None:
        low = name.lower()
        if not name.isidentifier() or name.startswith(PREFIX):
            raise ValueError(f"{what} name {name!r} must be a Python identifier")
        taken = low in BUILTIN_NAMES or low in self._directives or low in self._ifs
        if what == "if":
            derived = {"else" + low, "end" + low, "unless" + low}
            taken = taken or bool(derived & (BUILTIN_NAMES | set(self._directives)))
        if (
            taken
            and not (what == "directive" and low in self._directives)
            and not (what == "if" and low in self._ifs)
        ):
            raise ValueError(f"@{name} is already a directive; pick another name")

    def _update_fingerprint(self) -> None:
        magic = importlib.util.MAGIC_NUMBER.hex()
        directives, ifs = self._names()
        self._fingerprint = (
            f"{__version__}|{magic}|d:{','.join(sorted(directives))}|i:{','.join(sorted(ifs))}"
        )
        self._fingerprint_tag = hashlib.sha256(self._fingerprint.encode()).hexdigest()[:8]
        # Templates compiled under other directive names must compile again.
        self._templates.clear()
        self._strings.clear()


def _decode(raw: bytes, path: str) -> str:
    # utf-8-sig: a byte-order mark some editors write must not reach the HTML.
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError(
            f"{path}: templates must be UTF-8 (byte {exc.start}: {exc.reason})"
        ) from None


class Blade(ViewFactory):
    """The standalone engine: ``Blade(paths=[...], cache_path=..., debug=True)``.

    A ``ViewFactory`` under the name people look for; use it with no web stack at all::

        blade = Blade(paths=["templates"])
        html = blade.render("pages.home", {"user": user})
    """
