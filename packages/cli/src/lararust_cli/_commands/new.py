"""``lararust new <name>``: create an application from the shipped skeleton (offline)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

from .._base import Command
from .._errors import CommandError
from .._scaffold import Scaffold


class New(Command):
    """Create a new LaraRust application."""

    name = "new"
    description = "Create a new LaraRust application"
    boot = "none"

    def handle(self, name: str, api: bool = False, git: bool = False, force: bool = False) -> int:
        """Write the skeleton into the directory ``name``.

        Args:
            name: The directory to create (a path; its last part names the app).
            api: An API-only application (no views or sessions in the welcome route).
            git: Initialise a git repository with a first commit.
            force: Write into a non-empty directory (keeps its .env and database).
        """
        target = Path(name).expanduser().resolve()
        scaffold = Scaffold(target, api=api)
        scaffold.check_target(force)
        scaffold.write()
        if git:
            self._git(target)
        self.info(f"Application ready in {target}")
        for path in scaffold.kept:
            self.comment(f"  kept the existing {path.relative_to(target)}")
        self.line("\nNext steps:")
        if target != Path.cwd().resolve():
            shown = name if Path(name).is_absolute() else Path(name).as_posix()
            self.line(f"  cd {shlex.quote(shown)}")
        self.line("  lararust serve        # http://127.0.0.1:8000")
        self.line("  lararust test         # the app's test suite")
        return 0

    def _git(self, target: Path) -> None:
        if shutil.which("git") is None:
            raise CommandError("--git: the git executable is not on PATH")
        quiet = {"cwd": target, "check": True, "capture_output": True}
        subprocess.run(["git", "init", "-q"], **quiet)  # type: ignore[call-overload]
        subprocess.run(["git", "add", "-A"], **quiet)  # type: ignore[call-overload]
        commit = subprocess.run(
            ["git", "commit", "-q", "-m", "Set up a fresh LaraRust application"],
            cwd=target,
            capture_output=True,
            text=True,
        )
        if commit.returncode:
            self.warn(
                "git: repository initialised; the first commit failed: "
                + (commit.stderr.strip().splitlines() or ["no reason given"])[-1]
            )
