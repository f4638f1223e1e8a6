"""``lararust env``: the current application environment."""

from __future__ import annotations

from .._base import Command


class Env(Command):
    """Display the current framework environment."""

    name = "env"
    description = "Display the current framework environment"
    boot = "config"

    def handle(self) -> int:
        """Print ``app.env`` as the configuration resolved it (.env, real environment, cache)."""
        from lararust_core import app

        self.info(f"The application environment is [{app().environment}].")
        return 0
