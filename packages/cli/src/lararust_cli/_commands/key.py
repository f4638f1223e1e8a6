"""``lararust key:generate``: write a new ``APP_KEY`` into ``.env``."""

from __future__ import annotations

import re
from pathlib import Path

from .._app import find_root, require_root
from .._base import Command
from .._errors import CommandError
from .._scaffold import generate_key

_KEY_LINE = re.compile(r"(?m)^APP_KEY=.*$")


class KeyGenerate(Command):
    """Set the application key."""

    name = "key:generate"
    description = "Set the application key"
    boot = "none"

    def handle(self, show: bool = False, force: bool = False) -> int:
        """Generate a 256-bit key and write it to ``.env`` as ``APP_KEY``.

        Args:
            show: Print the key instead of writing it.
            force: Replace the key in production (encrypted data and sessions become unreadable).
        """
        key = generate_key()
        if show:
            self.line(key)
            return 0
        env = require_root(find_root(), self.name) / ".env"
        if not env.is_file():
            raise CommandError(f"{env} does not exist: copy .env.example to .env first")
        text = env.read_text("utf-8")
        current = _KEY_LINE.search(text)
        if current and current.group(0) != "APP_KEY=" and _production(text) and not force:
            raise CommandError(
                "the application is in production and has a key: replacing it makes encrypted "
                "data and sessions unreadable; pass --force if that is intended"
            )
        _write(env, text, key)
        self.info("Application key set successfully.")
        return 0


def _production(text: str) -> bool:
    match = re.search(r"(?m)^APP_ENV=\s*\"?([^\"\s]*)", text)
    return match is not None and match.group(1) == "production"


def _write(env: Path, text: str, key: str) -> None:
    if _KEY_LINE.search(text):
        text = _KEY_LINE.sub(lambda _: f"APP_KEY={key}", text, count=1)
    else:
        text = text + ("" if text.endswith("\n") or not text else "\n") + f"APP_KEY={key}\n"
    temporary = env.with_name(env.name + ".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(env)  # atomic: a crash never leaves a half-written .env
