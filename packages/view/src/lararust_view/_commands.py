"""``view:cache`` and ``view:clear``, announced to the CLI by ``lararust.commands`` entry points."""

from __future__ import annotations

from typing import ClassVar

from lararust_contracts import BootLevel

from ._facade import view

__all__ = ["ViewCache", "ViewClear"]


class ViewCache:
    """Compile every Blade template into the compiled-view cache."""

    name: ClassVar[str] = "view:cache"
    description: ClassVar[str] = "Compile all Blade templates ahead of time"
    boot: ClassVar[BootLevel] = "app"

    def handle(self) -> int:
        """Compile every view; print the errors (file:line) of those that do not compile."""
        factory = view()
        count, errors = factory.compile_all()
        for error in errors:
            print(f"error: {error}")
        print(
            f"Compiled {count} Blade template(s)." + (f" {len(errors)} failed." if errors else "")
        )
        return 1 if errors else 0


class ViewClear:
    """Delete every compiled template."""

    name: ClassVar[str] = "view:clear"
    description: ClassVar[str] = "Delete all compiled Blade templates"
    boot: ClassVar[BootLevel] = "app"

    def handle(self) -> int:
        """Delete the compiled templates."""
        removed = view().clear_compiled()
        print(f"Cleared {removed} compiled template(s).")
        return 0
