"""The README's typing idioms type-check: editors and mypy see a facade's methods, and typos."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SAMPLE = """
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

from lararust_support import Facade

class Greeter:
    def greet(self, who: str) -> str:
        return who

if TYPE_CHECKING:
    from lararust_support import FacadeControls

    class _GreeterFacade(Greeter, FacadeControls[Greeter]): ...

Greet = cast("_GreeterFacade", Facade("greeter", default=Greeter))

text: str = Greet.greet("x")
same: Greeter = Greet.resolve()
swapped: Greeter = Greet.swap(Greeter())
Greet.clear()
Greet.grete("x")  # the typo mypy must report


class Hasher(Protocol):
    def make(self, value: str) -> str: ...


if TYPE_CHECKING:

    class _HashFacade(Hasher, FacadeControls[Hasher], Protocol): ...


Hash = cast("_HashFacade", Facade("hash"))
hashed: str = Hash.make("secret")
recorder = Hash.fake()
"""

MACROS = """
from __future__ import annotations

from lararust_support import Macroable, Str

class Widget(Macroable):
    size = 2

Str.macro("shout", lambda value: value.upper())
Widget.macro("double", lambda self: self.size * 2)
loud: str = Str.shout("x")
doubled: int = Widget().double()
snake: str = Str.snake("fooBar")
Str.snake(42)  # still checked: mypy must report this argument
"""


def run_mypy(tmp_path: Path, source: str) -> str:
    module = tmp_path / "sample.py"
    module.write_text(textwrap.dedent(source))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(module),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def facade_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    return run_mypy(tmp_path_factory.mktemp("facade"), SAMPLE)


def test_typed_facade_exposes_service_and_controls(facade_report: str) -> None:
    errors = [line for line in facade_report.splitlines() if ": error:" in line]
    assert len(errors) == 1, facade_report


def test_typed_facade_reports_typos(facade_report: str) -> None:
    assert '"grete"' in facade_report, facade_report


def test_macros_type_check_on_classes_and_instances(tmp_path: Path) -> None:
    report = run_mypy(tmp_path, MACROS)
    errors = [line for line in report.splitlines() if ": error:" in line]
    assert len(errors) == 1, report
    assert "arg-type" in errors[0], report
