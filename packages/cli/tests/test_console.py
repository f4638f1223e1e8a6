"""The console itself: listing, help, suggestions, errors and exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lararust_cli import main


@pytest.mark.smoke
def test_listing_shows_every_command_with_its_description(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 0

    out = capsys.readouterr().out
    assert re.search(r"(?m)^  make:controller +Create a new controller class$", out)
    assert re.search(r"(?m)^  version +Show every installed LaraRust component", out)


@pytest.mark.smoke
@pytest.mark.parametrize("flag", ["--help", "-h", "help", "list"])
def test_help_flags_show_the_listing(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([flag]) == 0

    assert "Available commands:" in capsys.readouterr().out


@pytest.mark.smoke
def test_a_command_help_shows_its_arguments_and_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["make:controller", "--help"]) == 0

    out = capsys.readouterr().out
    assert "--resource" in out
    assert "--invokable" in out
    assert "A resource controller" in out  # from the Args: section of handle's docstring


@pytest.mark.smoke
def test_help_of_a_command_is_the_same_as_its_help_flag(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["help", "new"]) == 0

    assert "Create a new LaraRust application" in capsys.readouterr().out


@pytest.mark.smoke
def test_a_mistyped_command_suggests_the_closest_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["make:contoller"]) == 2

    err = capsys.readouterr().err
    assert "'make:contoller' is not defined" in err
    assert "Did you mean 'make:controller'" in err


@pytest.mark.smoke
def test_a_bare_namespace_suggests_its_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["make"]) == 2

    err = capsys.readouterr().err
    assert "Commands in the 'make' namespace:" in err
    assert "make:command, make:controller" in err


@pytest.mark.smoke
def test_a_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 2

    assert "Missing argument" in capsys.readouterr().err


@pytest.mark.smoke
def test_an_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version", "--nope"]) == 2

    assert "No such option: --nope" in capsys.readouterr().err


@pytest.mark.smoke
def test_version_lists_every_installed_component(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert main(["version"]) == 0

    out = capsys.readouterr().out
    assert f"lararust-cli        {version('lararust-cli')}" in out
    assert "lararust-contracts" in out
    assert "Python" in out


@pytest.mark.smoke
def test_version_flag_is_the_version_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0

    assert "lararust-cli" in capsys.readouterr().out


def test_a_command_that_needs_an_app_says_so_outside_one(lararust, tmp_path: Path) -> None:
    result = lararust("make:controller", "Photo")

    assert result.returncode == 1
    assert "must run inside a LaraRust application" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_and_the_module_agree(lararust) -> None:
    result = lararust("--help")

    assert result.returncode == 0
    assert "Usage:" in result.stdout


def test_listing_imports_no_command_module_nor_typer_or_rich(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from lararust_cli import main\n"
        "main([])\n"
        "heavy = ('lararust_router', 'lararust_orm', 'lararust_view', 'lararust_http',\n"
        "         'lararust_core', 'lararust_cli._commands', 'typer', 'rich')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )

    assert "make:controller" in result.stdout
    assert result.stderr.strip() == "[]"


@pytest.mark.smoke
def test_about_works_outside_an_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    monkeypatch.chdir(tmp_path)

    assert main(["about", "--json"]) == 0

    about = json.loads(capsys.readouterr().out)
    assert set(about) == {"Environment", "Components"}
    assert "lararust-cli" in about["Components"]
