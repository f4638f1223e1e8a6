"""Proxy headers: trust ``X-Forwarded-For`` / ``X-Forwarded-Proto`` only from listed peers.

The client address is found by walking ``X-Forwarded-For`` from the right, skipping trusted
proxies: the first untrusted hop is the client (a client cannot forge the hops our proxies add).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    """A set of trusted proxy addresses/networks, or ``*`` for all."""

    __slots__ = ("_all", "_hosts", "_networks")

    def __init__(self, entries: Iterable[str]) -> None:
        self._all = False
        self._hosts: set[str] = set()
        self._networks: list[Network] = []
        for entry in entries:
            if entry == "*":
                self._all = True
            elif "/" in entry:
                self._networks.append(ipaddress.ip_network(entry, strict=False))
            else:
                self._hosts.add(entry)

    def __contains__(self, host: object) -> bool:
        if self._all:
            return True
        if not isinstance(host, str):
            return False
        if host in self._hosts:
            return True
        if not self._networks:
            return False
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)


def forwarded(
    headers: list[tuple[bytes, bytes]], trusted: TrustedProxies
) -> tuple[str | None, str | None]:
    """(client host, scheme) announced by trusted proxies; None where nothing usable was sent."""
    forwarded_for: bytes | None = None
    proto: bytes | None = None
    for name, value in headers:
        if name == b"x-forwarded-for":
            forwarded_for = value if forwarded_for is None else forwarded_for + b"," + value
        elif name == b"x-forwarded-proto":
            proto = value
    client: str | None = None
    if forwarded_for is not None:
        hops = [hop.strip() for hop in forwarded_for.decode("latin-1").split(",") if hop.strip()]
        for hop in reversed(hops):
            client = hop
            if hop not in trusted:
                break
    scheme: str | None = None
    if proto is not None:
        candidate = proto.decode("latin-1").split(",")[-1].strip().lower()
        if candidate in ("http", "https", "ws", "wss"):
            scheme = candidate
    return client, scheme
