"""Jobs, queue drivers, the worker and the scheduler."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
