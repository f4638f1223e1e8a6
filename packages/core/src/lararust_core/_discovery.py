"""Discovery of installed packages' providers through entry points.

Rules: providers come from the ``lararust.providers`` entry point group. They are ordered so a
distribution's providers come after those of the distributions it depends on (core before http
before router), ties broken by name: registration and boot order never depend on ``sys.path``.
"""

from __future__ import annotations

import re
from importlib.metadata import Distribution, EntryPoint, entry_points
from typing import Any

from lararust_contracts import LaraRustError

GROUP = "lararust.providers"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


class ProviderError(LaraRustError):
    """A provider could not be found, imported or built (names the entry point or path)."""


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dist_name(dist: Distribution | None) -> str:
    return _normalize(dist.metadata["Name"]) if dist is not None else ""


def _requirements(dist: Distribution | None) -> set[str]:
    names = set()
    for requirement in (dist.requires or []) if dist is not None else []:
        match = _NAME.match(requirement)
        if match and "extra ==" not in requirement:
            names.add(_normalize(match.group(1)))
    return names


def discover(group: str = GROUP) -> list[EntryPoint]:
    """Entry points of ``group``, dependencies first (see the module docstring)."""
    by_dist: dict[str, list[EntryPoint]] = {}
    requires: dict[str, set[str]] = {}
    seen: set[tuple[str, str]] = set()
    for ep in entry_points(group=group):
        dist = ep.dist
        name = _dist_name(dist)
        if (name, ep.name) in seen:  # the same dist found twice on sys.path
            continue
        seen.add((name, ep.name))
        by_dist.setdefault(name, []).append(ep)
        requires.setdefault(name, _requirements(dist))
    ordered: list[EntryPoint] = []
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done or name in path:
            return
        for dependency in sorted(requires[name] & by_dist.keys()):
            visit(dependency, (*path, name))
        done.add(name)
        ordered.extend(sorted(by_dist[name], key=lambda ep: ep.name))

    for name in sorted(by_dist):
        visit(name, ())
    return ordered


def load(ep: EntryPoint) -> Any:
    """Import what ``ep`` points at, naming the entry point on failure."""
    try:
        return ep.load()
    except Exception as exc:
        raise ProviderError(
            f"entry point {ep.name!r} = {ep.value!r} ({ep.group}) cannot be loaded: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def import_string(path: str) -> Any:
    """Import ``"package.module:Name"`` (or ``"package.module.Name"``)."""
    module, _, attribute = path.partition(":") if ":" in path else path.rpartition(".")
    ep = EntryPoint(name=path, value=f"{module}:{attribute}", group="import")
    return load(ep)
