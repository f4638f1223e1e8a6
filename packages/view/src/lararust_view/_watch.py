"""Announce changed templates (``pip install 'lararust-view[watch]'``, uses ``watchfiles``).

The factory already recompiles an edited template on its next render in debug mode; this is
for telling someone (the http dev server reloads open browser pages with it).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ._errors import TemplateError
from ._finder import EXTENSIONS

if TYPE_CHECKING:
    from ._factory import ViewFactory

__all__ = ["watch_templates"]


async def watch_templates(factory: ViewFactory) -> AsyncIterator[set[str]]:
    """Yield the set of changed template files each time some change, under every view path."""
    try:
        from watchfiles import awatch
    except ImportError:
        raise TemplateError(
            "watching templates needs watchfiles: pip install 'lararust-view[watch]'"
        ) from None
    roots = list(factory.finder.paths)
    roots += [p for paths in factory.finder.namespaces.values() for p in paths]

    def is_template(_change: object, path: str) -> bool:
        return path.endswith(EXTENSIONS)

    # A short debounce: an editor saving several files still yields one set, quickly.
    async for changes in awatch(*roots, watch_filter=is_template, debounce=300):
        factory.flush_finder_cache()  # a new or deleted view changes what names resolve to
        yield {path for _, path in changes}
