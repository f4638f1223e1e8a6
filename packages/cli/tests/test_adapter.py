"""``handle``'s signature is the command line: arguments, options, flags, types, help."""

from __future__ import annotations

from typing import Literal

import pytest
from lararust_cli._adapter import parse


class Probe:
    """A command shaped like the contracts' ``Command``."""

    def handle(
        self,
        names: list[str],
        mode: Literal["a", "b"] = "a",
        count: int = 1,
        label: str | None = None,
        dry_run: bool = False,
        except_: str = "",
    ) -> None:
        """Probe.

        Args:
            names: Who to probe.
            count: How many times.
        """


def _parse(*argv: str) -> object:
    return parse("probe", "Probe things", Probe().handle, list(argv))


@pytest.mark.smoke
def test_parameters_without_default_are_arguments() -> None:
    assert _parse("x", "y") == {
        "names": ["x", "y"],
        "mode": "a",
        "count": 1,
        "label": None,
        "dry_run": False,
        "except_": "",
    }


@pytest.mark.smoke
def test_parameters_with_default_are_typed_options() -> None:
    parsed = _parse("x", "--mode", "b", "--count", "3", "--label", "L", "--except", "/up")

    assert parsed == {
        "names": ["x"],
        "mode": "b",
        "count": 3,
        "label": "L",
        "dry_run": False,
        "except_": "/up",
    }


@pytest.mark.smoke
def test_a_bool_default_is_a_single_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert _parse("x", "--dry-run")["dry_run"] is True  # type: ignore[index]
    assert _parse("x", "--no-dry-run") == 2
    assert "No such option: --no-dry-run" in capsys.readouterr().err


@pytest.mark.smoke
def test_a_bad_value_is_a_usage_error_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _parse("x", "--count", "many") == 2
    assert "--count" in capsys.readouterr().err


@pytest.mark.smoke
def test_help_comes_from_the_args_section_of_the_docstring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _parse("--help") == 0

    out = capsys.readouterr().out
    assert "Probe things" in out
    assert "Who to probe." in out
    assert "How many times." in out
