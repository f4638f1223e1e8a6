"""``import lararust_http`` stays cheap: the server, test clients and parsers load on first use."""

from __future__ import annotations

import subprocess
import sys


def loaded_after(code: str, modules: list[str]) -> list[str]:
    """Run ``code`` in a fresh interpreter; return which of ``modules`` it imported."""
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.strip().split(",") if name]


HEAVY = ["lararust_http.server", "lararust_http._testing", "anyio.from_thread", "python_multipart"]


def test_importing_the_package_and_the_request_loads_nothing_heavy() -> None:
    code = "import lararust_http\nlararust_http.Request\nlararust_http.Kernel"
    assert loaded_after(code, HEAVY) == []


def test_the_test_client_loads_when_first_used() -> None:
    code = "from lararust_http import TestClient\nassert TestClient.__name__ == 'TestClient'"
    assert loaded_after(code, HEAVY) == ["lararust_http._testing", "anyio.from_thread"]


def test_the_multipart_parser_loads_with_the_first_multipart_body() -> None:
    code = (
        "from lararust_http._multipart import MultipartLimits, MultipartReader\n"
        "MultipartReader('multipart/form-data; boundary=x', MultipartLimits())"
    )
    assert loaded_after(code, ["python_multipart"]) == ["python_multipart"]


def test_a_star_import_gives_every_public_name() -> None:
    code = (
        "from lararust_http import *\nimport lararust_http\nassert server is lararust_http.server"
    )
    assert loaded_after(code, ["lararust_http.server"]) == ["lararust_http.server"]


def test_an_unknown_name_raises_attribute_error() -> None:
    code = (
        "import lararust_http\n"
        "try:\n    lararust_http.Nope\nexcept AttributeError as e:\n    assert 'Nope' in str(e)\n"
        "else:\n    raise SystemExit('no error')"
    )
    assert loaded_after(code, []) == []
