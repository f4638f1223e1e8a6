"""Requests, responses, the HTTP kernel, middleware, sessions, CSRF, the embedded server and the test client."""

from .__about__ import __version__ as __version__

__all__ = ["__version__"]
