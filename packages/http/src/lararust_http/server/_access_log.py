"""The access log line, with the request target escaped so a client cannot forge log lines."""

from __future__ import annotations

import logging
import re
from typing import Final

access_logger: Final = logging.getLogger("lararust.server.access")
error_logger: Final = logging.getLogger("lararust.server")

_UNSAFE: Final = re.compile(r"[^\x21-\x7e]|[\\\"]")


def escape_for_log(value: bytes) -> str:
    """Printable ASCII stays; quotes, backslashes, controls and non-ASCII become ``\\xNN``."""
    text = value.decode("latin-1")
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def log_access(client: str, method: bytes, target: bytes, version: str, status: int) -> None:
    """One line per request: ``client - "METHOD /target HTTP/1.1" status``."""
    access_logger.info(
        '%s - "%s %s HTTP/%s" %d',
        client,
        escape_for_log(method),
        escape_for_log(target),
        version,
        status,
    )
