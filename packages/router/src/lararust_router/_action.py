"""What a route runs: a function, a controller method, a view, a redirect or a lazy reference.

Rules: the action is normalized once at registration so a typo fails at boot, not at the first
request. String references (``"app.http.controllers:UserController"``) are imported on first
use, which is what keeps a cached route table cheap to load.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ._errors import RouteCacheError, RouteDefinitionError

ActionKind = Literal["callable", "controller", "view", "redirect"]


def import_string(ref: str) -> Any:
    """Import ``module:qualname`` (dots in ``qualname`` walk attributes)."""
    module_name, sep, qualname = ref.partition(":")
    if not sep or not module_name or not qualname:
        raise RouteDefinitionError(f"Handler reference [{ref}] must look like 'module:qualname'")
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise RouteDefinitionError(
            f"Cannot import module [{module_name}] of [{ref}]: {exc}"
        ) from exc
    for attr in qualname.split("."):
        try:
            obj = getattr(obj, attr)
        except AttributeError:
            raise RouteDefinitionError(
                f"[{ref}]: [{module_name}] has no attribute [{qualname}]"
            ) from None
    return obj


def import_handler(ref: str) -> Any:
    """Import a cached handler; a route file's own ``Route.*`` calls register nothing.

    Handlers may live in the route file itself (``@Route.get`` functions). Importing one
    from the cache runs that file, whose registrations must not reach the live router.
    """
    from ._router import detached

    token = detached.set(True)
    try:
        return import_string(ref)
    finally:
        detached.reset(token)


def reference(obj: Any) -> str:
    """``module:qualname`` of a function or class, refusing what cannot be imported back."""
    qualname = getattr(obj, "__qualname__", None)
    module = getattr(obj, "__module__", None)
    if not qualname or not module:
        raise RouteCacheError(f"{obj!r} has no module/qualname to import it by")
    if "<lambda>" in qualname:
        raise RouteCacheError(f"{module}:{qualname} is a lambda")
    if "<locals>" in qualname:
        raise RouteCacheError(f"{module}:{qualname} is a nested function or class")
    if module == "__main__":
        raise RouteCacheError(f"{qualname} is defined in __main__")
    return f"{module}:{qualname}"


@dataclass(slots=True)
class Action:
    """A normalized route action."""

    kind: ActionKind
    target: Any = None  # callable, controller class, or a "module:qualname" string
    method: str | None = None  # controller method
    data: Mapping[str, Any] = field(default_factory=dict)  # view data / redirect settings

    def resolve(self) -> Any:
        """The callable or controller class, importing a string reference."""
        if isinstance(self.target, str):
            self.target = import_handler(self.target)
            if self.kind == "controller" and self.method is None:
                self.method = "__call__"
            if self.kind == "callable" and inspect.isclass(self.target):
                self.kind, self.method = "controller", "__call__"
        return self.target

    def display(self) -> str:
        """How ``route:list`` shows the action (``module:Class@method``)."""
        if self.kind == "view":
            return f"view:{self.target}"
        if self.kind == "redirect":
            return f"redirect:{self.target}"
        target = self.target if isinstance(self.target, str) else _safe_ref(self.target)
        if "<lambda>" in target or "<locals>" in target:
            return "Closure"
        if self.kind == "controller" and self.method and self.method != "__call__":
            return f"{target}@{self.method}"
        return target

    def cache_data(self) -> dict[str, Any]:
        """A JSON-ready form of the action (raises RouteCacheError for closures)."""
        if self.kind in ("view", "redirect"):
            return {"kind": self.kind, "target": self.target, "data": dict(self.data)}
        target = self.target if isinstance(self.target, str) else reference(self.target)
        return {"kind": self.kind, "target": target, "method": self.method}

    @classmethod
    def from_cache(cls, data: Mapping[str, Any]) -> Action:
        """Rebuild an action from :meth:`cache_data` output without importing anything."""
        return cls(data["kind"], data["target"], data.get("method"), data.get("data") or {})


def _safe_ref(obj: Any) -> str:
    module = getattr(obj, "__module__", "?")
    qualname = getattr(obj, "__qualname__", repr(obj))
    return f"{module}:{qualname}"


def make_action(action: Any, controller: Any = None) -> Action | None:
    """Normalize what a user passed as a route action (None: the decorator form, set later)."""
    if action is None:
        return None
    if isinstance(action, Action):
        return action
    if isinstance(action, (list, tuple)):
        if len(action) != 2 or not isinstance(action[1], str):
            raise RouteDefinitionError(
                f"A controller action must be [ControllerClass, 'method'], got {action!r}"
            )
        cls_or_ref, method = action
        if not isinstance(cls_or_ref, str):
            _check_method(cls_or_ref, method)
        return Action("controller", cls_or_ref, method)
    if isinstance(action, str):
        if ":" in action:
            return Action("callable", action)
        if controller is not None:
            return make_action([controller, action])
        raise RouteDefinitionError(
            f"Route action [{action}] is a bare string: use 'module:qualname', "
            "[Controller, 'method'], or a controller group"
        )
    if inspect.isclass(action):
        _check_method(action, "__call__")
        return Action("controller", action, "__call__")
    if callable(action):
        return Action("callable", action)
    raise RouteDefinitionError(f"Route action {action!r} is not callable")


def _check_method(cls: Any, method: str) -> None:
    if not inspect.isclass(cls):
        raise RouteDefinitionError(f"{cls!r} is not a controller class")
    fn = getattr(cls, method, None)
    if method == "__call__" and not any("__call__" in vars(k) for k in cls.__mro__[:-1]):
        fn = None  # every class has type.__call__; an invokable controller defines its own
    if fn is None or not callable(fn):
        what = (
            "is not invokable (define __call__)"
            if method == "__call__"
            else (f"has no method [{method}]")
        )
        raise RouteDefinitionError(f"Controller [{cls.__module__}.{cls.__qualname__}] {what}")
