"""``lararust version``: every installed LaraRust component and its version."""

from __future__ import annotations

import importlib.metadata
import platform

from .._base import Command


def installed_components() -> list[tuple[str, str]]:
    """Name and version of every installed ``lararust`` / ``lararust-*`` distribution."""
    found: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name == "lararust" or name.startswith("lararust-"):
            found.setdefault(name, dist.version)
    return sorted(found.items(), key=lambda item: (item[0] != "lararust", item[0]))


def framework_version() -> str:
    """The umbrella's version, or the CLI's when only components are installed."""
    for name, version in installed_components():
        if name == "lararust":
            return version
    return importlib.metadata.version("lararust-cli")


class Version(Command):
    """Show every installed LaraRust component and its version."""

    name = "version"
    description = "Show every installed LaraRust component and its version"
    boot = "none"

    def handle(self, json: bool = False) -> int:
        """Print the versions.

        Args:
            json: Print a JSON object instead of text.
        """
        components = installed_components()
        if json:
            import json as json_

            print(json_.dumps({**dict(components), "python": platform.python_version()}))
            return 0
        width = max((len(name) for name, _ in components), default=8)
        print(f"LaraRust {framework_version()} (Python {platform.python_version()})")
        for name, version in components:
            print(f"  {name:<{width}}  {version}")
        return 0
