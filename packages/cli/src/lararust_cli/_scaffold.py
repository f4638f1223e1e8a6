"""Write a new application from the skeleton shipped inside this package (works offline).

Rules: every template is ``<path>-tpl`` (so tools never treat the skeleton as code of this
package); ``${name}`` placeholders are filled with :class:`string.Template`; ``skeleton/_api``
overlays the full skeleton for ``--api``; an existing ``.env`` and database are kept (they hold
secrets and data), every other file of the skeleton is written.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ._errors import CommandError

SKELETON = Path(__file__).parent / "skeleton"
SUFFIX = "-tpl"
RENAMES = {"gitignore": ".gitignore"}
KEEP_EMPTY = [
    "storage/framework/views",
    "storage/framework/sessions",
    "storage/framework/cache",
    "storage/logs",
    "storage/app",
    "bootstrap/cache",
]
API_DROPS = [
    "resources/views/welcome.blade.html",
    "resources/views/layouts/app.blade.html",
    "public/css/app.css",
]


def generate_key() -> str:
    """A new ``APP_KEY``: 32 random bytes (AES-256), base64 with Laravel's ``base64:`` prefix."""
    return "base64:" + base64.b64encode(secrets.token_bytes(32)).decode()


@dataclass
class Scaffold:
    """What ``new`` writes, and what it kept."""

    target: Path
    api: bool = False
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)

    def variables(self, key: str) -> dict[str, str]:
        """The placeholders of the templates."""
        from ._commands.version import framework_version

        words = re.findall(r"[A-Za-z0-9]+", self.target.name) or ["app"]
        major, minor = ([*framework_version().split("."), "0"])[:2]
        return {
            "app_name": " ".join(w.capitalize() for w in words),
            "package_name": "_".join(w.lower() for w in words),
            "app_key": key,
            "lararust_requirement": f">={major}.{minor},<{major}.{int(minor) + 1}",
        }

    def check_target(self, force: bool) -> None:
        """Refuse a file, or a non-empty directory unless ``force``."""
        if self.target.exists() and not self.target.is_dir():
            raise CommandError(f"{self.target} exists and is not a directory")
        if self.target.is_dir() and any(self.target.iterdir()) and not force:
            raise CommandError(
                f"{self.target} is not empty; choose another name or pass --force to write into it"
            )

    def write(self) -> None:
        """Write every file of the skeleton (the ``--api`` variant when asked)."""
        key = generate_key()
        values = self.variables(key)
        for relative, template in self._templates():
            text = string.Template(template.read_text("utf-8")).safe_substitute(values)
            if relative == Path("env"):
                self._put(Path(".env"), text, keep=True)
                example = re.sub(r"(?m)^APP_KEY=.*$", "APP_KEY=", text)
                self._put(Path(".env.example"), example)
            else:
                self._put(relative, text)
        for folder in KEEP_EMPTY:
            self._put(Path(folder) / ".gitkeep", "")
        database = self.target / "database" / "database.sqlite"
        if database.exists():
            self.kept.append(database)
        else:
            database.touch()
            self.written.append(database)

    def _templates(self) -> Iterator[tuple[Path, Path]]:
        overlay = SKELETON / "_api"
        chosen: dict[Path, Path] = {}
        for template in sorted(SKELETON.rglob("*" + SUFFIX)):
            relative = template.relative_to(SKELETON)
            if relative.parts[0] == "_api":
                continue
            chosen[_destination(relative)] = template
        if self.api:
            for drop in API_DROPS:
                chosen.pop(Path(drop), None)
            for template in sorted(overlay.rglob("*" + SUFFIX)):
                chosen[_destination(template.relative_to(overlay))] = template
        yield from sorted(chosen.items())

    def _put(self, relative: Path, text: str, keep: bool = False) -> None:
        path = self.target / relative
        if keep and path.exists():
            self.kept.append(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        self.written.append(path)


def _destination(relative: Path) -> Path:
    name = relative.name[: -len(SUFFIX)]
    return relative.with_name(RENAMES.get(name, name))
