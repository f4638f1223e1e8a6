"""Helpers compiled templates call: escaping, the ``loop`` variable, web helpers, props.

Rules: everything that prints returns ``str`` and escapes unless the value has ``__html__``
(the MarkupSafe/Jinja2/Django convention; support's ``HtmlString`` implements it). ``None``
prints nothing. Standalone, the web helpers read plain context keys: ``errors``, ``auth_user``,
``auth_guards``, ``app_env`` and ``csrf_token``.
"""

from __future__ import annotations

import json as _json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NoReturn

from lararust_support import HtmlString

from ._attributes import AttributeBag, class_names, style_text
from ._errors import TemplateError, UndefinedError

__all__ = [
    "MISSING",
    "REQUIRED",
    "Loop",
    "Slot",
    "auth",
    "class_attr",
    "csrf_field",
    "empty",
    "env_is",
    "error_message",
    "escape",
    "isset",
    "json_html",
    "method_field",
    "pairs",
    "props",
    "scope",
    "spread",
    "style_attr",
    "text",
    "to_str",
    "undefined",
]


class _Missing:
    """The value of a context name that was not given (checked only where it is read)."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "MISSING"

    def __getattr__(self, name: str) -> NoReturn:
        raise AttributeError(name)

    def __getitem__(self, key: object) -> NoReturn:
        raise KeyError(key)


MISSING: Any = _Missing()


class _Required:
    __slots__ = ()

    def __repr__(self) -> str:
        return "REQUIRED"


#: Marks a required prop in ``@props({'title': REQUIRED})``.
REQUIRED: Any = _Required()


def escape(value: Any) -> str:
    """HTML-escape ``value`` (``& < > " '``); ``None`` -> ``""``; ``__html__`` passes as is."""
    cls = value.__class__
    if cls is str:
        s: str = value
        return (
            s.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    if cls is int or cls is float:
        return str(value)
    if value is None:
        return ""
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    if value is MISSING:  # an unguarded read (inside a comprehension) of a missing name
        return ""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def to_str(value: Any) -> str:
    """``{!! value !!}``: the value as text, unescaped; ``None`` -> ``""``."""
    if value.__class__ is str:
        return str(value)
    if value is None or value is MISSING:
        return ""
    html = getattr(value, "__html__", None)
    if html is not None:
        return str(html())
    return str(value)


def text(value: Any) -> str:
    """An attribute value interpolated into a literal (escaped later, by the bag)."""
    if value is None or value is MISSING:
        return ""
    return str(value)


def undefined(name: str, line: int, template: Any) -> NoReturn:
    """Raise the error for a template reading a name its context lacks."""
    raise UndefinedError(name, template.filename, line)


class Loop:
    """The ``loop`` variable of ``@foreach``/``@forelse`` (Blade's ``$loop``).

    ``count``, ``remaining`` and ``last`` are ``None`` for iterables without a length.
    """

    __slots__ = ("_items", "count", "depth", "index", "parent")

    def __init__(self, items: Iterable[Any], parent: Loop | None = None) -> None:
        self._items = items
        try:
            self.count: int | None = len(items)  # type: ignore[arg-type,unused-ignore]
        except TypeError:
            self.count = None
        self.parent: Loop | None = parent
        self.depth: int = parent.depth + 1 if parent is not None else 1
        self.index = -1

    def __iter__(self) -> Iterator[Any]:
        for i, item in enumerate(self._items):
            self.index = i
            yield item

    @property
    def iteration(self) -> int:
        """1-based position."""
        return self.index + 1

    @property
    def remaining(self) -> int | None:
        """Iterations left after this one."""
        return None if self.count is None else self.count - self.index - 1

    @property
    def first(self) -> bool:
        """Whether this is the first iteration."""
        return self.index == 0

    @property
    def last(self) -> bool | None:
        """Whether this is the last iteration (None without a length)."""
        return None if self.count is None else self.index == self.count - 1

    @property
    def even(self) -> bool:
        """Whether the iteration number (1-based) is even."""
        return self.index % 2 == 1

    @property
    def odd(self) -> bool:
        """Whether the iteration number (1-based) is odd."""
        return self.index % 2 == 0

    def __repr__(self) -> str:
        return f"Loop(index={self.index}, count={self.count}, depth={self.depth})"


class _Enumerated:
    __slots__ = ("_items",)

    def __init__(self, items: Any) -> None:
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        return enumerate(self._items)


def pairs(value: Any) -> Any:
    """``@foreach(x as k => v)``: ``.items()`` of a mapping, ``enumerate`` otherwise."""
    if isinstance(value, Mapping) or hasattr(value, "items"):
        return value.items()
    if hasattr(value, "__len__"):
        return _Enumerated(value)
    return enumerate(value)


_ABSENT = (LookupError, AttributeError, TypeError)


def isset(*getters: Callable[[], Any]) -> bool:
    """``@isset(a, b['k'], c.d)``: every value exists and is not None."""
    for get in getters:
        try:
            value = get()
        except _ABSENT:
            return False
        if value is None or value is MISSING:
            return False
    return True


def empty(*getters: Callable[[], Any]) -> bool:
    """``@empty(x)``: the value is missing or falsy."""
    for get in getters:
        try:
            value = get()
        except _ABSENT:
            return True
        if value is MISSING or not value:
            return True
    return False


def scope(ctx: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """The variables an include or layout sees: the context plus names defined so far."""
    out = dict(ctx)
    for key, value in extra.items():
        if value is not MISSING:
            out[key] = value
    return out


def auth(ctx: Mapping[str, Any], guard: str | None) -> bool:
    """``@auth``: ``auth_user`` is set (or ``auth_guards[guard]`` with a guard)."""
    if guard is None:
        return ctx.get("auth_user") is not None
    guards = ctx.get("auth_guards") or {}
    return guards.get(guard) is not None


def env_is(ctx: Mapping[str, Any], *envs: Any) -> bool:
    """``@env('local')``/``@env(['a', 'b'])``/``@production``: compare with ``app_env``."""
    current = ctx.get("app_env")
    if current is None:
        return False
    wanted: set[str] = set()
    for env in envs:
        if isinstance(env, str):
            wanted.add(env)
        else:
            wanted.update(env)
    return str(current) in wanted


def error_message(ctx: Mapping[str, Any], field: str, bag: str | None = None) -> str | None:
    """The first error message for ``field`` in ``errors`` (a mapping or a message bag)."""
    errors = ctx.get("errors")
    if errors is None:
        return None
    if bag is not None:
        # A named bag: http's ErrorBag has bag(name); a plain mapping nests bags by name.
        select = getattr(errors, "bag", None) or getattr(errors, "get_bag", None)
        if callable(select):
            errors = select(bag)
        elif isinstance(errors, Mapping):
            errors = errors.get(bag)
        else:
            errors = None
        if errors is None:
            return None
    if isinstance(errors, Mapping):
        messages = errors.get(field)
        if not messages:
            return None
        if isinstance(messages, str):
            return messages
        return str(next(iter(messages)))
    has = getattr(errors, "has", None)
    if has is not None and has(field):
        return str(errors.first(field))
    return None


def csrf_field(ctx: Mapping[str, Any], line: int, template: Any) -> str:
    """``@csrf``: the hidden ``_token`` input, from the ``csrf_token`` context key."""
    token = ctx.get("csrf_token")
    if callable(token):
        token = token()
    if not token:
        raise TemplateError(
            f"@csrf in {template.filename}, line {line}: no csrf_token in the context "
            "(the framework shares it; standalone, pass csrf_token=...)"
        )
    return f'<input type="hidden" name="_token" value="{escape(token)}" autocomplete="off">'


def method_field(method: Any) -> str:
    """``@method('PUT')``: the hidden ``_method`` input."""
    return f'<input type="hidden" name="_method" value="{escape(str(method).upper())}">'


_JSON_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


def json_html(value: Any, indent: int | None = None) -> str:
    """``@json``: JSON safe inside ``<script>`` and HTML attributes (``< > & '`` escaped)."""
    return _json.dumps(value, indent=indent, default=_json_default).translate(_JSON_UNSAFE)


def _json_default(value: Any) -> Any:
    for method in ("to_dict", "to_json"):
        fn = getattr(value, method, None)
        if fn is not None:
            result = fn()
            return _json.loads(result) if method == "to_json" else result
    raise TypeError(f"@json cannot encode {type(value).__name__}")


class JsonHelper:
    """The ``json`` template global: ``json(x)`` is ``@json(x)``; ``.dumps``/``.loads`` too."""

    dumps = staticmethod(_json.dumps)
    loads = staticmethod(_json.loads)

    def __call__(self, value: Any, indent: int | None = None) -> HtmlString:
        """Return ``value`` as script-safe JSON that prints unescaped."""
        return HtmlString(json_html(value, indent))


def class_attr(spec: Any) -> str:
    """``@class(...)``: ``class="..."`` with the classes whose condition holds, escaped."""
    return f'class="{escape(class_names(spec))}"'


def style_attr(spec: Any) -> str:
    """``@style(...)``: ``style="..."`` with the declarations whose condition holds, escaped."""
    return f'style="{escape(style_text(spec))}"'


def spread(value: Any) -> dict[str, Any]:
    """``<x-a {{ attributes }}>``: the attributes of a bag or mapping."""
    if isinstance(value, AttributeBag):
        return dict(value.items())
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"cannot spread {type(value).__name__} as component attributes")


class Slot:
    """A component slot: rendered HTML (printed unescaped) plus the slot tag's attributes."""

    __slots__ = ("attributes", "html")

    def __init__(self, html: str = "", attributes: Mapping[str, Any] | None = None) -> None:
        self.html = html
        self.attributes = AttributeBag(attributes or {})

    def __html__(self) -> str:
        return self.html

    def to_html(self) -> str:
        """Return the slot's HTML."""
        return self.html

    def __str__(self) -> str:
        return self.html

    def is_empty(self) -> bool:
        """Whether the slot has no content."""
        return self.html == ""

    def is_not_empty(self) -> bool:
        """Whether the slot has content."""
        return self.html != ""

    def __bool__(self) -> bool:
        return self.html != ""

    def __repr__(self) -> str:
        return f"Slot({self.html!r})"


def props(ctx: dict[str, Any], spec: Any, template: Any, line: int) -> dict[str, Any]:
    """``@props``: take the declared props out of ``attributes``; return their values."""
    bag = ctx.get("attributes")
    attrs: dict[str, Any] = dict(bag.items()) if isinstance(bag, AttributeBag) else {}
    by_prop = {key.replace("-", "_"): key for key in attrs}
    if isinstance(spec, Mapping):
        declared = {str(k).replace("-", "_"): v for k, v in spec.items()}
    else:
        declared = {str(k).replace("-", "_"): REQUIRED for k in spec}
    values: dict[str, Any] = {}
    for prop, default in declared.items():
        if prop in by_prop:
            values[prop] = attrs.pop(by_prop[prop])
        elif prop in ctx and ctx[prop] is not MISSING and ctx[prop] is not bag:
            values[prop] = ctx[prop]
        elif default is REQUIRED:
            raise TemplateError(
                f"missing required prop {prop!r} for component {template.filename} "
                f"(declared by @props on line {line})"
            )
        else:
            values[prop] = default
    ctx["attributes"] = AttributeBag(attrs)
    return values
