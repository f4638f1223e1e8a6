"""The lararust command: new, serve, make:* and every command packages announce."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
