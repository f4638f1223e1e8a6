"""Service container, providers, configuration, events, logging, hashing and encryption."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
