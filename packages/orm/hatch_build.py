"""Build hook: compile lararust-orm's optional C extension, the PostgreSQL row type.

``src/lararust_orm/_pgrecord.c`` is compiled into wheels and editable installs on CPython when
a C compiler is there. Without one (or with ``LARARUST_NO_EXTENSIONS=1``, on another Python
implementation, or on a free-threaded build) the hook says why and the package stays pure
Python: ``lararust_orm._records`` then uses the same row type written in Python, slower (see
the README). ``LARARUST_REQUIRE_EXTENSIONS=1`` turns a failed compilation into a failed build.

After editing the C source in a checkout, reinstall the package to rebuild it in place
(editable installs load it from ``src/``)::

    uv pip install --python "$(hatch env find)/bin/python" --no-deps -e packages/orm
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

EXTENSION = "lararust_orm._pgrecord"
SOURCE = Path("src") / "lararust_orm" / "_pgrecord.c"


def skip_reason() -> str | None:
    """Why this interpreter gets no compiled extension, or None."""
    if os.environ.get("LARARUST_NO_EXTENSIONS") == "1":
        return "LARARUST_NO_EXTENSIONS=1"
    if sys.implementation.name != "cpython":
        return f"{sys.implementation.name} is not CPython"
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        return "a free-threaded CPython build"
    return None


def compile_extension(root: Path, out_dir: Path) -> Path:
    """Compile the extension into ``out_dir`` (as a package tree); return the built file."""
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(EXTENSION, sources=[str(root / SOURCE)])
    command = build_ext(Distribution({"name": "lararust-orm", "ext_modules": [extension]}))
    with tempfile.TemporaryDirectory(prefix="lararust-orm-build-") as temp:
        command.build_lib = str(out_dir)
        command.build_temp = temp
        command.ensure_finalized()
        command.run()
    return Path(command.get_ext_fullpath(EXTENSION))


class PgRecordBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    """Adds the compiled row type to wheels; leaves the package pure Python when it can't."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        reason = skip_reason()
        if reason is not None:
            self.app.display_warning(f"lararust-orm: pure-Python row type ({reason})")
            return
        root = Path(self.root)
        editable = version == "editable"
        # Editable installs import from src/, so the extension is built there.
        self._out = root / "src" if editable else Path(tempfile.mkdtemp(prefix="lararust-orm-"))
        try:
            built = compile_extension(root, self._out)
        except Exception as exc:  # no compiler, no headers: the pure-Python build still works
            if os.environ.get("LARARUST_REQUIRE_EXTENSIONS") == "1":
                raise
            self.app.display_warning(
                f"lararust-orm: could not compile {SOURCE} ({exc}); "
                "installing the pure-Python row type"
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if not editable:
            build_data["force_include"][str(built)] = f"lararust_orm/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None and version != "editable":
            shutil.rmtree(out, ignore_errors=True)
