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
    task = asyncio.ensure_future(anext(changes))
    # Edit until the watcher (which starts asynchronously) reports: no fixed sleep to race.
    for attempt in range(30):
        (views.root / "notes.txt").write_text(f"not a template {attempt}")
        path.write_text(f"edit {attempt}")
        done, _ = await asyncio.wait({task}, timeout=1)
        if done:
            break
    changed = await asyncio.wait_for(task, timeout=5)
    await changes.aclose()  # type: ignore[attr-defined]
    assert changed == {str(path)}
