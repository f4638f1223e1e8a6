"""Fixtures of the cli tests: run ``lararust`` for real (a subprocess of this interpreter)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Run = Callable[..., subprocess.CompletedProcess[str]]


def _run(
    *args: str, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    merged = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    merged.pop("FORCE_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "lararust_cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=merged,
    )


@pytest.fixture
def lararust(tmp_path: Path) -> Run:
    """Run ``lararust ARGS`` in ``tmp_path`` (or ``cwd=``); return the completed process."""

    def run(
        *args: str, cwd: Path | None = None, **kwargs: object
    ) -> subprocess.CompletedProcess[str]:
        return _run(*args, cwd=cwd or tmp_path, **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture(scope="session")
def _written_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One application written by a real ``lararust new`` for the whole session."""
    where = tmp_path_factory.mktemp("written")
    result = _run("new", "blog", cwd=where)
    assert result.returncode == 0, result.stderr
    return where / "blog"


@pytest.fixture
def new_app(tmp_path: Path, _written_app: Path) -> Path:
    """A fresh copy of an application ``lararust new`` wrote (tests may change it freely)."""
    target = tmp_path / "blog"
    shutil.copytree(_written_app, target)
    return target


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``lararust ARGS`` in this process (for commands that boot nothing: fast)."""
    from lararust_cli import main

    monkeypatch.setattr(sys, "path", list(sys.path))  # the app root goes first: undo it after
    monkeypatch.setenv("NO_COLOR", "1")

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        with monkeypatch.context() as scoped:
            scoped.chdir(cwd or tmp_path)
            code = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return run
