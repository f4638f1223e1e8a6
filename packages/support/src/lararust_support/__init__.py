"""Str, Arr, Collection, macros, time helpers, Pipeline, HtmlString and the facade base."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
