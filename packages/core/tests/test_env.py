"""``.env`` parsing and loading, and ``env()`` casting."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from lararust_core import EnvError, EnvFileError, env, load_env


def parse(project: Callable[..., Path], text: str) -> dict[str, str]:
    root = project({".env": text})
    return load_env(root / ".env", override=True)


@pytest.mark.smoke
def test_parses_plain_quoted_and_commented_values(project: Callable[..., Path]) -> None:
    values = parse(
        project,
        """
        # a comment
        APP_NAME=LaraRust
        export APP_ENV=local
        APP_URL=http://localhost # inline comment
        SINGLE='raw ${APP_NAME} \\n'
        DOUBLE="line\\nnext ${APP_NAME}"
        HASH="a # not a comment"
        EMPTY=
        """,
    )
    assert values == {
        "APP_NAME": "LaraRust",
        "APP_ENV": "local",
        "APP_URL": "http://localhost",
        "SINGLE": "raw ${APP_NAME} \\n",
        "DOUBLE": "line\nnext LaraRust",
        "HASH": "a # not a comment",
        "EMPTY": "",
    }


def test_multiline_double_quoted_value(project: Callable[..., Path]) -> None:
    assert parse(project, 'KEY="-----BEGIN\nabc\n-----END"\n')["KEY"] == "-----BEGIN\nabc\n-----END"


def test_interpolation_with_default(project: Callable[..., Path]) -> None:
    os.environ.pop("MISSING_VAR", None)
    assert parse(project, "URL=${MISSING_VAR:-fallback}/x\n")["URL"] == "fallback/x"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("OK=1\nthis is not valid\n", 2, "expected KEY=VALUE"),
        ("OK=1\n\n1BAD=x\n", 3, "invalid variable name '1BAD'"),
        ('A="unterminated\n', 1, "unterminated"),
        ('A="x" trailing\n', 1, "unexpected text after the closing"),
    ],
)
def test_malformed_line_names_file_and_line(
    project: Callable[..., Path], text: str, line: int, reason: str
) -> None:
    root = project({".env": text})
    with pytest.raises(EnvFileError) as caught:
        load_env(root / ".env")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{root / '.env'}:{line}: ")
    assert reason in str(caught.value)


def test_real_environment_wins_over_the_file(project: Callable[..., Path]) -> None:
    os.environ["APP_NAME"] = "from-real-env"
    root = project({".env": "APP_NAME=from-file\n"})
    load_env(root / ".env")
    assert os.environ["APP_NAME"] == "from-real-env"


def test_missing_file_loads_nothing(tmp_path: Path) -> None:
    assert load_env(tmp_path / ".env") == {}


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("true", True),
        ("(true)", True),
        ("FALSE", False),
        ("(false)", False),
        ("null", None),
        ("(null)", None),
        ("empty", ""),
        ("(empty)", ""),
        ("hello", "hello"),
    ],
)
def test_env_casts_laravel_keywords(raw: str, expected: object) -> None:
    os.environ["CAST_ME"] = raw
    assert env("CAST_ME") == expected


def test_env_strips_quotes_kept_by_the_real_environment() -> None:
    os.environ["QUOTED"] = '"hello world"'
    assert env("QUOTED") == "hello world"


def test_env_returns_default_when_unset() -> None:
    os.environ.pop("NOT_SET", None)
    assert env("NOT_SET", 8000) == 8000
    assert env("NOT_SET", lambda: "computed") == "computed"


def test_env_casts_to_the_type_of_the_default() -> None:
    os.environ["APP_PORT"] = "8080"
    os.environ["APP_RATIO"] = "0.5"
    os.environ["APP_FLAG"] = "on"
    assert env("APP_PORT", 8000) == 8080
    assert env("APP_RATIO", 1.0) == 0.5
    assert env("APP_FLAG", False) is True


def test_env_value_that_does_not_fit_its_default_names_variable_and_file(
    project: Callable[..., Path],
) -> None:
    root = project({".env": "APP_NAME=x\nAPP_PORT=abc\n"})
    load_env(root / ".env", override=True)
    with pytest.raises(
        EnvError, match=r"APP_PORT must be an integer, got 'abc' \(from .*\.env:2\)"
    ):
        env("APP_PORT", 8000)
