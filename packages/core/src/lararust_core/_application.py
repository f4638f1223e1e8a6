"""The application: the container plus paths, configuration, providers and the ASGI edge.

Life cycle (Laravel 11's, see ``bootstrap/app.py``):
1. ``Application.configure(base_path=...)...create()`` loads ``.env`` and ``config/`` (or the
   config cache), checks the schemas, then registers providers: core's, the installed packages'
   (``lararust.providers`` entry points), config ``app.providers``, then the builder's.
2. ``await app.boot()`` (or ASGI lifespan startup, or the first request) boots them in order.
3. ASGI lifespan shutdown runs ``terminating`` callbacks and providers' ``shutdown()``.
"""

from __future__ import annotations

import asyncio
import inspect
import os
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lararust_contracts import Application as ApplicationContract
from lararust_contracts import ConfigRepository, Receive, Scope, Send

from . import _discovery
from ._config import Repository
from ._config_loader import load_config_directory, read_cache, write_cache
from ._container import Container
from ._current import set_application, using_application
from ._env import load_env
from ._schema import check_config, check_env, raise_problems
from ._scope import Scope as ContainerScope

if TYPE_CHECKING:
    from ._builder import ApplicationBuilder

ProviderSpec = type | str | Any


class Application(Container):
    """The LaraRust application: a container that knows its paths, config and providers.

    Args:
        base_path: the project root (holds ``.env``, ``config/``, ``bootstrap/``).
        environment: overrides ``app.env`` (``APP_ENV``).
        debug: overrides ``app.debug`` (``APP_DEBUG``).
    """

    def __init__(
        self,
        base_path: str | os.PathLike[str] | None = None,
        *,
        environment: str | None = None,
        debug: bool | None = None,
    ) -> None:
        super().__init__(debug=bool(debug))
        self._base_path = Path(base_path or os.getcwd()).resolve()
        self._environment_override = environment
        self._debug_override = debug
        self._providers: list[Any] = []
        self._boots: set[int] = set()  # ids of providers whose boot ran
        self._provider_types: set[type] = set()
        self._deferred: dict[Any, Any] = {}
        self._pending: list[ProviderSpec] = []
        self._configured = False
        self._registered = False
        self._booted = False
        self._boot_lock: asyncio.Lock | None = None
        self._booting: list[Callable[[Application], Any]] = []
        self._booted_callbacks: list[Callable[[Application], Any]] = []
        self._terminating: list[Callable[[], Any]] = []
        self._config_cached = False
        self._env_schema: dict[str, Any] = {}
        self._config_schema: dict[str, Any] = {}
        self._routing: dict[str, Any] = {}
        self._kernel: Any = None
        for key in ("app", Application, ApplicationContract):
            self.instance(key, self)
        self.alias("config", Repository)
        self.alias("config", ConfigRepository)
        self.instance("app.middleware_callbacks", [])
        self.instance("app.exception_callbacks", [])
        set_application(self)

    @classmethod
    def configure(cls, base_path: str | os.PathLike[str] | None = None) -> ApplicationBuilder:
        """Start building an application (``bootstrap/app.py``); finish with ``.create()``."""
        from ._builder import ApplicationBuilder

        return ApplicationBuilder(cls, base_path)

    # -- paths and state ----------------------------------------------------------------------

    @property
    def base_path(self) -> Path:
        """The project root."""
        return self._base_path

    def path(self, *parts: str) -> Path:
        """A path under the project root."""
        return self._base_path.joinpath(*parts)

    def config_path(self, *parts: str) -> Path:
        """A path under ``config/``."""
        return self.path("config", *parts)

    def storage_path(self, *parts: str) -> Path:
        """A path under ``storage/``."""
        return self.path("storage", *parts)

    def resource_path(self, *parts: str) -> Path:
        """A path under ``resources/``."""
        return self.path("resources", *parts)

    def public_path(self, *parts: str) -> Path:
        """A path under ``public/``."""
        return self.path("public", *parts)

    def database_path(self, *parts: str) -> Path:
        """A path under ``database/``."""
        return self.path("database", *parts)

    def bootstrap_path(self, *parts: str) -> Path:
        """A path under ``bootstrap/``."""
        return self.path("bootstrap", *parts)

    @property
    def config_cache_path(self) -> Path:
        """Where ``config:cache`` writes (``bootstrap/cache/config.json``)."""
        return self.bootstrap_path("cache", "config.json")

    @property
    def environment(self) -> str:
        """``app.env`` (``APP_ENV``), ``production`` when unset."""
        if self._environment_override is not None:
            return self._environment_override
        if self._configured:
            return str(self.make("config").get("app.env") or "production")
        return os.environ.get("APP_ENV") or "production"

    def is_environment(self, *names: str) -> bool:
        """Whether the environment is one of ``names`` (``app.is_environment("local")``)."""
        return self.environment in names

    def is_booted(self) -> bool:
        """Whether every provider has booted."""
        return self._booted

    @property
    def config_is_cached(self) -> bool:
        """Whether configuration came from the cache (``.env`` was not read)."""
        return self._config_cached

    @contextmanager
    def as_current(self) -> Iterator[Application]:
        """Make this the current application (``app()``, facades) inside the block."""
        with using_application(self):
            yield self

    # -- configuration ------------------------------------------------------------------------

    def load_configuration(self) -> Repository:
        """Load ``.env`` and ``config/`` (or the cache) once, check schemas, bind ``"config"``."""
        if self._configured:
            return self.make(Repository)
        cache = self.config_cache_path
        origins: dict[str, dict[str, str]] = {}
        schemas: dict[str, dict[str, Any]] = {}
        env_schemas: list[tuple[str, dict[str, Any]]] = []
        if cache.is_file():
            # As in Laravel: with a cached config the .env file is not read at all.
            items = read_cache(cache)
            self._config_cached = True
        else:
            self._load_env_files()
            loaded = load_config_directory(self.config_path())
            items, origins, schemas = loaded.items, loaded.schema_origins, loaded.schemas
            env_schemas = [(f"declared in {path}", schema) for path, schema in loaded.env_schemas]
        repository = Repository(items)
        if self._routing:
            repository.set("app.routing", self._routing)
        problems: list[str] = []
        for origin, schema in [*env_schemas, ("declared in with_schema()", self._env_schema)]:
            problems += check_env(schema, origin)
        for name, schema in schemas.items():
            problems += check_config(repository, schema, name, origins.get(name, {}))
        problems += check_config(repository, self._config_schema, "", "declared in with_schema()")
        raise_problems(problems)
        self.instance("config", repository)
        if self._debug_override is None:
            self.debug = bool(repository.get("app.debug", False))
        self._configured = True
        return repository

    def _load_env_files(self) -> None:
        # Laravel's rule: with APP_ENV set in the real environment and a `.env.{APP_ENV}` file
        # present, that file is loaded INSTEAD of `.env` (`.env.testing` for the test suite).
        environment = os.environ.get("APP_ENV")
        specific = self.path(f".env.{environment}") if environment else None
        load_env(specific if specific is not None and specific.is_file() else self.path(".env"))

    def cache_config(self) -> Path:
        """Write the current configuration to the cache (``config:cache``); return its path."""
        self.load_configuration()
        write_cache(self.make(Repository).all(), self.config_cache_path)
        return self.config_cache_path

    def clear_config_cache(self) -> bool:
        """Delete the config cache; return whether there was one."""
        try:
            self.config_cache_path.unlink()
        except FileNotFoundError:
            return False
        return True

    # -- providers ----------------------------------------------------------------------------

    def add_providers(self, providers: Iterable[ProviderSpec]) -> None:
        """Queue providers to register after the discovered ones (the builder's list)."""
        self._pending.extend(providers)

    def register_providers(self) -> None:
        """Register core's, discovered, configured and added providers once, in that order."""
        if self._registered:
            return
        self._registered = True
        config = self.load_configuration()
        from ._core_provider import CoreServiceProvider

        self.register(CoreServiceProvider)
        skipped = {str(name) for name in config.get("app.dont_discover", [])}
        for ep in [] if "*" in skipped else _discovery.discover():
            dist = ep.dist.metadata["Name"] if ep.dist is not None else ""
            if ep.value in skipped or dist in skipped or ep.name in skipped:
                continue
            self.register(_discovery.load(ep))
        for spec in [*config.get("app.providers", []), *self._pending]:
            self.register(spec)
        self._pending.clear()

    def register(self, provider: ProviderSpec, *, force: bool = False) -> Any:
        """Register one provider (a class, an instance or an import string); return it.

        A provider class already registered is skipped; one with ``provides`` is deferred
        unless ``force``. When the application has booted, the provider boots at once (an async
        ``boot`` needs :meth:`aregister`).
        """
        instance = self._add(self._instantiate(provider), force)
        if self._booted and instance in self._providers and id(instance) not in self._boots:
            result = self._boot_provider(instance)
            if inspect.isawaitable(result):
                _close(result)
                raise RuntimeError(
                    f"{type(instance).__qualname__}.boot is async and the app has booted: "
                    "use `await app.aregister(provider)`"
                )
            self._boots.add(id(instance))
        return instance

    async def aregister(self, provider: ProviderSpec) -> Any:
        """Register a provider, awaiting its async ``boot`` when the app has booted."""
        instance = self._add(self._instantiate(provider), False)
        if self._booted and instance in self._providers and id(instance) not in self._boots:
            await _maybe_await(self._boot_provider(instance))
            self._boots.add(id(instance))
        return instance

    def _add(self, instance: Any, force: bool) -> Any:
        """Register ``instance`` (or defer it) without booting it; return the registered one."""
        kind = type(instance)
        if kind in self._provider_types:
            return next(p for p in self._providers if type(p) is kind)
        provides = list(getattr(instance, "provides", None) or [])
        if provides and not force:
            for key in provides:
                self._deferred[key] = instance
            return instance
        self._provider_types.add(kind)
        instance.register()
        for key, concrete in getattr(instance, "bindings", {}).items():
            self.bind(key, concrete)
        for key, concrete in getattr(instance, "singletons", {}).items():
            self.singleton(key, concrete)
        self._providers.append(instance)
        return instance

    def _instantiate(self, provider: ProviderSpec) -> Any:
        if isinstance(provider, str):
            provider = _discovery.import_string(provider)
        if isinstance(provider, type):
            try:
                return provider(self)
            except Exception as exc:
                raise _discovery.ProviderError(
                    f"provider {provider.__qualname__} could not be built: {exc}"
                ) from exc
        if not callable(getattr(provider, "register", None)):
            raise _discovery.ProviderError(f"{provider!r} is not a service provider")
        return provider

    @property
    def providers(self) -> list[Any]:
        """The registered (not deferred) providers, in registration order."""
        return list(self._providers)

    def _is_deferred(self, key: Any) -> bool:
        return key in self._deferred or (key == "config" and not self._configured)

    def _load_deferred(self, key: Any) -> Awaitable[Any] | None:
        if key == "config" and not self._configured:
            # A bare Application(...) reads its configuration the first time it is needed.
            self.load_configuration()
            return None
        provider = self._deferred.get(key)
        if provider is None:
            return None
        for provided in [k for k, p in self._deferred.items() if p is provider]:
            del self._deferred[provided]
        self._add(provider, True)
        if self._booted:
            self._boots.add(id(provider))
            result = self._boot_provider(provider)
            if inspect.isawaitable(result):
                return result  # the container awaits it under amake(), refuses under make()
        return None

    # -- booting ------------------------------------------------------------------------------

    def booting(self, callback: Callable[[Application], Any]) -> None:
        """Run ``callback(app)`` just before providers boot."""
        self._booting.append(callback)

    def booted(self, callback: Callable[[Application], Any]) -> None:
        """Run ``callback(app)`` after every provider booted (at once if already booted)."""
        if self._booted:
            callback(self)
        else:
            self._booted_callbacks.append(callback)

    def terminating(self, callback: Callable[[], Any]) -> None:
        """Run ``callback()`` (sync or async) when the application shuts down."""
        self._terminating.append(callback)

    def _boot_provider(self, provider: Any) -> Any:
        """Run ``provider.boot`` (injected); the caller marks it booted once it succeeded."""
        return self.call(provider.boot)

    async def boot(self) -> None:
        """Register (if needed) then boot every provider once, in registration order."""
        if self._booted:
            return
        if self._boot_lock is None:
            self._boot_lock = asyncio.Lock()
        async with self._boot_lock:
            if self.is_booted():  # booted by whoever held the lock before us
                return
            self.register_providers()
            for callback in self._booting:
                await _maybe_await(callback(self))
            for provider in list(self._providers):
                if id(provider) not in self._boots:  # a retry after a failed boot resumes
                    await _maybe_await(self._boot_provider(provider))
                    self._boots.add(id(provider))
            self._booted = True
            for callback in self._booted_callbacks:
                await _maybe_await(callback(self))

    def boot_sync(self) -> None:
        """Boot from synchronous code with no running event loop (scripts, the CLI)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(self.boot())
            return
        raise RuntimeError("an event loop is running: use `await app.boot()`")

    async def shutdown(self) -> None:
        """Run ``terminating`` callbacks, then providers' ``shutdown()`` in reverse order."""
        for callback in self._terminating:
            await _maybe_await(callback())
        for provider in reversed(self._providers):
            stop = getattr(provider, "shutdown", None)
            if callable(stop):
                await _maybe_await(stop())

    # -- the ASGI edge ------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI 3: lifespan boots and shuts down; http/websocket go to ``"http.kernel"``."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if not self._booted:
            await self.boot()
        kernel = self._kernel
        if kernel is None:
            kernel = self._kernel = self._http_kernel()
        # One container scope per request: nothing scoped outlives it.
        with self.scope():
            await kernel(scope, receive, send)

    def _http_kernel(self) -> Any:
        self.register_providers()
        if not self.bound("http.kernel"):
            raise RuntimeError(
                "nothing is bound to 'http.kernel': install lararust-http (its provider binds "
                "the HTTP kernel)"
            )
        return self.make("http.kernel")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self.boot()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    raise
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    await self.shutdown()
                except Exception as exc:
                    await send({"type": "lifespan.shutdown.failed", "message": str(exc)})
                    raise
                await send({"type": "lifespan.shutdown.complete"})
                return

    def direct_handler(self) -> Callable[..., Awaitable[Any]] | None:
        """The http kernel's ``handle_direct`` for our server's fast path, or None.

        The handler boots the application on first use and runs each request in its own
        container scope (work the response schedules to run after it is sent runs outside it).
        A kernel offering ``use_container_scopes(var)`` opens the scope itself (one coroutine
        frame less per request), setting ``var`` to a per-request ``ScopeHolder`` (its request)
        whose scope is made on the first scoped resolution; or, when it returns a variable of
        its own holding that request (the http kernel's current request), the container reads
        the holder there (``use_scope_holders``) and the kernel sets nothing more. Any other
        kernel gets a wrapper.
        """
        self.register_providers()
        if not self.bound("http.kernel"):
            return None
        kernel = self.make("http.kernel")
        handle: Callable[..., Awaitable[Any]] | None = getattr(kernel, "handle_direct", None)
        if handle is None:
            return None
        var = self._scope_var
        use_scopes = getattr(kernel, "use_container_scopes", None)
        if use_scopes is not None:
            # Such a kernel also boots the application on its first request.
            holder_var = use_scopes(var)
            if holder_var is not None:
                self.use_scope_holders(holder_var)
            return handle

        async def scoped_handle(scope: Scope, receive: Receive) -> Any:
            if not self._booted:
                await self.boot()
            request_scope = ContainerScope(var)
            token = var.set(request_scope)
            try:
                return await handle(scope, receive)
            finally:
                var.reset(token)
                request_scope.instances.clear()

        return scoped_handle

    # -- builder hooks ------------------------------------------------------------------------

    def set_routing(self, routing: Mapping[str, Any]) -> None:
        """Store ``with_routing`` arguments (config ``app.routing``, read by the router)."""
        self._routing = dict(routing)
        if self._configured:
            self.make(Repository).set("app.routing", self._routing)

    def add_schema(
        self, env: Mapping[str, Any] | None = None, config: Mapping[str, Any] | None = None
    ) -> None:
        """Declare env variable and config key types checked when configuration loads."""
        self._env_schema.update(env or {})
        self._config_schema.update(config or {})


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


def _close(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()
