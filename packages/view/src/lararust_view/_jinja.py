"""The Jinja2 engine behind the same factory, for ``*.jinja`` and ``*.html.j2`` views.

Rules: an optional extra (``pip install lararust-view[jinja]``); one ``Environment`` per
factory with autoescaping on, loading from the same view paths and namespaces
(``{% extends "layouts/base.jinja" %}``, ``mail::welcome.jinja``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import TemplateError
from ._finder import Found

if TYPE_CHECKING:
    from ._factory import ViewFactory

__all__ = ["JinjaEngine"]


class JinjaEngine:
    """Renders Jinja2 views found by the factory's finder."""

    def __init__(self, factory: ViewFactory) -> None:
        try:
            import jinja2
        except ImportError:
            raise TemplateError(
                "rendering *.jinja views needs Jinja2: pip install 'lararust-view[jinja]'"
            ) from None
        finder = factory.finder
        loaders: list[Any] = [jinja2.FileSystemLoader(finder.paths)]
        if finder.namespaces:
            loaders.append(
                jinja2.PrefixLoader(
                    {ns: jinja2.FileSystemLoader(paths) for ns, paths in finder.namespaces.items()},
                    delimiter="::",
                )
            )
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=True,
            auto_reload=factory.debug,
            keep_trailing_newline=True,
        )

    def render(self, found: Found, ctx: dict[str, Any]) -> str:
        """Render the view at ``found`` with ``ctx``."""
        name = found.relative if found.namespace is None else f"{found.namespace}::{found.relative}"
        return self.env.get_template(name).render(ctx)
