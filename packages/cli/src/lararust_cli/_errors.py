"""The error a command raises to stop with one clear line and a non-zero exit code."""

from __future__ import annotations

from lararust_contracts import LaraRustError


class CommandError(LaraRustError):
    """Stops the command: its message is printed on one line, the exit code is ``exit_code``."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
