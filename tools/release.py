"""Bump one package's version and every dependent's version range on it.

Usage: python tools/release.py <package-folder> <major|minor|patch|X.Y.Z>

Pins follow CONVENTIONS.md: ">=0.N,<0.(N+1)" before 1.0, ">=X.Y,<X+1" after. The package's
CHANGELOG "Unreleased" heading becomes the new version; tag it ``lararust-<x>-v<version>``.
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from packages import Package, load


def bumped(version: str, part: str) -> str:
    if re.fullmatch(r"\d+\.\d+\.\d+", part):
        return part
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    if part == "patch":
        return f"{major}.{minor}.{patch + 1}"
    raise SystemExit(f"release: unknown part {part!r} (major, minor, patch or X.Y.Z)")


def pin(version: str) -> str:
    major, minor, _ = (int(x) for x in version.split("."))
    if major == 0:
        return f">=0.{minor},<0.{minor + 1}"
    return f">={major}.{minor},<{major + 1}"


def set_version(package: Package, version: str) -> None:
    about = package.path / "src" / package.module / "__about__.py"
    about.write_text(
        re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', about.read_text())
    )
    changelog = package.path / "CHANGELOG.md"
    today = _dt.date.today().isoformat()
    changelog.write_text(
        changelog.read_text().replace(
            "## Unreleased", f"## Unreleased\n\n## {version} - {today}", 1
        )
    )


def repin_dependents(packages: dict[str, Package], package: Package, version: str) -> list[str]:
    changed = []
    pattern = re.compile(rf'"{re.escape(package.dist)}[^"]*"')
    for other in packages.values():
        pyproject = other.path / "pyproject.toml"
        text = pyproject.read_text()
        new = pattern.sub(f'"{package.dist}{pin(version)}"', text)
        if new != text and other is not package:
            pyproject.write_text(new)
            changed.append(other.dist)
    return changed


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    packages = load()
    if argv[0] not in packages:
        raise SystemExit(f"release: no package folder {argv[0]!r}; have {', '.join(packages)}")
    package = packages[argv[0]]
    version = bumped(package.version, argv[1])
    set_version(package, version)
    dependents = repin_dependents(packages, package, version)
    print(f"{package.dist} {package.version} -> tag lararust-{package.folder}-v{version}")
    if dependents:
        print("re-pinned in: " + ", ".join(dependents))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
