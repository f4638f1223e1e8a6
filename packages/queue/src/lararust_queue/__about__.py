"""The version of lararust-queue."""

__version__ = "0.1.0"
