"""LaraBlade, a compiled Blade template engine for Python, and a Jinja2 adapter."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
