"""Routes, groups, named routes, URL generation, controllers and resources."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
