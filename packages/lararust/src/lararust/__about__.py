"""The version of lararust."""

__version__ = "0.1.0"
