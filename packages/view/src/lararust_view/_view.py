"""``ViewInstance``: a view name plus its data, rendered when asked (Laravel's ``View``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._factory import ViewFactory

__all__ = ["ViewInstance"]


class ViewInstance:
    """A view ready to render; implements ``lararust_contracts.View`` and ``Htmlable``.

    Composers receive one: ``view["key"] = value`` or ``view.with_(key, value)`` add data.
    """

    __slots__ = ("context", "factory", "name")

    def __init__(self, factory: ViewFactory, name: str, context: dict[str, Any]) -> None:
        self.factory = factory
        self.name = name
        self.context = context

    def render(self) -> str:
        """Render the view to HTML."""
        return self.factory.render(self.name, self.context)

    def fragment(self, name: str) -> str:
        """Render only the view's ``@fragment(name)``."""
        return self.factory.render(self.name, self.context, fragment=name)

    def with_(self, key: str | Mapping[str, Any], value: Any = None) -> ViewInstance:
        """Add data (one pair or a mapping); return the view."""
        if isinstance(key, str):
            self.context[key] = value
        else:
            self.context.update(key)
        return self

    def get(self, key: str, default: Any = None) -> Any:
        """Read one item of the view's data."""
        return self.context.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.context[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.context[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self.context

    def __html__(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"<ViewInstance {self.name!r}>"
