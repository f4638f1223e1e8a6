"""What ``Application.configure(...).with_middleware(fn)`` callbacks receive (Laravel 11's).

Example::

    def middleware(m: MiddlewareConfig) -> None:
        m.append(AccessLog)
        m.web(append=[HandleInertiaRequests])
        m.alias({"admin": EnsureAdmin})
        m.validate_csrf_tokens(except_=["stripe/*"])
        m.trust_proxies(at="*")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .middleware import (
    EncryptCookies,
    ThrottleRequests,
    TrustHosts,
    TrustProxies,
    VerifyCsrfToken,
)

if TYPE_CHECKING:
    from ._kernel import Kernel, MiddlewareRef


class MiddlewareConfig:
    """Edits a kernel's global middleware, groups, aliases and priority."""

    def __init__(self, kernel: Kernel) -> None:
        self.kernel = kernel

    def _changed(self) -> MiddlewareConfig:
        self.kernel.invalidate()
        return self

    def append(self, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Add global middleware at the end."""
        for item in middleware:
            self.kernel.push_middleware(item)
        return self._changed()

    def prepend(self, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Add global middleware at the start."""
        for item in reversed(middleware):
            self.kernel.prepend_middleware(item)
        return self._changed()

    def remove(self, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Drop global middleware."""
        self.kernel.middleware = [m for m in self.kernel.middleware if m not in middleware]
        return self._changed()

    def use(self, middleware: Iterable[MiddlewareRef]) -> MiddlewareConfig:
        """Replace the whole global list."""
        self.kernel.middleware = list(middleware)
        return self._changed()

    def group(self, name: str, middleware: Iterable[MiddlewareRef]) -> MiddlewareConfig:
        """Define (or replace) a group."""
        self.kernel.middleware_groups[name] = list(middleware)
        return self._changed()

    def append_to_group(self, name: str, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Add to the end of a group."""
        group = self.kernel.middleware_groups.setdefault(name, [])
        group.extend(m for m in middleware if m not in group)
        return self._changed()

    def prepend_to_group(self, name: str, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Add to the start of a group."""
        group = self.kernel.middleware_groups.setdefault(name, [])
        group[:0] = [m for m in middleware if m not in group]
        return self._changed()

    def remove_from_group(self, name: str, *middleware: MiddlewareRef) -> MiddlewareConfig:
        """Drop from a group."""
        group = self.kernel.middleware_groups.get(name, [])
        group[:] = [m for m in group if m not in middleware]
        return self._changed()

    def web(
        self,
        append: Iterable[MiddlewareRef] = (),
        prepend: Iterable[MiddlewareRef] = (),
        remove: Iterable[MiddlewareRef] = (),
        replace: Mapping[Any, MiddlewareRef] | None = None,
    ) -> MiddlewareConfig:
        """Edit the ``web`` group."""
        return self._edit("web", append, prepend, remove, replace)

    def api(
        self,
        append: Iterable[MiddlewareRef] = (),
        prepend: Iterable[MiddlewareRef] = (),
        remove: Iterable[MiddlewareRef] = (),
        replace: Mapping[Any, MiddlewareRef] | None = None,
    ) -> MiddlewareConfig:
        """Edit the ``api`` group."""
        return self._edit("api", append, prepend, remove, replace)

    def _edit(
        self,
        name: str,
        append: Iterable[MiddlewareRef],
        prepend: Iterable[MiddlewareRef],
        remove: Iterable[MiddlewareRef],
        replace: Mapping[Any, MiddlewareRef] | None,
    ) -> MiddlewareConfig:
        group = self.kernel.middleware_groups.setdefault(name, [])
        removed = list(remove)
        group[:] = [(replace or {}).get(m, m) for m in group if m not in removed]
        self.prepend_to_group(name, *prepend)
        self.append_to_group(name, *append)
        return self._changed()

    def alias(self, aliases: Mapping[str, MiddlewareRef]) -> MiddlewareConfig:
        """Name middleware for routes (``"admin": EnsureAdmin``)."""
        self.kernel.middleware_aliases.update(aliases)
        return self._changed()

    def priority(self, middleware: Iterable[MiddlewareRef]) -> MiddlewareConfig:
        """Replace the priority order."""
        self.kernel.middleware_priority = list(middleware)
        return self._changed()

    def trust_proxies(self, at: Any) -> MiddlewareConfig:
        """Trust forwarded headers from ``at`` (IPs, CIDRs or ``*``)."""
        self.kernel.configure(TrustProxies, at=at)
        return self._changed()

    def trust_hosts(self, at: Any) -> MiddlewareConfig:
        """Answer only these hosts (and turn host checking on)."""
        self.kernel.configure(TrustHosts, at=at)
        if TrustHosts not in self.kernel.middleware:
            self.kernel.prepend_middleware(TrustHosts)
        return self._changed()

    def validate_csrf_tokens(
        self, except_: Iterable[str] = (), allowed_origins: Iterable[str] = ()
    ) -> MiddlewareConfig:
        """Paths exempt from CSRF checks, and extra trusted origins."""
        self.kernel.configure(
            VerifyCsrfToken, except_=list(except_), allowed_origins=list(allowed_origins)
        )
        return self._changed()

    def encrypt_cookies(self, except_: Iterable[str] = ()) -> MiddlewareConfig:
        """Cookies left unencrypted."""
        self.kernel.configure(EncryptCookies, except_=list(except_))
        return self._changed()

    def throttle_api(self, limiter: str = "60,1") -> MiddlewareConfig:
        """Rate-limit the ``api`` group (``throttle:60,1`` by default)."""
        return self.api(prepend=[f"throttle:{limiter}"])


__all__ = ["MiddlewareConfig", "ThrottleRequests"]
