"""The version of lararust-cli."""

__version__ = "0.1.0"
