"""The workspace's distributions and their sibling dependencies, read from each pyproject."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "packages"
_SIBLING = re.compile(r"^(lararust(?:-[a-z]+)?)\s*(.*)$")


@dataclass(frozen=True)
class Package:
    """One distribution of the monorepo."""

    folder: str
    dist: str
    module: str
    path: Path
    siblings: tuple[str, ...]  # folders of the sibling distributions it depends on

    @property
    def version(self) -> str:
        about = self.path / "src" / self.module / "__about__.py"
        match = re.search(r'__version__\s*=\s*"([^"]+)"', about.read_text())
        assert match, f"no __version__ in {about}"
        return match.group(1)


def load() -> dict[str, Package]:
    """Every package keyed by folder, in dependency order (dependencies first)."""
    raw: dict[str, Package] = {}
    for pyproject in sorted(PACKAGES.glob("*/pyproject.toml")):
        data = tomllib.loads(pyproject.read_text())
        dist = data["project"]["name"]
        siblings = []
        for dep in data["project"].get("dependencies", []):
            match = _SIBLING.match(dep)
            if match and match.group(1).startswith("lararust"):
                siblings.append(match.group(1).removeprefix("lararust-") or "lararust")
        module = dist.replace("-", "_")
        folder = pyproject.parent.name
        raw[folder] = Package(folder, dist, module, pyproject.parent, tuple(siblings))
    ordered: dict[str, Package] = {}

    def visit(name: str) -> None:
        if name in ordered:
            return
        for sibling in raw[name].siblings:
            visit(sibling)
        ordered[name] = raw[name]

    for name in raw:
        visit(name)
    return ordered


def closure(packages: dict[str, Package], name: str) -> list[str]:
    """``name`` and every sibling it needs, transitively, dependencies first."""
    seen: list[str] = []

    def visit(n: str) -> None:
        for sibling in packages[n].siblings:
            visit(sibling)
        if n not in seen:
            seen.append(n)

    visit(name)
    return seen
