"""Password hashing: Argon2id, bcrypt, cross-algorithm checks, rehash."""

from __future__ import annotations

import pytest
from lararust_core import HashManager

FAST_ARGON = {"memory": 1024, "time": 1, "threads": 1}


@pytest.fixture
def hasher() -> HashManager:
    return HashManager({"argon": FAST_ARGON, "bcrypt": {"rounds": 4}})


@pytest.mark.smoke
async def test_argon2id_is_the_default_and_checks_off_the_loop(hasher: HashManager) -> None:
    hashed = await hasher.make("secret")
    assert hashed.startswith("$argon2id$")
    assert await hasher.check("secret", hashed)
    assert not await hasher.check("wrong", hashed)


def test_each_hash_is_salted(hasher: HashManager) -> None:
    assert hasher.make_sync("secret") != hasher.make_sync("secret")


@pytest.mark.smoke
def test_bcrypt_driver(hasher: HashManager) -> None:
    bcrypt = HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 4}})
    hashed = bcrypt.make_sync("secret")
    assert hashed.startswith("$2b$04$")
    assert bcrypt.check_sync("secret", hashed)
    assert not bcrypt.check_sync("Secret", hashed)


def test_php_2y_bcrypt_hashes_verify() -> None:
    bcrypt = HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 4}})
    php_style = "$2y$" + bcrypt.make_sync("secret")[4:]
    assert bcrypt.check_sync("secret", php_style)


def test_bcrypt_refuses_passwords_over_72_bytes() -> None:
    bcrypt = HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 4}})
    with pytest.raises(ValueError, match="longer than 72 bytes"):
        bcrypt.make_sync("é" * 37)  # 74 bytes of UTF-8


def test_argon2_accepts_long_passphrases_up_to_the_cap(hasher: HashManager) -> None:
    phrase = "correct horse battery staple " * 10
    assert hasher.check_sync(phrase, hasher.make_sync(phrase))
    with pytest.raises(ValueError, match="longer than 4096 bytes"):
        hasher.make_sync("x" * 5000)


def test_check_recognises_the_algorithm_and_rehash_moves_users_on(hasher: HashManager) -> None:
    old = HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 4}}).make_sync("secret")
    assert hasher.check_sync("secret", old)
    assert hasher.needs_rehash(old)
    assert not hasher.needs_rehash(hasher.make_sync("secret"))


def test_changed_parameters_need_rehash(hasher: HashManager) -> None:
    hashed = hasher.make_sync("secret")
    stronger = HashManager({"argon": {**FAST_ARGON, "time": 2}})
    assert stronger.needs_rehash(hashed)
    assert stronger.check_sync("secret", hashed)
    rounds5 = HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 5}})
    assert rounds5.needs_rehash(
        HashManager({"driver": "bcrypt", "bcrypt": {"rounds": 4}}).make_sync("x")
    )


@pytest.mark.parametrize("garbage", ["", "plain", "$argon2id$broken", "$2b$04$short", None])
def test_malformed_hashes_check_false(hasher: HashManager, garbage: str | None) -> None:
    assert hasher.check_sync("secret", garbage) is False


def test_unknown_driver_is_named() -> None:
    with pytest.raises(ValueError, match="'md5' is not one of"):
        HashManager({"driver": "md5"})
