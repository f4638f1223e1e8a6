"""The ``make:*`` generators of cli: controller, middleware, provider, command, request."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from .._app import find_root, require_root
from .._base import Command
from .._errors import CommandError
from .._generator import ClassName, import_path, kebab, parse_name, render_stub, snake, write_class


class _Make(Command):
    """Shared steps: find the app, render the stub, write without overwriting."""

    boot = "none"  # generators only write files: nothing of the app needs to run
    folder: ClassVar[str] = ""
    suffix: ClassVar[str] = ""
    kind: ClassVar[str] = ""

    def make(self, raw: str, stub: str, force: bool, **values: str) -> tuple[Path, ClassName]:
        """Generate ``raw`` from ``stub``; print and return the file written."""
        root = require_root(find_root(), self.name)
        name = parse_name(raw, self.suffix)
        text = render_stub(root, stub, {"class": name.cls, **values_for(name), **values})
        path = write_class(root, self.folder, name, text, force)
        self.info(f"{self.kind} [{path.relative_to(root)}] created successfully.")
        return path, name


def values_for(name: ClassName) -> dict[str, str]:
    """Placeholders every stub may use."""
    base = name.cls
    for suffix in ("Controller", "Middleware", "Request", "Command"):
        if base.endswith(suffix) and base != suffix:
            base = base[: -len(suffix)]
            break
    from lararust_support import Str  # its inflector pluralises like Laravel's (categories)

    return {
        "snake": snake(base),
        "kebab": kebab(base),
        "variable": snake(base),  # the router names a resource's parameter so: {photo}
        "plural": Str.plural(kebab(base)),
    }


class MakeController(_Make):
    """Create a new controller class."""

    name = "make:controller"
    description = "Create a new controller class"
    folder = "app/http/controllers"
    suffix = "Controller"
    kind = "Controller"

    def handle(
        self,
        name: str,
        resource: bool = False,
        api: bool = False,
        invokable: bool = False,
        force: bool = False,
    ) -> int:
        """Write ``app/http/controllers/<name>_controller.py``.

        Args:
            name: The controller's name (``Photo`` or ``PhotoController``; ``Admin/Photo``).
            resource: A resource controller (index, create, store, show, edit, update, destroy).
            api: A resource controller for an API (no create and edit).
            invokable: A single-action controller (``__call__``).
            force: Overwrite the file when it exists.
        """
        if invokable and (resource or api):
            raise CommandError("--invokable cannot be combined with --resource or --api")
        stub = "controller.plain.stub"
        if invokable:
            stub = "controller.invokable.stub"
        elif api:
            stub = "controller.api.stub"
        elif resource:
            stub = "controller.stub"
        _, made = self.make(name, stub, force)
        if resource or api:
            route = "api_resource" if api else "resource"
            module = import_path(self.folder, made)
            self.comment(
                f'  Route.{route}("{values_for(made)["plural"]}", {made.cls})'
                f"  # routes/web.py, after: from {module} import {made.cls}"
            )
        return 0


class MakeMiddleware(_Make):
    """Create a new middleware class."""

    name = "make:middleware"
    description = "Create a new middleware class"
    folder = "app/http/middleware"
    kind = "Middleware"

    def handle(self, name: str, force: bool = False) -> int:
        """Write ``app/http/middleware/<name>.py``.

        Args:
            name: The middleware's class name (``EnsureTokenIsValid``).
            force: Overwrite the file when it exists.
        """
        self.make(name, "middleware.stub", force)
        return 0


class MakeProvider(_Make):
    """Create a new service provider class."""

    name = "make:provider"
    description = "Create a new service provider class"
    folder = "app/providers"
    kind = "Provider"

    def handle(self, name: str, force: bool = False) -> int:
        """Write ``app/providers/<name>.py``; register it in ``bootstrap/app.py``.

        Args:
            name: The provider's class name (``RiakServiceProvider``).
            force: Overwrite the file when it exists.
        """
        _, made = self.make(name, "provider.stub", force)
        self.comment(
            f"  Register it: .with_providers([..., {made.cls}]) in bootstrap/app.py, after "
            f"from {import_path(self.folder, made)} import {made.cls}"
        )
        return 0


class MakeCommand(_Make):
    """Create a new console command (picked up from app/console/commands/)."""

    name = "make:command"
    description = "Create a new console command"
    folder = "app/console/commands"
    kind = "Console command"

    def handle(self, name: str, command: str = "", force: bool = False) -> int:
        """Write ``app/console/commands/<name>.py``; ``lararust`` lists it at once.

        Args:
            name: The command's class name (``SendEmails``).
            command: The command's name on the command line (default ``app:<name>``).
            force: Overwrite the file when it exists.
        """
        made = parse_name(name)
        signature = command or f"app:{kebab(made.cls)}"
        if not signature.replace(":", "").replace("-", "").replace("_", "").isalnum():
            raise CommandError(f"{signature!r} is not a valid command name")
        self.make(name, "command.stub", force, command=signature)
        return 0


class MakeRequest(_Make):
    """Create a new form request class."""

    name = "make:request"
    description = "Create a new form request class"
    folder = "app/http/requests"
    suffix = "Request"
    kind = "Request"

    def handle(self, name: str, force: bool = False) -> int:
        """Write ``app/http/requests/<name>_request.py``.

        Args:
            name: The request's name (``StorePost`` or ``StorePostRequest``).
            force: Overwrite the file when it exists.
        """
        self.make(name, "request.stub", force)
        return 0


class MakeTest(Command):
    """Create a new test file."""

    name = "make:test"
    description = "Create a new test file"
    boot = "none"

    def handle(self, name: str, unit: bool = False, force: bool = False) -> int:
        """Write ``tests/feature/test_<name>.py`` (``tests/unit/`` with ``--unit``).

        Args:
            name: What the tests are about (``User`` or ``UserTest``; ``Admin/User``).
            unit: A unit test (no HTTP client) in tests/unit/.
            force: Overwrite the file when it exists.
        """
        root = require_root(find_root(), self.name)
        made = parse_name(name)
        subject = snake(
            made.cls[:-4] if made.cls.endswith("Test") and made.cls != "Test" else made.cls
        )
        folder = root / "tests" / ("unit" if unit else "feature") / Path(*made.folders)
        target = folder / f"test_{subject}.py"
        if target.exists() and not force:
            raise CommandError(
                f"{target.relative_to(root)} already exists; pass --force to overwrite it"
            )
        text = render_stub(root, "test.unit.stub" if unit else "test.stub", {"snake": subject})
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        self.info(f"Test [{target.relative_to(root)}] created successfully.")
        return 0
