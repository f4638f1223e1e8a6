"""The optional watcher announces edited templates (lararust-view[watch])."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lararust_view import Blade

if TYPE_CHECKING:
    from conftest import Views


async def test_watch_yields_changed_template_files(views: Views, blade: Blade) -> None:
    path = views.write("a", "one")
    changes = blade.watch()

    async def first_change() -> set[str]:
        return await anext(changes)

    task = asyncio.create_task(first_change())
    await asyncio.sleep(0.3)  # let the watcher start before the edit (not a timing assert)
    path.write_text("two")
    (views.root / "notes.txt").write_text("not a template")
    changed = await asyncio.wait_for(task, timeout=20)
    await changes.aclose()  # type: ignore[attr-defined]
    assert changed == {str(path)}
    assert not any(p.endswith(".txt") for p in changed)
