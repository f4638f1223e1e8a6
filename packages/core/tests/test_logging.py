"""Logging channels (stack, single, daily, stderr, JSON lines) and per-request context."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lararust_core import Container, LogManager


def channels_config(tmp_path: Path) -> dict[str, object]:
    return {
        "default": "stack",
        "channels": {
            "stack": {"driver": "stack", "channels": ["single", "json"]},
            "single": {"driver": "single", "path": "logs/app.log", "level": "info"},
            "json": {"driver": "single", "path": str(tmp_path / "app.jsonl"), "formatter": "json"},
            "daily": {"driver": "daily", "path": "logs/daily.log", "days": 7},
            "stderr": {"driver": "stderr", "level": "warning"},
            "nothing": {"driver": "null"},
        },
    }


@pytest.fixture
def log(tmp_path: Path) -> LogManager:
    manager = LogManager(channels_config(tmp_path), base_path=tmp_path, label="testing")
    yield manager  # type: ignore[misc]
    manager.close()


@pytest.mark.smoke
def test_stack_writes_to_every_channel_with_their_levels(log: LogManager, tmp_path: Path) -> None:
    log.debug("too quiet for single")
    log.info("user signed in", {"id": 7})
    log.close()
    text = (tmp_path / "logs" / "app.log").read_text()
    assert "too quiet" not in text
    assert 'testing.INFO: user signed in {"id": 7}' in text
    lines = [json.loads(line) for line in (tmp_path / "app.jsonl").read_text().splitlines()]
    assert [(r["level"], r["message"], r["context"]) for r in lines] == [
        ("debug", "too quiet for single", {}),
        ("info", "user signed in", {"id": 7}),
    ]


def test_daily_channel_uses_a_rotating_handler(log: LogManager, tmp_path: Path) -> None:
    import logging.handlers

    channel = log.channel("daily")
    channel.notice("rotates at midnight")
    (handler,) = channel.logger.handlers
    assert isinstance(handler, logging.handlers.TimedRotatingFileHandler)
    assert handler.backupCount == 7
    log.close()
    assert "testing.NOTICE: rotates at midnight" in (tmp_path / "logs" / "daily.log").read_text()


def test_stderr_channel(log: LogManager, capsys: pytest.CaptureFixture[str]) -> None:
    log.channel("stderr").info("filtered out")
    log.channel("stderr").error("boom")
    assert capsys.readouterr().err.endswith("testing.ERROR: boom\n")


def test_exception_in_context_is_logged_with_traceback(log: LogManager, tmp_path: Path) -> None:
    try:
        raise RuntimeError("kaput")
    except RuntimeError as exc:
        log.error("failed", {"exception": exc})
    log.close()
    record = json.loads((tmp_path / "app.jsonl").read_text())
    assert "RuntimeError: kaput" in record["exception"]


def test_context_is_per_scope_and_ends_with_it(tmp_path: Path) -> None:
    container = Container()
    log = LogManager(channels_config(tmp_path), base_path=tmp_path, container=container)
    log.share_context({"app": "demo"})
    with container.scope():
        log.with_context({"request_id": "r1"})
        log.info("inside")
    log.info("after")
    log.close()
    records = [json.loads(x) for x in (tmp_path / "app.jsonl").read_text().splitlines()]
    assert records[0]["context"] == {"app": "demo", "request_id": "r1"}
    assert records[1]["context"] == {"app": "demo"}


def test_unknown_channel_is_named(log: LogManager) -> None:
    with pytest.raises(ValueError, match="log channel 'nope' is not configured"):
        log.channel("nope")


def test_default_config_logs_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    LogManager().warning("careful")
    assert "WARNING: careful" in capsys.readouterr().err
