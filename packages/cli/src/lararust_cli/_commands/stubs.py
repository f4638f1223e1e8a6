"""``lararust stub:publish``: copy the generators' stubs into the app to customise them."""

from __future__ import annotations

import shutil

from .._app import find_root, require_root
from .._base import Command
from .._generator import STUBS


class StubPublish(Command):
    """Publish all stubs that are available for customization."""

    name = "stub:publish"
    description = "Publish all stubs that are available for customization"
    boot = "none"

    def handle(self, force: bool = False) -> int:
        """Copy every ``*.stub`` into ``stubs/``; ``make:*`` then use the app's copies.

        Args:
            force: Overwrite stubs the app already has.
        """
        target = require_root(find_root(), self.name) / "stubs"
        target.mkdir(exist_ok=True)
        copied = kept = 0
        for stub in sorted(STUBS.glob("*.stub")):
            destination = target / stub.name
            if destination.exists() and not force:
                kept += 1
                continue
            shutil.copyfile(stub, destination)
            copied += 1
        self.info(f"Published {copied} stub(s) to stubs/.")
        if kept:
            self.comment(f"Kept {kept} stub(s) the app already has (--force replaces them).")
        return 0
