"""The version of lararust-contracts."""

__version__ = "0.1.0"
