"""The version of lararust-http."""

__version__ = "0.1.0"
