"""The version of lararust-support."""

__version__ = "0.1.0"
