"""``import lararust_core`` and core's provider stay cheap: crypto and hashing load on use."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it imported."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


HEAVY = ["cryptography", "argon2", "bcrypt"]


def test_core_provider_registers_without_crypto_libraries() -> None:
    code = (
        "import lararust_core\n"
        "app = lararust_core.Container()\n"
        "lararust_core.CoreServiceProvider\nlararust_core.Application\nlararust_core.facades"
    )
    assert loaded_after(code, ["lararust_core._hashing", *HEAVY]) == ["lararust_core._hashing"]


def test_the_libraries_load_when_a_service_is_built() -> None:
    key = "base64:" + "A" * 43 + "="
    code = (
        "from lararust_core import Encrypter, Argon2idHasher, BcryptHasher\n"
        f"assert Encrypter({key!r}).decrypt(Encrypter({key!r}).encrypt('x')) == 'x'\n"
        "argon = Argon2idHasher(memory=8, time=1)\n"
        "assert argon.check('a', argon.make('a'))\n"
        "assert BcryptHasher(rounds=4).check('a', BcryptHasher(rounds=4).make('a'))"
    )
    assert loaded_after(code, HEAVY) == HEAVY
