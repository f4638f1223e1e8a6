"""``Macroable``: add methods to a class at runtime (Laravel's ``Macroable`` trait).

Rules of this module:

- ``Cls.macro(name, fn)`` sets ``fn`` as a real class attribute, so a macro costs the same as a
  method: called on the class it is a plain function (``Str.slugify("x")``); called on an
  instance it is bound like any method (``collect([1]).evens()`` receives the collection first).
  Pass ``staticmethod(fn)`` for a macro that ignores the instance.
- A macro never replaces a method the class defines: that would change framework behaviour
  behind every caller's back. Replacing an earlier *macro* is allowed.
- Macros live on the class that registered them and are inherited by its subclasses.
- Typing: mypy accepts calls to macros through an ``Any``-typed ``__getattr__`` declared for
  type checkers only (instances); the static helper classes ``Str`` and ``Arr`` also declare it
  on their metaclass (``MacroableMeta``) so ``Str.slugify(...)`` type-checks.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

__all__ = ["Macroable", "MacroableMeta"]

if TYPE_CHECKING:

    class MacroableMeta(type):
        """Metaclass letting type checkers accept class-level macro calls (``Str.slugify``)."""

        def __getattr__(cls, name: str) -> Any: ...

else:
    # At runtime a plain ``type``: no metaclass conflicts for classes that opt in.
    MacroableMeta = type


_MACROS = "__lararust_macros__"

if TYPE_CHECKING:
    # Subscripted only for type checkers: staticmethod is not subscriptable at runtime on 3.11.
    from typing import TypeAlias

    MacroBody: TypeAlias = Callable[..., Any] | staticmethod[..., Any] | classmethod[Any, ..., Any]


class Macroable:
    """Mixin: ``Cls.macro("name", fn)`` adds ``Cls.name``; ``Cls.mixin(obj)`` adds many."""

    __slots__ = ()

    @classmethod
    def macro(
        cls, name: str, fn: Callable[..., Any] | staticmethod[..., Any] | classmethod[Any, ..., Any]
    ) -> None:
        """Register ``fn`` as ``cls.<name>``.

        Raises:
            ValueError: ``name`` is not an identifier, or names a method the class defines.
            TypeError: ``fn`` is not callable.
        """
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
            raise ValueError(f"macro name must be a plain identifier, got {name!r}")
        if not (callable(fn) or isinstance(fn, staticmethod | classmethod)):
            raise TypeError(f"macro {name!r} of {cls.__name__} must be callable, got {fn!r}")
        if hasattr(cls, name) and not cls.has_macro(name):
            raise ValueError(
                f"{cls.__name__} already has {name!r}; a macro cannot replace a method"
            )
        macros: dict[str, object] | None = cls.__dict__.get(_MACROS)
        if macros is None:
            macros = {}
            setattr(cls, _MACROS, macros)
        macros[name] = fn
        setattr(cls, name, fn)

    @classmethod
    def mixin(cls, source: object, *, replace: bool = True) -> None:
        """Register every public function of ``source`` (a class or an instance) as a macro.

        With ``replace=False`` an existing macro of the same name is kept.
        """
        owner = source if isinstance(source, type) else type(source)
        for name, member in vars(owner).items():
            if name.startswith("_"):
                continue
            if not (inspect.isfunction(member) or isinstance(member, staticmethod | classmethod)):
                continue
            if not replace and cls.has_macro(name):
                continue
            cls.macro(name, member)

    @classmethod
    def has_macro(cls, name: str) -> bool:
        """Whether ``name`` is a macro registered on this class or a parent."""
        return any(name in (vars(klass).get(_MACROS) or ()) for klass in cls.__mro__)

    @classmethod
    def flush_macros(cls) -> None:
        """Remove the macros registered on this class (not its parents')."""
        macros: dict[str, object] = cls.__dict__.get(_MACROS) or {}
        for name in macros:
            delattr(cls, name)
        macros.clear()

    if TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any: ...
