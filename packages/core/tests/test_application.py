"""The application: providers (order, deferred, discovery), boot, ASGI edge, ``app()``."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from lararust_core import (
    Application,
    ProviderError,
    Repository,
    ServiceProvider,
    app,
    config,
)
from lararust_core._discovery import discover

NO_DISCOVERY = {"config/app.py": 'config = {"dont_discover": ["*"], "timezone": "UTC"}\n'}


class Recorder:
    events: ClassVar[list[str]] = []


class FirstProvider(ServiceProvider):
    def register(self) -> None:
        Recorder.events.append("register first")
        self.app.singleton("first", lambda app: "first service")

    def boot(self) -> None:
        Recorder.events.append("boot first")


class SecondProvider(ServiceProvider):
    def register(self) -> None:
        Recorder.events.append("register second")

    async def boot(self) -> None:
        # boot may be async and may use services other providers registered
        Recorder.events.append(f"boot second uses {self.app.make('first')}")


class DeferredProvider(ServiceProvider):
    provides: ClassVar[list[Any]] = ["reports"]  # type: ignore[misc]

    def register(self) -> None:
        Recorder.events.append("register deferred")
        self.app.singleton("reports", lambda app: ["q1"])

    def boot(self) -> None:
        Recorder.events.append("boot deferred")


@pytest.fixture(autouse=True)
def reset_recorder() -> None:
    Recorder.events = []


@pytest.fixture
def root(project: Callable[..., Path]) -> Path:
    return project(NO_DISCOVERY)


@pytest.mark.smoke
async def test_register_all_then_boot_all_in_order(root: Path) -> None:
    application = (
        Application.configure(base_path=root).with_providers([FirstProvider, SecondProvider])
    ).create()
    assert Recorder.events == ["register first", "register second"]
    assert not application.is_booted()
    await application.boot()
    assert application.is_booted()
    assert Recorder.events[2:] == ["boot first", "boot second uses first service"]


async def test_deferred_provider_registers_on_first_use(root: Path) -> None:
    application = Application.configure(base_path=root).with_providers([DeferredProvider]).create()
    await application.boot()
    assert Recorder.events == []
    assert application.bound("reports")
    assert application.make("reports") == ["q1"]
    assert Recorder.events == ["register deferred", "boot deferred"]


async def test_deferred_provider_with_async_boot_needs_amake(root: Path) -> None:
    class AsyncDeferred(DeferredProvider):
        async def boot(self) -> None:  # type: ignore[override]
            Recorder.events.append("async boot")

    application = Application.configure(base_path=root).with_providers([AsyncDeferred]).create()
    await application.boot()
    assert await application.amake("reports") == ["q1"]
    assert Recorder.events == ["register deferred", "async boot"]


def test_providers_from_config_as_import_strings(project: Callable[..., Path]) -> None:
    root = project(
        {
            "config/app.py": """
                config = {"dont_discover": ["*"],
                          "providers": ["test_application_providers:ConfiguredProvider"]}
            """,
            "lib/test_application_providers.py": """
                from lararust_core import ServiceProvider
                class ConfiguredProvider(ServiceProvider):
                    def register(self):
                        self.app.instance("configured", True)
            """,
        }
    )
    sys.path.insert(0, str(root / "lib"))
    try:
        application = Application.configure(base_path=root).create()
    finally:
        sys.path.remove(str(root / "lib"))
        sys.modules.pop("test_application_providers", None)
    assert application.make("configured") is True


def test_unknown_provider_import_string_is_named(root: Path) -> None:
    builder = Application.configure(base_path=root).with_providers(["nowhere.at_all:Provider"])
    with pytest.raises(ProviderError, match=r"'nowhere\.at_all:Provider'"):
        builder.create()


async def test_a_failed_boot_can_be_retried_without_booting_twice(root: Path) -> None:
    attempts: list[str] = []

    class Flaky(ServiceProvider):
        def boot(self) -> None:
            attempts.append("flaky")
            if len(attempts) == 1:
                raise ConnectionError("database not up yet")

    application = (
        Application.configure(base_path=root).with_providers([FirstProvider, Flaky]).create()
    )
    with pytest.raises(ConnectionError):
        await application.boot()
    assert not application.is_booted()
    await application.boot()
    assert application.is_booted()
    assert Recorder.events.count("boot first") == 1
    assert attempts == ["flaky", "flaky"]


async def test_provider_registered_after_boot_boots_at_once(root: Path) -> None:
    application = Application.configure(base_path=root).create()
    await application.boot()
    application.register(FirstProvider)
    assert Recorder.events == ["register first", "boot first"]
    await application.aregister(SecondProvider)
    assert Recorder.events[-1] == "boot second uses first service"
    with pytest.raises(RuntimeError, match="aregister"):
        application.register(type("AsyncBoot", (SecondProvider,), {}))


def test_boot_sync_without_a_loop(root: Path) -> None:
    application = Application.configure(base_path=root).with_providers([SecondProvider]).create()
    application.singleton("first", lambda app: "sync")
    application.boot_sync()
    assert Recorder.events[-1] == "boot second uses sync"


def test_app_helper_and_config_helper_follow_the_current_application(root: Path) -> None:
    first = Application.configure(base_path=root).create()
    second = Application(root)
    assert app() is second  # the newest application is the process-wide one
    with first.as_current():
        assert app() is first
        assert app("config") is first.make("config")
        assert config("app.timezone") == "UTC"
    assert app() is second


def test_builder_stores_routing_and_callbacks(root: Path) -> None:
    def middleware(m: object) -> None: ...

    def exceptions(e: object) -> None: ...

    application = (
        Application.configure(base_path=root)
        .with_routing(web="routes/web.py", health="/up")
        .with_middleware(middleware)
        .with_exceptions(exceptions)
        .create()
    )
    assert application.make("config").get("app.routing.web") == "routes/web.py"
    assert application.make("config").get("app.routing.health") == "/up"
    assert application.make("app.middleware_callbacks") == [middleware]
    assert application.make("app.exception_callbacks") == [exceptions]


def test_application_state(root: Path) -> None:
    application = Application.configure(base_path=root).create()
    assert application.base_path == root.resolve()
    assert application.environment == "production"
    assert application.debug is False
    assert application.make(Application) is application
    assert application.config_path("app.py") == root.resolve() / "config" / "app.py"


async def test_asgi_lifespan_boots_and_shuts_down(root: Path) -> None:
    stopped: list[str] = []
    application = Application.configure(base_path=root).with_providers([FirstProvider]).create()
    application.terminating(lambda: stopped.append("terminating"))
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(message)

    await application({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert application.is_booted()
    assert stopped == ["terminating"]


async def test_asgi_http_goes_to_the_http_kernel(root: Path) -> None:
    seen: list[str] = []

    async def kernel(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["path"])

    class HttpProvider(ServiceProvider):
        def register(self) -> None:
            self.app.instance("http.kernel", kernel)

    application = Application.configure(base_path=root).with_providers([HttpProvider]).create()

    async def nothing() -> Any: ...

    await application({"type": "http", "path": "/up"}, nothing, nothing)  # type: ignore[arg-type]
    assert seen == ["/up"]
    assert application.is_booted()  # booted on the first request (no lifespan)
    assert application.direct_handler() is None  # this kernel has no handle_direct


async def test_direct_handler_is_the_kernels_handle_direct(root: Path) -> None:
    class Kernel:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None: ...

        async def handle_direct(self, scope: Any, receive: Any) -> str:
            return "response"

    class HttpProvider(ServiceProvider):
        def register(self) -> None:
            self.app.singleton("http.kernel", Kernel)

    application = Application.configure(base_path=root).with_providers([HttpProvider]).create()
    handler = application.direct_handler()
    assert handler is not None
    assert await handler({}, None) == "response"
    assert application.is_booted()


class RequestState:
    pass


async def test_each_request_gets_its_own_scope_on_both_paths(root: Path) -> None:
    states: list[object] = []

    class Kernel:
        async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
            await self.handle_direct(scope, receive)

        async def handle_direct(self, scope: Any, receive: Any) -> None:
            state = application.make(RequestState)
            assert application.make(RequestState) is state  # shared within the request
            states.append(state)

    class HttpProvider(ServiceProvider):
        def register(self) -> None:
            self.app.singleton("http.kernel", Kernel)
            self.app.scoped(RequestState)

    application = Application.configure(base_path=root).with_providers([HttpProvider]).create()
    handler = application.direct_handler()
    assert handler is not None
    await handler({}, None)
    await handler({}, None)
    await application({"type": "http"}, None, None)  # type: ignore[arg-type]
    assert len({id(state) for state in states}) == 3
    assert application.current_scope() is None


async def test_a_kernel_opening_scopes_itself_gets_the_scope_variable(root: Path) -> None:
    states: list[object] = []

    class Request:
        """A scope holder: core makes its scope on the first scoped resolution."""

        container_scope: Any = None

    holders: list[Request] = []

    class Kernel:
        """Like the http kernel: lets each request stand for its scope in handle_direct."""

        def use_container_scopes(self, var: Any) -> None:
            self.var = var

        async def __call__(self, scope: Any, receive: Any, send: Any) -> None: ...

        async def handle_direct(self, scope: Any, receive: Any) -> None:
            request = Request()
            holders.append(request)
            token = self.var.set(request)
            try:
                if scope.get("scoped"):
                    state = application.make(RequestState)
                    assert application.make(RequestState) is state
                    states.append(state)
                    # A task the request starts (copying the context) shares its scope.
                    child = asyncio.create_task(_make_async(application, RequestState))
                    assert await child is state
            finally:
                self.var.reset(token)

    class HttpProvider(ServiceProvider):
        def register(self) -> None:
            self.app.singleton("http.kernel", Kernel)
            self.app.scoped(RequestState)

    application = Application.configure(base_path=root).with_providers([HttpProvider]).create()
    handler = application.direct_handler()
    assert handler == application.make("http.kernel").handle_direct  # no wrapper coroutine
    await handler({}, None)
    assert holders[0].container_scope is None  # nothing scoped resolved: no scope made
    await handler({"scoped": True}, None)
    await handler({"scoped": True}, None)
    assert states[0] is not states[1]
    assert holders[1].container_scope is not None
    assert application.current_scope() is None


async def _make_async(application: Application, key: Any) -> Any:
    return application.make(key)


# -- entry point discovery, with real distributions on sys.path ------------------------------


def write_dist(site: Path, name: str, requires: list[str], entry_points: str) -> None:
    info = site / f"{name.replace('-', '_')}-1.0.dist-info"
    info.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n"
    metadata += "".join(f"Requires-Dist: {r}\n" for r in requires)
    (info / "METADATA").write_text(metadata)
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Two test distributions: ``aaa-app`` depends on ``zzz-base``; both ship providers."""
    site = tmp_path / "site"
    (site / "lr_test_providers").mkdir(parents=True)
    (site / "lr_test_providers" / "__init__.py").write_text(
        textwrap.dedent(
            """
            from tests_recorder import Recorder
            from lararust_core import ServiceProvider

            class BaseProvider(ServiceProvider):
                def register(self):
                    Recorder.events.append("register base")
                def boot(self):
                    Recorder.events.append("boot base")

            class AppProvider(ServiceProvider):
                def register(self):
                    Recorder.events.append("register app")
                    self.app.instance("from.entry.point", True)
                def boot(self):
                    Recorder.events.append("boot app")
            """
        )
    )
    write_dist(
        site,
        "aaa-app",
        ["zzz-base>=1.0"],
        "[lararust.providers]\napp = lr_test_providers:AppProvider\n",
    )
    write_dist(
        site, "zzz-base", [], "[lararust.providers]\nbase = lr_test_providers:BaseProvider\n"
    )
    recorder = type(sys)("tests_recorder")
    recorder.Recorder = Recorder  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tests_recorder", recorder)
    monkeypatch.syspath_prepend(str(site))
    yield site
    sys.modules.pop("lr_test_providers", None)


def test_discovery_orders_dependencies_first(site: Path) -> None:
    found = [(ep.dist.metadata["Name"] if ep.dist else "", ep.name) for ep in discover()]
    assert found.index(("zzz-base", "base")) < found.index(("aaa-app", "app"))


async def test_discovered_providers_register_then_boot(
    site: Path, project: Callable[..., Path]
) -> None:
    others = sorted(
        {ep.dist.metadata["Name"] for ep in discover() if ep.dist is not None}
        - {"aaa-app", "zzz-base"}
    )
    root = project({"config/app.py": f"config = {{'dont_discover': {others!r}}}\n"})
    application = Application.configure(base_path=root).create()
    assert application.make("from.entry.point") is True
    await application.boot()
    assert Recorder.events == ["register base", "register app", "boot base", "boot app"]


def test_broken_entry_point_is_named(site: Path, project: Callable[..., Path]) -> None:
    write_dist(site, "broken-dist", [], "[lararust.providers]\nbad = lr_missing_mod:Nope\n")
    root = project({"config/app.py": "config = {}\n"})
    with pytest.raises(ProviderError, match="entry point 'bad' = 'lr_missing_mod:Nope'"):
        Application.configure(base_path=root).create()


def test_a_bare_application_loads_its_configuration_on_first_use(
    project: Callable[..., Path],
) -> None:
    root = project({"config/app.py": 'config = {"name": "Bare"}\n'})
    application = Application(root)
    assert application.bound("config")
    assert application.make("config").get("app.name") == "Bare"
    assert application.make(Repository) is application.make("config")
