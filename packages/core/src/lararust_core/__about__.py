"""The version of lararust-core."""

__version__ = "0.1.0"
