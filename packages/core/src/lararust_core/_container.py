"""The service container: bindings, lifetimes, autowiring, contextual binding, tags.

Rules:
- Keys are Laravel-style strings (``"config"``) or classes (``ConfigRepository``); ``alias``
  makes one name another.
- Lifetimes: ``bind`` (new each time), ``singleton`` (first result shared), ``scoped`` (one per
  :class:`Scope`; outside any scope the container's root scope, like Laravel's), ``instance``.
- Resolution is written once as a generator that *yields* awaitables (async factories, async
  deferred boots): :meth:`Container.make` drives it synchronously and refuses to await,
  :meth:`Container.amake` awaits. Every dependency is resolved with ``yield from``, so nested
  async factories work under ``amake``.
- Errors are :class:`lararust_contracts.BindingResolutionError` naming the whole chain.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Generator, Iterable
from contextvars import ContextVar
from typing import Any, Literal, TypeVar, overload

from lararust_contracts import BindingResolutionError
from lararust_contracts import Container as ContainerContract

from ._contextual import ConfigValue, ContextualBindingBuilder, Tagged
from ._inspect import EMPTY, PRIMITIVES, Param, is_autowirable, parameters, type_name
from ._scope import Scope, ScopeHolder

T = TypeVar("T")
Lifetime = Literal["transient", "singleton", "scoped"]
# The resolution generator yields (key, awaitable, shared) and is sent the awaited result;
# ``shared`` marks a singleton's async factory, awaited once for concurrent callers.
Resolution = Generator[tuple[Any, Awaitable[Any], bool], Any, T]

_SKIP: Any = object()  # "use the parameter's default"
_POSITIONAL = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


class ScopedServiceCaptured(BindingResolutionError):
    """Debug mode: a singleton would keep a request-scoped service alive across requests."""


class _Binding:
    __slots__ = ("concrete", "lifetime")

    def __init__(self, concrete: Any, lifetime: Lifetime) -> None:
        self.concrete = concrete
        self.lifetime = lifetime


def _chain(keys: Iterable[Any]) -> str:
    return " -> ".join(type_name(k) for k in keys)


class Container:
    """Builds and holds services; see the module docstring for the rules."""

    def __init__(self, *, debug: bool = False) -> None:
        #: In debug mode a singleton that captures a scoped service is an error.
        self.debug = debug
        self._bindings: dict[Any, _Binding] = {}
        self._instances: dict[Any, Any] = {}
        self._aliases: dict[Any, Any] = {}
        self._contextual: dict[Any, dict[Any, Any]] = {}
        self._tags: dict[str, list[Any]] = {}
        self._resolving: dict[Any, list[Callable[..., Any]]] = {}
        self._global_resolving: list[Callable[..., Any]] = []
        self._extenders: dict[Any, list[Callable[[Any, Container], Any]]] = {}
        self._building: dict[Any, asyncio.Future[Any]] = {}
        # ContextVars are per container so two apps in one process never share a scope.
        self._scope_var: ContextVar[Scope | ScopeHolder | None] = ContextVar(
            f"lararust_scope_{id(self)}", default=None
        )
        self._stack_var: ContextVar[tuple[Any, ...]] = ContextVar(
            f"lararust_stack_{id(self)}", default=()
        )
        self._root_scope = Scope(self._scope_var)
        # A variable whose per-request holder stands for the scope while _scope_var holds
        # none (see use_scope_holders).
        self._holder_var: ContextVar[ScopeHolder | None] | None = None
        for key in {type(self), Container, ContainerContract}:
            self._instances[key] = self

    # -- registration ----------------------------------------------------------------------

    def bind(self, abstract: Any, concrete: Any = None) -> None:
        """Register a class or factory that builds a new instance on every ``make``."""
        self._register(abstract, concrete, "transient")

    def singleton(self, abstract: Any, concrete: Any = None) -> None:
        """Register a class or factory whose first result is shared."""
        self._register(abstract, concrete, "singleton")

    def scoped(self, abstract: Any, concrete: Any = None) -> None:
        """Register a class or factory shared within one scope (a request, a job)."""
        self._register(abstract, concrete, "scoped")

    def bind_if(self, abstract: Any, concrete: Any = None) -> None:
        """``bind`` unless ``abstract`` is already bound."""
        if not self.bound(abstract):
            self.bind(abstract, concrete)

    def singleton_if(self, abstract: Any, concrete: Any = None) -> None:
        """``singleton`` unless ``abstract`` is already bound."""
        if not self.bound(abstract):
            self.singleton(abstract, concrete)

    def instance(self, abstract: Any, instance: Any) -> Any:
        """Share an already-built object; return it."""
        self._aliases.pop(abstract, None)
        self._instances[abstract] = instance
        return instance

    def _register(self, abstract: Any, concrete: Any, lifetime: Lifetime) -> None:
        if concrete is not None and not callable(concrete):
            raise TypeError(
                f"cannot bind {type_name(abstract)} to {concrete!r}: give a class or a "
                "factory, or use instance() for a ready object"
            )
        if concrete is None and not isinstance(abstract, type):
            raise TypeError(f"binding {type_name(abstract)} needs a class or factory")
        self._aliases.pop(abstract, None)
        self._instances.pop(abstract, None)
        self._root_scope.instances.pop(abstract, None)
        self._bindings[abstract] = _Binding(concrete, lifetime)

    def alias(self, abstract: Any, alias: Any) -> None:
        """Make ``alias`` resolve to ``abstract`` (``alias("config", ConfigRepository)``)."""
        if alias == abstract:
            raise ValueError(f"{type_name(abstract)} cannot be an alias of itself")
        self._aliases[alias] = abstract

    def get_alias(self, abstract: Any) -> Any:
        """The key ``abstract`` finally stands for (aliases followed)."""
        if abstract not in self._aliases:
            return abstract  # the common case: no alias, no list
        seen = []
        while abstract in self._aliases:
            seen.append(abstract)
            abstract = self._aliases[abstract]
            if abstract in seen:
                raise BindingResolutionError(f"alias loop: {_chain([*seen, abstract])}")
        return abstract

    def when(self, *consumers: Any) -> ContextualBindingBuilder:
        """Start a contextual binding for what ``consumers`` need."""
        return ContextualBindingBuilder(self, consumers)

    def add_contextual_binding(self, consumer: Any, need: Any, implementation: Any) -> None:
        """Give ``implementation`` when ``consumer`` needs ``need``."""
        self._contextual.setdefault(consumer, {})[need] = implementation

    def tag(self, abstracts: Any, *tags: str) -> None:
        """Tag one key or a list of keys (``tag([CpuReport, MemoryReport], "reports")``)."""
        keys = abstracts if isinstance(abstracts, list | tuple) else [abstracts]
        for tag in tags:
            self._tags.setdefault(tag, []).extend(keys)

    def tagged(self, tag: str) -> list[Any]:
        """Resolve every service tagged ``tag``, in tagging order."""
        return [self.make(key) for key in self._tags.get(tag, [])]

    def resolving(self, abstract: Any, callback: Callable[..., Any] | None = None) -> None:
        """Call ``callback(obj, container)`` after ``abstract`` (or anything, if callable) is built.

        A class key also matches objects that are instances of it.
        """
        if callback is None:
            self._global_resolving.append(abstract)
        else:
            self._resolving.setdefault(self.get_alias(abstract), []).append(callback)

    def extend(self, abstract: Any, extender: Callable[[Any, Container], Any]) -> None:
        """Decorate ``abstract`` whenever it is built: ``extender(obj, container)`` returns it."""
        key = self.get_alias(abstract)
        if key in self._instances:
            self._instances[key] = extender(self._instances[key], self)
        else:
            self._extenders.setdefault(key, []).append(extender)

    # -- queries ---------------------------------------------------------------------------

    def bound(self, abstract: Any) -> bool:
        """Tell whether ``abstract`` has a binding, an instance or a deferred provider."""
        key = self.get_alias(abstract) if abstract in self._aliases else abstract
        return key in self._bindings or key in self._instances or self._is_deferred(key)

    def resolved(self, abstract: Any) -> bool:
        """Tell whether a shared instance of ``abstract`` exists already."""
        key = self.get_alias(abstract)
        return key in self._instances or key in self._current_scope().instances

    def __contains__(self, abstract: Any) -> bool:
        return self.bound(abstract)

    def __getitem__(self, abstract: Any) -> Any:
        return self.make(abstract)

    def forget_instance(self, abstract: Any) -> None:
        """Drop a shared instance (it is rebuilt on the next ``make``)."""
        self._instances.pop(self.get_alias(abstract), None)

    def forget_scoped_instances(self) -> None:
        """Drop the scoped instances made outside any scope."""
        self._root_scope.instances.clear()

    # -- scopes ----------------------------------------------------------------------------

    def scope(self) -> Scope:
        """A new scope: ``async with container.scope(): ...`` (or ``with``)."""
        return Scope(self._scope_var)

    def begin_scope(self) -> Scope:
        """Begin a new scope now; call ``.end()`` on the result when the request is done."""
        return Scope(self._scope_var).begin()

    def use_scope_holders(self, var: ContextVar[Any] | None) -> None:
        """While no scope is current, let the ``ScopeHolder`` in ``var`` (the http kernel's
        current request) stand for this container's scope: the kernel then sets one context
        variable per request, not two. None stops it."""
        self._holder_var = var

    def current_scope(self) -> Scope | None:
        """The scope of the running context, or None outside any."""
        current = self._scope_var.get()
        if current is None:
            holder_var = self._holder_var
            if holder_var is None:
                return None
            current = holder_var.get()
            if current is None:
                return None
        if isinstance(current, Scope):
            return current
        return self._held_scope(current)

    def _current_scope(self) -> Scope:
        current = self._scope_var.get()
        if current is None:
            holder_var = self._holder_var
            if holder_var is None:
                return self._root_scope
            current = holder_var.get()
            if current is None:
                return self._root_scope
        if isinstance(current, Scope):
            return current
        return self._held_scope(current)

    def _held_scope(self, holder: ScopeHolder) -> Scope:
        # A request's scope is made on its first scoped resolution (see _scope's rules).
        scope = holder.container_scope
        if scope is None:
            scope = holder.container_scope = Scope(self._scope_var)
        elif scope._var is not self._scope_var:
            # Another container's request (two applications in one process): a scope of
            # our own beside that one, dropped with it.
            scope = scope.beside(self._scope_var)
        return scope

    # -- resolution ------------------------------------------------------------------------

    @overload
    def make(self, abstract: type[T], **parameters: Any) -> T: ...
    @overload
    def make(self, abstract: str, **parameters: Any) -> Any: ...
    def make(self, abstract: Any, **parameters: Any) -> Any:
        """Build or fetch ``abstract``; keyword ``parameters`` override constructor arguments."""
        if not parameters:
            try:
                return self._instances[abstract]
            except (KeyError, TypeError):
                pass
        return self._run_sync(self._resolve(abstract, parameters), abstract)

    @overload
    async def amake(self, abstract: type[T], **parameters: Any) -> T: ...
    @overload
    async def amake(self, abstract: str, **parameters: Any) -> Any: ...
    async def amake(self, abstract: Any, **parameters: Any) -> Any:
        """Like :meth:`make`, awaiting async factories anywhere in the dependency tree."""
        if not parameters:
            try:
                return self._instances[abstract]
            except (KeyError, TypeError):
                pass
        return await self._run_async(self._resolve(abstract, parameters))

    def call(self, fn: Callable[..., T], **parameters: Any) -> T:
        """Call ``fn`` injecting its arguments by name (``parameters``) then by type hint.

        Returns what ``fn`` returns (a coroutine for an ``async def``: await it, or use
        :meth:`acall`). Parameters ``fn`` does not declare are ignored.
        """
        consumer = type(fn.__self__) if inspect.ismethod(fn) else None
        return self._run_sync(self._invoke(fn, parameters, consumer, strict=False), fn)  # type: ignore[no-any-return]

    async def acall(self, fn: Callable[..., Any], **parameters: Any) -> Any:
        """Like :meth:`call` with async dependencies; awaits ``fn``'s result if needed."""
        consumer = type(fn.__self__) if inspect.ismethod(fn) else None
        result = await self._run_async(self._invoke(fn, parameters, consumer, strict=False))
        if inspect.isawaitable(result):
            return await result
        return result

    def _run_sync(self, resolution: Resolution[Any], abstract: Any) -> Any:
        try:
            key, awaitable, _ = resolution.send(None)
        except StopIteration as done:
            return done.value
        if inspect.iscoroutine(awaitable):
            awaitable.close()  # never awaited on purpose: no "was never awaited" warning
        resolution.close()
        raise BindingResolutionError(
            f"{type_name(key)} has an async factory, so {type_name(abstract)} cannot be built "
            f"with make(): use `await container.amake({type_name(abstract)})` (or resolve it "
            "once at boot)"
        )

    async def _run_async(self, resolution: Resolution[Any]) -> Any:
        value: Any = None
        while True:
            try:
                key, awaitable, shared = resolution.send(value)
            except StopIteration as done:
                return done.value
            try:
                value = await (self._build_once(key, awaitable) if shared else awaitable)
            except BaseException:
                resolution.close()
                raise

    def _resolve(self, abstract: Any, parameters: dict[str, Any]) -> Resolution[Any]:
        key = self.get_alias(abstract)
        if not parameters and key in self._instances:
            return self._instances[key]
        binding = self._bindings.get(key)
        if binding is None and key not in self._instances:
            loading = self._load_deferred(key)
            if loading is not None:
                yield key, loading, False
            if key in self._instances and not parameters:
                return self._instances[key]
            binding = self._bindings.get(key)
        scoped = binding is not None and binding.lifetime == "scoped"
        if key in self._building and not parameters:
            # Another task is awaiting this singleton's async factory: share its result.
            return (yield key, asyncio.shield(self._building[key]), False)
        if scoped and not parameters:
            scope = self._current_scope()
            if key in scope.instances:
                return scope.instances[key]
        stack = self._stack_var.get()
        if key in stack:
            raise BindingResolutionError(f"Circular dependency: {_chain([*stack, key])}")
        if scoped and self.debug:
            self._check_capture(key, stack)
        token = self._stack_var.set((*stack, key))
        try:
            obj = yield from self._build(key, binding, parameters)
        finally:
            self._stack_var.reset(token)
        for extender in self._extenders.get(key, ()):
            obj = extender(obj, self)
        if binding is not None and not parameters:
            if binding.lifetime == "singleton":
                obj = self._instances.setdefault(key, obj)
            elif scoped:
                obj = self._current_scope().instances.setdefault(key, obj)
        self._fire_resolving(key, obj)
        return obj

    def _check_capture(self, key: Any, stack: tuple[Any, ...]) -> None:
        for index, holder in enumerate(stack):
            holding = self._bindings.get(holder)
            if holding is not None and holding.lifetime == "singleton":
                raise ScopedServiceCaptured(
                    f"Scoped service {type_name(key)} is captured by singleton "
                    f"{type_name(holder)} ({_chain([*stack[index:], key])}): the singleton "
                    "would hand one request's instance to every later request. Make "
                    f"{type_name(holder)} scoped, or resolve {type_name(key)} when needed."
                )

    def _build(
        self, key: Any, binding: _Binding | None, parameters: dict[str, Any]
    ) -> Resolution[Any]:
        concrete = key if binding is None or binding.concrete is None else binding.concrete
        if isinstance(concrete, type):
            if not is_autowirable(concrete):
                raise BindingResolutionError(self._not_instantiable(concrete))
            return (yield from self._invoke(concrete, parameters, concrete, strict=True))
        if binding is None:
            needed_by = self._stack_var.get()[:-1]  # the last entry is `key` itself
            raise BindingResolutionError(
                f"Nothing is bound to {type_name(key)}"
                + (f" (needed by {_chain(needed_by)})" if needed_by else "")
            )
        obj = yield from self._invoke(concrete, parameters, None, strict=False, factory=True)
        if inspect.isawaitable(obj):
            obj = yield key, obj, binding.lifetime == "singleton" and not parameters
        return obj

    async def _build_once(self, key: Any, awaitable: Awaitable[Any]) -> Any:
        """Await a singleton's async factory, letting concurrent ``amake`` calls share it."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._building[key] = future
        try:
            result = await awaitable
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning without waiters
            raise
        else:
            future.set_result(result)
            return result
        finally:
            self._building.pop(key, None)

    def _not_instantiable(self, cls: type) -> str:
        what = "a Protocol" if getattr(cls, "_is_protocol", False) else "not instantiable"
        stack = self._stack_var.get()
        chain = f" (needed by {_chain(stack[:-1])})" if len(stack) > 1 else ""
        return f"{type_name(cls)} is {what} and nothing is bound to it{chain}"

    def _invoke(
        self,
        fn: Callable[..., Any],
        overrides: dict[str, Any],
        consumer: Any,
        *,
        strict: bool,
        factory: bool = False,
    ) -> Resolution[Any]:
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        extra = dict(overrides)
        for index, param in enumerate(parameters(fn)):
            if param.kind is inspect.Parameter.VAR_POSITIONAL:
                continue
            if param.kind is inspect.Parameter.VAR_KEYWORD:
                kwargs.update(extra)
                extra.clear()
                continue
            if param.name in extra:
                value = extra.pop(param.name)
            elif factory and index == 0 and param.annotation is EMPTY and param.required:
                value = self  # Laravel-style factory: `lambda app: Service(app["config"])`
            else:
                value = yield from self._dependency(param, consumer, fn)
            if value is _SKIP:
                if param.kind is inspect.Parameter.POSITIONAL_ONLY:
                    args.append(param.default)
                continue
            if param.kind is inspect.Parameter.POSITIONAL_ONLY:
                args.append(value)
            else:
                kwargs[param.name] = value
        if extra and strict:
            raise BindingResolutionError(
                f"{type_name(fn)} has no parameter(s) {', '.join(sorted(extra))}"
            )
        return fn(*args, **kwargs)

    def _dependency(self, param: Param, consumer: Any, fn: Any) -> Resolution[Any]:
        if consumer is not None and consumer in self._contextual:
            given = self._contextual[consumer]
            for need in (f"${param.name}", param.annotation):
                if need in given:
                    return (yield from self._give(given[need]))
        annotation = param.annotation
        try:
            return self._instances[annotation]  # fast path: an already shared service
        except (KeyError, TypeError):
            pass
        if annotation is EMPTY or annotation in PRIMITIVES:
            if not param.required:
                return _SKIP
            raise BindingResolutionError(self._unresolvable(param, fn))
        if self.bound(annotation):
            return (yield from self._resolve(annotation, {}))
        if not param.required:
            return _SKIP
        if is_autowirable(annotation):
            return (yield from self._resolve(annotation, {}))
        if param.optional:
            return None
        raise BindingResolutionError(self._unresolvable(param, fn))

    def _give(self, given: Any) -> Resolution[Any]:
        if isinstance(given, Tagged):
            services = []
            for key in self._tags.get(given.tag, []):
                services.append((yield from self._resolve(key, {})))
            return services
        if isinstance(given, ConfigValue):
            repository = yield from self._resolve("config", {})
            return repository.get(given.key, given.default)
        if isinstance(given, type):
            return (yield from self._resolve(given, {}))
        if callable(given):
            obj = yield from self._invoke(given, {}, None, strict=False, factory=True)
            if inspect.isawaitable(obj):
                obj = yield given, obj, False
            return obj
        return given

    def _unresolvable(self, param: Param, fn: Any) -> str:
        stack = self._stack_var.get()
        chain = _chain(stack) if stack else type_name(fn)
        if param.unevaluated is not None:
            why = (
                f"its annotation {param.unevaluated!r} cannot be evaluated (a name defined in "
                "a function or imported only under TYPE_CHECKING?)"
            )
        elif param.annotation is EMPTY:
            why = "it has no type annotation and no default"
        elif param.annotation in PRIMITIVES:
            why = (
                f"{type_name(param.annotation)} values are not autowired; pass it or give a default"
            )
        elif getattr(param.annotation, "_is_protocol", False):
            why = f"{type_name(param.annotation)} is a Protocol and nothing is bound to it"
        else:
            why = f"{type_name(param.annotation)} is not bound and cannot be autowired"
        return (
            f"Cannot resolve parameter '{param.describe()}' of {type_name(fn)}: {why}. "
            f"Resolution chain: {chain}"
        )

    def _fire_resolving(self, key: Any, obj: Any) -> None:
        for callback in self._global_resolving:
            callback(obj, self)
        if not self._resolving:
            return
        for target, callbacks in self._resolving.items():
            if target == key or (isinstance(target, type) and isinstance(obj, target)):
                for callback in callbacks:
                    callback(obj, self)

    # -- hooks for Application ---------------------------------------------------------------

    def _is_deferred(self, key: Any) -> bool:
        return False

    def _load_deferred(self, key: Any) -> Awaitable[Any] | None:
        """Register a deferred provider of ``key``; return its boot awaitable, if any."""
        return None
