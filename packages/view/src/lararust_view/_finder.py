"""Finds a view's file from its name: ``pages.home`` -> ``<path>/pages/home.blade.html``.

Rules: names use dots or slashes; ``ns::name`` looks in the namespace's paths; the first view
path holding the name wins, and within a path Blade (``.blade.html``) wins over Jinja2
(``.jinja``, ``.html.j2``). A name may not climb out of its view path (``..``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ._errors import TemplateNotFound

__all__ = ["BLADE", "EXTENSIONS", "Found", "ViewFinder"]

BLADE = ".blade.html"
EXTENSIONS = (BLADE, ".jinja", ".html.j2")


@dataclass(frozen=True, slots=True)
class Found:
    """Where a view lives: its file, its path relative to its base, and its namespace."""

    path: str
    relative: str
    base: str
    namespace: str | None

    @property
    def is_blade(self) -> bool:
        """Whether LaraBlade renders it (else Jinja2)."""
        return self.path.endswith(BLADE)


class ViewFinder:
    """Resolves view names against view paths and namespaces, remembering the answers."""

    def __init__(
        self, paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] = ()
    ) -> None:
        if isinstance(paths, str | os.PathLike):
            paths = [paths]  # Blade(paths="views") means one path, not five letters
        self.paths: list[str] = [os.path.abspath(p) for p in paths]
        self.namespaces: dict[str, list[str]] = {}
        self._found: dict[str, Found] = {}

    def add_path(self, path: str | os.PathLike[str]) -> None:
        """Add a view path searched after the others."""
        self.paths.append(os.path.abspath(path))
        self._found.clear()

    def add_namespace(self, name: str, paths: str | os.PathLike[str] | Iterable[str]) -> None:
        """Register ``name::view`` names looked up in ``paths``."""
        if isinstance(paths, str | os.PathLike):
            paths = [os.fspath(paths)]
        self.namespaces.setdefault(name, []).extend(os.path.abspath(p) for p in paths)
        self._found.clear()

    def forget(self, name: str) -> None:
        """Drop a remembered answer (its file went away)."""
        self._found.pop(name, None)

    def find(self, name: str) -> Found:
        """Return where ``name`` lives; raise ``TemplateNotFound`` listing what was tried."""
        found = self._found.get(name)
        if found is not None:
            return found
        namespace, relative = self._split(name)
        bases = self.paths if namespace is None else self.namespaces.get(namespace)
        if bases is None:
            raise TemplateNotFound(name, [f"no view namespace {namespace!r} is registered"])
        tried: list[str] = []
        stems = [relative] if relative.endswith(EXTENSIONS) else None
        for base in bases:
            for candidate in stems or [relative + ext for ext in EXTENSIONS]:
                path = os.path.join(base, candidate)
                if os.path.isfile(path):
                    found = Found(path, candidate, base, namespace)
                    self._found[name] = found
                    return found
                tried.append(path)
        raise TemplateNotFound(name, tried)

    @staticmethod
    def _split(name: str) -> tuple[str | None, str]:
        namespace = None
        if "::" in name:
            namespace, name = name.split("::", 1)
        relative = name if name.endswith(EXTENSIONS) else name.replace(".", "/")
        parts = relative.replace("\\", "/").split("/")
        if not name or ".." in parts or relative.startswith("/") or "" in parts:
            raise TemplateNotFound(name, ["a view name may not be empty, absolute or use '..'"])
        return namespace, "/".join(parts)

    def exists(self, name: str) -> bool:
        """Whether ``name`` resolves to a file."""
        try:
            self.find(name)
        except TemplateNotFound:
            return False
        return True

    def all_views(self) -> Iterator[tuple[str, Path]]:
        """Every Blade view under the paths and namespaces, as (name, file)."""
        roots: list[tuple[str | None, str]] = [(None, p) for p in self.paths]
        roots += [(ns, p) for ns, ps in self.namespaces.items() for p in ps]
        for namespace, root in roots:
            for file in sorted(Path(root).rglob("*" + BLADE)):
                rel = file.relative_to(root).as_posix()[: -len(BLADE)].replace("/", ".")
                yield (f"{namespace}::{rel}" if namespace else rel), file
