"""Console commands any package can ship without importing cli (``lararust.commands``)."""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

BootLevel = Literal["none", "config", "app"]


@runtime_checkable
class Command(Protocol):
    """A ``lararust`` command, announced by the ``lararust.commands`` entry point group.

    The entry point's name is the command name (``migrate:status``) so listing needs no import.
    ``handle``'s signature is the command line: parameters without a default are arguments,
    with a default are ``--options`` (``bool`` defaults are flags; ``_`` becomes ``-``). It may
    be ``async``. It returns an exit code (``None`` means 0). ``boot`` says how much of the app
    the command needs: nothing, configuration only, or the whole booted application.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    boot: ClassVar[BootLevel]

    def handle(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; return an exit code or None."""
        ...
