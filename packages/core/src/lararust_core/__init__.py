"""Service container, providers, configuration, events, logging, hashing and encryption."""

from .__about__ import __version__ as __version__
from ._container import Container as Container
from ._container import ScopedServiceCaptured as ScopedServiceCaptured
from ._scope import Scope as Scope

__all__ = ["Container", "Scope", "ScopedServiceCaptured", "__version__"]
