"""The lararust command: new, serve, make:* and every command packages announce."""

from .__about__ import __version__ as __version__
from ._base import Command as Command
from ._closures import command as command
from ._errors import CommandError as CommandError
from ._main import main as main

__all__ = ["Command", "CommandError", "__version__", "command", "main"]
