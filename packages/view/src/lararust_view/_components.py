"""Components: ``<x-name>`` tags, anonymous (a view) or class-based (a ``Component``).

Rules: ``<x-user-list>`` is the view ``components.user-list`` (or ``components/user-list/
index``); ``<x-mail::button>`` is ``mail::components.button``; a class registered with
``component(name, cls)`` wins. A component sees its attributes, props and slots, shared data
and the web helper keys (``errors``, ``auth_user``, ``auth_guards``, ``app_env``,
``csrf_token``), never the caller's local variables.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ._attributes import AttributeBag
from ._errors import TemplateError
from ._runtime import Slot

if TYPE_CHECKING:
    from ._state import RenderState

__all__ = ["Component", "render_component"]

HELPER_KEYS = ("errors", "auth_user", "auth_guards", "app_env", "csrf_token")


class Component:
    """Base of class-based components: constructor parameters are the props.

    ``template`` (or ``render()``) names the view; public attributes and methods of the
    instance are the view's variables, next to ``attributes`` and the slots::

        class Alert(Component):
            template = "components.alert"

            def __init__(self, type: str = "info") -> None:
                self.type = type

            def icon(self) -> str:
                return {"error": "x"}.get(self.type, "i")
    """

    template: ClassVar[str | None] = None
    attributes: AttributeBag

    def render(self) -> str:
        """Return the name of the view that renders this component."""
        if self.template is None:
            raise TemplateError(
                f"component {type(self).__name__} sets no template and does not override render()"
            )
        return self.template

    def should_render(self) -> bool:
        """Return False to render nothing."""
        return True

    def data(self) -> dict[str, Any]:
        """The view's variables: public attributes and public methods of the instance."""
        out: dict[str, Any] = {}
        for klass in reversed(type(self).__mro__):
            if klass in (Component, object):
                continue
            for name, value in vars(klass).items():
                if not name.startswith("_") and callable(value) and name not in _BASE:
                    out[name] = getattr(self, name)
        out.update({k: v for k, v in vars(self).items() if not k.startswith("_")})
        return out


_BASE = frozenset(vars(Component))


def _resolve(state: RenderState, name: str) -> type[Component] | str | None:
    factory = state.factory
    cls = factory._components.get(name)
    if cls is not None:
        return cls
    known = factory._component_views.get(name)
    if known is not None:
        return known
    if "::" in name:
        ns, rest = name.split("::", 1)
        candidates = [f"{ns}::components.{rest}", f"{ns}::components.{rest}.index"]
    else:
        candidates = [f"components.{name}", f"components.{name}.index"]
    for view in candidates:
        if factory.exists(view):
            factory._component_views[name] = view
            return view
    return None


_PARAMETERS: dict[type[Component], Mapping[str, inspect.Parameter]] = {}


def _parameters(cls: type[Component]) -> Mapping[str, inspect.Parameter]:
    params = _PARAMETERS.get(cls)
    if params is None:
        params = _PARAMETERS[cls] = inspect.signature(cls).parameters
    return params


def _build(cls: type[Component], attrs: dict[str, Any], name: str, where: str) -> Component:
    params = _parameters(cls)
    kwargs: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in attrs.items():
        prop = key.replace("-", "_")
        if prop in params and params[prop].kind not in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            kwargs[prop] = value
        else:
            rest[key] = value
    for pname, param in params.items():
        required = param.default is param.empty and param.kind in (
            param.POSITIONAL_OR_KEYWORD,
            param.KEYWORD_ONLY,
        )
        if required and pname not in kwargs:
            raise TemplateError(f"missing required prop {pname!r} for <x-{name}> {where}")
    instance = cls(**kwargs)
    instance.attributes = AttributeBag(rest)
    return instance


def render_component(
    state: RenderState,
    name: str,
    attrs: dict[str, Any],
    slot: str,
    slots: dict[str, Any],
    caller: Mapping[str, Any],
    tmpl: Any,
    line: int,
) -> str:
    """Render the component ``<x-name>`` with its attributes and slots."""
    where = f"({tmpl.filename}, line {line})"
    target = _resolve(state, name)
    if target is None:
        view = name.replace("::", "::components.") if "::" in name else f"components.{name}"
        raise TemplateError(
            f"unknown component <x-{name}> {where}: no class registered with component() "
            f"and no view {view!r}"
        )
    factory = state.factory
    ctx: dict[str, Any] = dict(factory._shared)
    for key in HELPER_KEYS:
        if key in caller:
            ctx[key] = caller[key]
    if isinstance(target, str):
        view = target
        for key, value in attrs.items():
            var = key.replace("-", "_")
            if var.isidentifier():
                ctx[var] = value
        ctx["attributes"] = AttributeBag(attrs)
    else:
        instance = _build(target, attrs, name, where)
        if not instance.should_render():
            return ""
        view = instance.render()
        ctx.update(instance.data())
        ctx["attributes"] = instance.attributes
    ctx["slot"] = Slot(slot.strip())
    ctx.update(slots)
    return factory._render_child(view, ctx, state, tmpl, line)
