"""The version of lararust-orm."""

__version__ = "0.1.0"
