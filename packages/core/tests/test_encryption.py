"""Encryption: round trip, tampering, foreign payloads, key rotation."""

from __future__ import annotations

import base64

import pytest
from lararust_contracts import DecryptError
from lararust_core import Encrypter, generate_key


@pytest.fixture
def key() -> str:
    return generate_key()


@pytest.mark.smoke
def test_round_trip_of_json_values(key: str) -> None:
    crypt = Encrypter(key)
    value = {"user": 1, "roles": ["admin"], "name": "Zoë"}
    payload = crypt.encrypt(value)
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"admin" not in raw  # the plaintext never travels in clear
    assert crypt.decrypt(payload) == value


def test_strings_without_serialization(key: str) -> None:
    crypt = Encrypter(key)
    assert crypt.decrypt_string(crypt.encrypt_string("plain text")) == "plain text"


def test_same_value_encrypts_differently_each_time(key: str) -> None:
    crypt = Encrypter(key)
    assert crypt.encrypt("x") != crypt.encrypt("x")


def test_payload_is_cookie_safe(key: str) -> None:
    payload = Encrypter(key).encrypt("x" * 100)
    assert set(payload) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@pytest.mark.smoke
def test_tampered_payload_raises_decrypt_error(key: str) -> None:
    crypt = Encrypter(key)
    raw = bytearray(base64.urlsafe_b64decode(crypt.encrypt({"admin": False}) + "=="))
    raw[-20] ^= 0x01  # flip one bit of the ciphertext
    tampered = base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
    with pytest.raises(DecryptError):
        crypt.decrypt(tampered)


@pytest.mark.parametrize("payload", ["", "not base64 !", "AAAA", "A" * 80])
def test_foreign_payloads_raise_decrypt_error(key: str, payload: str) -> None:
    with pytest.raises(DecryptError):
        Encrypter(key).decrypt(payload)


def test_payload_from_another_key_raises(key: str) -> None:
    with pytest.raises(DecryptError, match="tampered, or another key"):
        Encrypter(generate_key()).decrypt(Encrypter(key).encrypt("secret"))


def test_previous_keys_decrypt_old_payloads_and_new_ones_use_the_current_key(key: str) -> None:
    old_payload = Encrypter(key).encrypt("before rotation")
    rotated = Encrypter(generate_key(), previous_keys=[key])
    assert rotated.decrypt(old_payload) == "before rotation"
    with pytest.raises(DecryptError):
        Encrypter(key).decrypt(rotated.encrypt("after"))


def test_key_format_is_checked() -> None:
    assert generate_key().startswith("base64:")
    with pytest.raises(ValueError, match="must be 32 bytes"):
        Encrypter("base64:" + base64.b64encode(b"short").decode())
    with pytest.raises(ValueError, match="not valid base64"):
        Encrypter("base64:***")
    assert Encrypter("k" * 32).decrypt(Encrypter("k" * 32).encrypt(1)) == 1
