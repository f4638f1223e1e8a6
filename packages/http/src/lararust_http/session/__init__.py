"""Sessions: the store, its handlers and the manager reading ``config/session.py``."""

from ._handlers import ArraySessionHandler as ArraySessionHandler
from ._handlers import CookieSessionHandler as CookieSessionHandler
from ._handlers import EncryptedSessionHandler as EncryptedSessionHandler
from ._handlers import FileSessionHandler as FileSessionHandler
from ._manager import SessionManager as SessionManager
from ._store import Session as Session
from ._store import SessionHandler as SessionHandler

__all__ = [
    "ArraySessionHandler",
    "CookieSessionHandler",
    "EncryptedSessionHandler",
    "FileSessionHandler",
    "Session",
    "SessionHandler",
    "SessionManager",
]
