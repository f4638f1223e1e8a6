"""Authenticated encryption with the app key (implements ``lararust_contracts.Encrypter``).

Rules:
- AES-256-GCM (``cryptography``), a fresh 96-bit random nonce per message. The payload is
  URL-safe base64 (cookie-safe, no padding) of ``version byte | nonce | ciphertext+tag``.
- Values are serialised as JSON, never pickle: decrypting must not be able to run code even
  with a leaked key.
- Keys are 32 bytes, written ``base64:...`` as in Laravel (``generate_key()``). Decryption tries
  the current key, then each of ``previous_keys`` (rotation: re-encrypt, then drop old keys).
- Any failure (tampered, truncated, foreign, wrong key) raises ``DecryptError``, which never
  says which part failed.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from collections.abc import Iterable
from typing import Any

from lararust_contracts import DecryptError, LaraRustError

_VERSION = b"\x01"
_NONCE = 12
_TAG = 16
KEY_BYTES = 32
MAX_PAYLOAD_CHARS = 16 * 1024 * 1024


class MissingAppKeyError(LaraRustError):
    """Encryption was used with no ``APP_KEY`` configured."""


def generate_key() -> str:
    """A new random key in ``base64:...`` form (what ``key:generate`` writes to ``.env``)."""
    return "base64:" + base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(key: str | bytes, name: str = "APP_KEY") -> bytes:
    """Decode a ``base64:`` key (or a raw 32-byte one) and check its length."""
    if isinstance(key, bytes):
        raw = key
    elif key.startswith("base64:"):
        try:
            raw = base64.b64decode(key[len("base64:") :], validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"{name} is not valid base64 after 'base64:'") from None
    else:
        raw = key.encode("utf-8")
    if len(raw) != KEY_BYTES:
        raise ValueError(
            f"{name} must be {KEY_BYTES} bytes for AES-256-GCM, got {len(raw)} "
            "(generate one with `lararust key:generate`)"
        )
    return raw


class Encrypter:
    """Encrypts and decrypts with the app key; see the module docstring."""

    cipher = "aes-256-gcm"

    def __init__(self, key: str | bytes, previous_keys: Iterable[str | bytes] = ()) -> None:
        # cryptography (~25 ms to import) loads with the first encrypter, not with every process
        # that registers core's provider (``lararust route:list`` never encrypts).
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._key = AESGCM(parse_key(key))
        self._all = [
            self._key,
            *(AESGCM(parse_key(k, "a previous key")) for k in previous_keys if k),
        ]

    def encrypt(self, value: Any, serialize: bool = True) -> str:
        """Encrypt ``value`` (JSON-serialised unless ``serialize`` is False: then a str/bytes)."""
        if serialize:
            data = json.dumps(value, separators=(",", ":")).encode("utf-8")
        elif isinstance(value, bytes):
            data = value
        elif isinstance(value, str):
            data = value.encode("utf-8")
        else:
            raise TypeError(f"encrypt(serialize=False) takes str or bytes, not {type(value)}")
        nonce = os.urandom(_NONCE)
        sealed = self._key.encrypt(nonce, data, _VERSION)
        return base64.urlsafe_b64encode(_VERSION + nonce + sealed).rstrip(b"=").decode("ascii")

    def encrypt_string(self, value: str) -> str:
        """Encrypt a string without JSON serialisation."""
        return self.encrypt(value, serialize=False)

    def decrypt(self, payload: str | bytes, unserialize: bool = True) -> Any:
        """Decrypt a payload made by :meth:`encrypt`; raise ``DecryptError`` on any problem."""
        data = self._open(payload)
        if not unserialize:
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                return data
        try:
            return json.loads(data)
        except ValueError:
            raise DecryptError("The payload is invalid.") from None

    def decrypt_string(self, payload: str | bytes) -> str:
        """Decrypt a payload made by :meth:`encrypt_string`."""
        result = self.decrypt(payload, unserialize=False)
        if not isinstance(result, str):
            raise DecryptError("The payload is invalid.")
        return result

    def _open(self, payload: str | bytes) -> bytes:
        if isinstance(payload, bytes):
            payload = payload.decode("ascii", "replace")
        if not isinstance(payload, str) or len(payload) > MAX_PAYLOAD_CHARS:
            raise DecryptError("The payload is invalid.")
        try:
            raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        except (binascii.Error, ValueError):
            raise DecryptError("The payload is invalid.") from None
        if len(raw) < 1 + _NONCE + _TAG or raw[:1] != _VERSION:
            raise DecryptError("The payload is invalid.")
        from cryptography.exceptions import InvalidTag

        nonce, sealed = raw[1 : 1 + _NONCE], raw[1 + _NONCE :]
        for key in self._all:
            try:
                return key.decrypt(nonce, sealed, _VERSION)
            except InvalidTag:
                continue
        raise DecryptError("The payload could not be decrypted (tampered, or another key).")


def make_encrypter(config: Any) -> Encrypter:
    """Build the ``encrypter`` from config ``app.key`` / ``app.previous_keys``."""
    key = config.get("app.key")
    if not key:
        raise MissingAppKeyError(
            "No application encryption key has been specified: set APP_KEY in .env "
            "(generate one with `lararust key:generate`)"
        )
    previous = config.get("app.previous_keys") or []
    if isinstance(previous, str):
        previous = [k.strip() for k in previous.split(",") if k.strip()]
    return Encrypter(key, previous)
