"""LaraBlade, a compiled Blade template engine for Python, and a Jinja2 adapter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lararust_support import lazy_exports as _lazy_exports

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
    from ._attributes import AttributeBag as AttributeBag
    from ._components import Component as Component
    from ._errors import TemplateError as TemplateError
    from ._errors import TemplateNotFound as TemplateNotFound
    from ._errors import TemplateSyntaxError as TemplateSyntaxError
    from ._errors import UndefinedError as UndefinedError
    from ._facade import View as View
    from ._facade import view as view
    from ._factory import Blade as Blade
    from ._factory import ViewFactory as ViewFactory
    from ._provider import ViewServiceProvider as ViewServiceProvider
    from ._runtime import Loop as Loop
    from ._runtime import Slot as Slot
    from ._view import ViewInstance as ViewInstance

__all__ = [
    "AttributeBag",
    "Blade",
    "Component",
    "Loop",
    "Slot",
    "TemplateError",
    "TemplateNotFound",
    "TemplateSyntaxError",
    "UndefinedError",
    "View",
    "ViewFactory",
    "ViewInstance",
    "ViewServiceProvider",
    "__version__",
    "view",
]

# Public name -> (module, attribute; None for a submodule). Imported on first use (PEP 562)
# so `import lararust_view` stays cheap: a command pays only for the names it touches.
_LAZY: dict[str, tuple[str, str | None]] = {
    "AttributeBag": ("._attributes", "AttributeBag"),
    "Component": ("._components", "Component"),
    "TemplateError": ("._errors", "TemplateError"),
    "TemplateNotFound": ("._errors", "TemplateNotFound"),
    "TemplateSyntaxError": ("._errors", "TemplateSyntaxError"),
    "UndefinedError": ("._errors", "UndefinedError"),
    "View": ("._facade", "View"),
    "view": ("._facade", "view"),
    "Blade": ("._factory", "Blade"),
    "ViewFactory": ("._factory", "ViewFactory"),
    "ViewServiceProvider": ("._provider", "ViewServiceProvider"),
    "Loop": ("._runtime", "Loop"),
    "Slot": ("._runtime", "Slot"),
    "ViewInstance": ("._view", "ViewInstance"),
}


if not TYPE_CHECKING:  # mypy reads the exact types from the imports above
    __getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
