"""``lararust test``: the app's pytest suite; every option passes through to pytest.

The framework's pytest plugin (lararust-http's ``app`` and ``client`` fixtures) loads by its
``pytest11`` entry point; this command runs pytest in the app root with that root first on
``PYTHONPATH`` and ``APP_ENV=testing`` (unless set), in a fresh process.
"""

from __future__ import annotations

import os
import subprocess
import sys

from .._app import find_root, require_root
from .._base import Command


class Test(Command):
    """Run the application's tests (every option goes to pytest)."""

    name = "test"
    description = "Run the application's tests (pytest; options pass through)"
    boot = "none"  # the tests boot the app themselves, in their own process
    passthrough = True

    def handle(self, args: list[str]) -> int:
        """Run ``python -m pytest ARGS`` in the app root."""
        root = require_root(find_root(), self.name)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        env.setdefault("APP_ENV", "testing")
        command = [sys.executable, "-m", "pytest", *args]
        return subprocess.run(command, cwd=root, env=env).returncode
