"""Every knob of the embedded server in one frozen dataclass, validated once at construction.

The defaults are the limits the server enforces from the first byte; each maps to a status code
(414, 431, 413, 408, 503) so a misbehaving client gets a clear answer instead of a hung socket.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from typing import Literal

HttpParser = Literal["httptools", "h11"]
LifespanMode = Literal["auto", "on", "off"]

_PARSERS = ("httptools", "h11")
_LIFESPAN = ("auto", "on", "off")


def _default_forwarded_ips() -> tuple[str, ...]:
    raw = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
    return tuple(part.strip() for part in raw.split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Settings of one server process: where it listens, how it parses, what it tolerates."""

    host: str = "127.0.0.1"
    port: int = 8000
    uds: str | None = None
    http: HttpParser = "httptools"
    workers: int = 1
    reload: bool = False
    reload_dirs: tuple[str, ...] = ()
    lifespan: LifespanMode = "auto"
    root_path: str = ""
    ssl_certfile: str | None = None
    ssl_keyfile: str | None = None
    ssl_keyfile_password: str | None = None
    proxy_headers: bool = True
    forwarded_allow_ips: tuple[str, ...] = field(default_factory=_default_forwarded_ips)
    server_header: bool = True
    date_header: bool = True
    access_log: bool = True
    backlog: int = 2048
    # Limits (bytes, counts, seconds). None disables the body cap only.
    max_request_line: int = 8 * 1024
    max_header_bytes: int = 64 * 1024
    max_header_fields: int = 100
    max_body_size: int | None = 100 * 1024 * 1024
    max_chunk_line: int = 4 * 1024
    max_connections: int = 4096
    timeout_header: float = 10.0
    timeout_keep_alive: float = 5.0
    # Request body (Apache mod_reqtimeout's rule): a client gets ``timeout_body`` seconds for
    # its body, one more second per ``body_min_rate`` bytes received; a body that stalls or
    # trickles slower is answered 408 and the connection closed. The clock stops while the
    # server itself holds the client back (read back-pressure) and, for ``Expect:
    # 100-continue``, until the ``100 Continue`` is sent. 0 for the rate: a fixed deadline.
    timeout_body: float = 20.0
    body_min_rate: float = 500.0
    timeout_graceful_shutdown: float = 30.0
    # Flow control: past these, reading pauses (request side) or send() waits (response side).
    read_buffer_limit: int = 256 * 1024
    write_buffer_high: int = 256 * 1024
    write_buffer_low: int = 64 * 1024
    # ``run()`` only (a server process of its own): once the app has started, collect and
    # ``gc.freeze()`` what boot left, so the collector stops rescanning the app's long-lived
    # objects on every request's garbage (Python's gc docs suggest it for servers).
    gc_freeze: bool = True

    def __post_init__(self) -> None:
        if self.http not in _PARSERS:
            raise ValueError(f"ServerConfig.http must be one of {_PARSERS}, got {self.http!r}")
        if self.lifespan not in _LIFESPAN:
            raise ValueError(
                f"ServerConfig.lifespan must be one of {_LIFESPAN}, got {self.lifespan!r}"
            )
        if self.workers < 1:
            raise ValueError(f"ServerConfig.workers must be >= 1, got {self.workers}")
        if not 0 <= self.port <= 65535:
            raise ValueError(f"ServerConfig.port must be in 0..65535, got {self.port}")
        if (self.ssl_keyfile is None) != (self.ssl_certfile is None):
            raise ValueError("ServerConfig needs both ssl_certfile and ssl_keyfile, or neither")
        for name in ("max_request_line", "max_header_bytes", "max_header_fields", "max_chunk_line"):
            if getattr(self, name) <= 0:
                raise ValueError(f"ServerConfig.{name} must be positive")
        for name in (
            "timeout_header",
            "timeout_keep_alive",
            "timeout_body",
            "timeout_graceful_shutdown",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"ServerConfig.{name} must be positive")
        if self.body_min_rate < 0:
            raise ValueError("ServerConfig.body_min_rate must be >= 0")

    @property
    def is_ssl(self) -> bool:
        """True when a certificate is configured (the scheme becomes https)."""
        return self.ssl_certfile is not None

    def ssl_context(self) -> ssl.SSLContext | None:
        """Build the server-side TLS context, or None for plain TCP."""
        if self.ssl_certfile is None:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ssl_certfile, self.ssl_keyfile, self.ssl_keyfile_password)
        context.set_alpn_protocols(["http/1.1"])
        return context

    def display_url(self, port: int) -> str:
        """The URL printed once the server listens (real port when 0 was asked)."""
        if self.uds is not None:
            return f"http+unix://{self.uds}"
        scheme = "https" if self.is_ssl else "http"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{scheme}://{host}:{port}"
