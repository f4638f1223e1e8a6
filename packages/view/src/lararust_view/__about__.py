"""The version of lararust-view."""

__version__ = "0.1.0"
