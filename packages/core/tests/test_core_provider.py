"""Core's provider and facades, against a real application."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lararust_contracts import Encrypter as EncrypterContract
from lararust_contracts import EventDispatcher, Hasher, Logger
from lararust_core import Application, EventFake, generate_key
from lararust_core.facades import Config, Crypt, Event, Hash, Log
from lararust_support import now


@pytest.fixture
def application(project: Callable[..., Path]) -> Application:
    key = generate_key()
    root = project(
        {
            ".env": f"APP_KEY={key}\n",
            "config/app.py": """
                from lararust_core import env
                config = {"name": "Demo", "key": env("APP_KEY"), "timezone": "Europe/Paris",
                          "dont_discover": ["*"]}
            """,
            "config/hashing.py": """
                config = {"driver": "argon2id", "argon": {"memory": 1024, "time": 1}}
            """,
            "config/logging.py": """
                config = {"default": "file", "channels": {
                    "file": {"driver": "single", "path": "storage/logs/app.log"}}}
            """,
        }
    )
    return Application.configure(base_path=root).create()


@pytest.mark.smoke
def test_services_are_bound_under_names_and_contracts(application: Application) -> None:
    assert application.make("events") is application.make(EventDispatcher)
    assert application.make("hash") is application.make(Hasher)
    assert application.make("log") is application.make(Logger)
    assert application.make("encrypter") is application.make(EncrypterContract)


async def test_facades_reach_the_current_application(application: Application) -> None:
    assert Config.get("app.name") == "Demo"
    assert Crypt.decrypt(Crypt.encrypt({"a": 1})) == {"a": 1}
    hashed = await Hash.make("pw")
    assert await Hash.check("pw", hashed)
    Log.info("from the facade")
    application.make("log").close()
    assert "from the facade" in application.storage_path("logs", "app.log").read_text()


async def test_event_facade_dispatches_and_fakes(application: Application) -> None:
    seen: list[str] = []
    Event.listen("ping", seen.append)
    await Event.dispatch("ping", "pong")
    assert seen == ["pong"]
    fake = Event.fake()
    try:
        assert isinstance(fake, EventFake)
        await Event.dispatch("ping", "again")
        fake.assert_dispatched("ping")
        assert seen == ["pong"]
    finally:
        Event.clear()


async def test_boot_applies_the_configured_timezone(application: Application) -> None:
    await application.boot()
    assert str(now().tzinfo) == "Europe/Paris"
