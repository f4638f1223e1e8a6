"""Core's pytest plugin: one test's application, facades and clock do not reach the next."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def run_pytest(folder: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Write ``files`` into ``folder`` and run pytest there in a fresh interpreter."""
    for name, source in files.items():
        (folder / name).write_text(textwrap.dedent(source))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    return tmp_path


def test_an_application_made_in_one_test_is_gone_in_the_next(folder: Path) -> None:
    result = run_pytest(
        folder,
        {
            "test_a.py": """
            import datetime as dt

            from lararust_core import Application, _current
            from lararust_core.facades import Event
            from lararust_support import get_test_now, now, set_test_now

            def test_builds_and_fakes(tmp_path):
                (tmp_path / ".env").write_text("LEAK_CHECK=from-test-a\\n")
                Application.configure(base_path=tmp_path).create()  # loads .env into os.environ
                Event.fake()
                set_test_now(dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc))

            def test_sees_none_of_it():
                import os

                assert _current.current_application() is None
                assert "LEAK_CHECK" not in os.environ
                assert not Event.is_swapped
                assert get_test_now() is None
            """,
        },
    )
    assert "2 passed" in result.stdout, result.stdout + result.stderr


def test_a_module_scoped_application_lasts_for_its_module_only(folder: Path) -> None:
    result = run_pytest(
        folder,
        {
            "test_1_module.py": """
            import pytest
            from lararust_core import Application, app

            @pytest.fixture(scope="module")
            def shared(tmp_path_factory):
                return Application(tmp_path_factory.mktemp("m"))

            def test_first(shared):
                assert app() is shared

            def test_second(shared, tmp_path):
                Application(tmp_path)  # this test's own, gone after it
                assert app() is not shared

            def test_third(shared):
                assert app() is shared
            """,
            "test_2_next.py": """
            from lararust_core import _current

            def test_the_module_application_is_gone():
                assert _current.current_application() is None
            """,
        },
    )
    assert "4 passed" in result.stdout, result.stdout + result.stderr
