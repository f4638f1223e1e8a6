"""The connection state machine, written as data (h11's ``_state.py`` idea, reduced).

Each side (the client sending a request, the server sending a response) has a state. Events move
a side along ``_CLIENT_TRANSITIONS`` / ``_SERVER_TRANSITIONS``; anything not in the table is a
protocol error. When both sides are DONE the connection either starts the next cycle
(keep-alive) or both become MUST_CLOSE.
"""

from __future__ import annotations

from typing import Final

IDLE: Final = "IDLE"
RECV_BODY: Final = "RECV_BODY"
SEND_BODY: Final = "SEND_BODY"
DONE: Final = "DONE"
MUST_CLOSE: Final = "MUST_CLOSE"
CLOSED: Final = "CLOSED"
ERROR: Final = "ERROR"

# (state, event name) -> next state.
_CLIENT_TRANSITIONS: Final[dict[tuple[str, str], str]] = {
    (IDLE, "request"): RECV_BODY,
    (RECV_BODY, "data"): RECV_BODY,
    (RECV_BODY, "end"): DONE,
    (IDLE, "close"): CLOSED,
    (DONE, "close"): CLOSED,
    (MUST_CLOSE, "close"): CLOSED,
}
_SERVER_TRANSITIONS: Final[dict[tuple[str, str], str]] = {
    (IDLE, "informational"): IDLE,
    (IDLE, "response"): SEND_BODY,
    (SEND_BODY, "data"): SEND_BODY,
    (SEND_BODY, "end"): DONE,
    (IDLE, "close"): CLOSED,
    (DONE, "close"): CLOSED,
    (MUST_CLOSE, "close"): CLOSED,
}


class InvalidTransition(Exception):
    """An event arrived that the current state does not allow."""


class ConnectionState:
    """Both sides' states plus the keep-alive decision."""

    __slots__ = ("client", "keep_alive", "server")

    def __init__(self) -> None:
        self.client = IDLE
        self.server = IDLE
        self.keep_alive = True

    def client_event(self, name: str) -> None:
        """Move the client side along the table (raises InvalidTransition)."""
        self.client = self._move(_CLIENT_TRANSITIONS, self.client, name)
        self._settle()

    def client_request(self, complete: bool, keep_alive: bool) -> None:
        """A request head arrived (IDLE -> RECV_BODY), ``complete`` when no body follows.

        The per-request shortcut for ``client_event("request")`` (+ ``"end"``) and, when the
        request asks to close, ``disable_keep_alive()``: same states, no table lookups.
        """
        if self.client != IDLE:
            raise InvalidTransition(f"event 'request' not allowed in state {self.client}")
        if not keep_alive:
            self.keep_alive = False
        if not complete:
            self.client = RECV_BODY
            if not keep_alive:
                self._settle()
        elif self.keep_alive:
            self.client = DONE
        else:
            self.client = MUST_CLOSE
            self._settle()

    def server_whole_response(self) -> None:
        """A complete response went out at once (IDLE -> DONE): ``"response"`` + ``"end"``."""
        if self.server != IDLE:
            raise InvalidTransition(f"event 'response' not allowed in state {self.server}")
        self.server = DONE if self.keep_alive else MUST_CLOSE

    def server_event(self, name: str) -> None:
        """Move the server side along the table (raises InvalidTransition)."""
        self.server = self._move(_SERVER_TRANSITIONS, self.server, name)
        self._settle()

    def disable_keep_alive(self) -> None:
        """This cycle is the last one: DONE sides become MUST_CLOSE."""
        self.keep_alive = False
        self._settle()

    def error(self) -> None:
        """The connection is beyond repair."""
        self.client = self.server = ERROR

    @staticmethod
    def _move(table: dict[tuple[str, str], str], state: str, name: str) -> str:
        try:
            return table[state, name]
        except KeyError:
            raise InvalidTransition(f"event {name!r} not allowed in state {state}") from None

    def _settle(self) -> None:
        if not self.keep_alive:
            if self.client == DONE:
                self.client = MUST_CLOSE
            if self.server == DONE:
                self.server = MUST_CLOSE
