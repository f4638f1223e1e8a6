"""LaraBlade, a compiled Blade template engine for Python, and a Jinja2 adapter."""

from .__about__ import __version__ as __version__
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
