"""Build every distribution and prove each installs and works with only what it declares.

For each package: build its wheel and sdist into ``dist/``, create a fresh virtual environment,
install the wheel with exactly its declared sibling wheels (third-party dependencies come from
the index), import it and run its ``smoke`` tests against the installed copy. The sdist is
installed into a second fresh environment and imported. A package with a build hook
(``hatch_build.py``: lararust-orm's optional C extension) is also built with
``LARARUST_NO_EXTENSIONS=1``, as on a machine without a C compiler: that wheel must be pure
Python and pass the same smoke tests. Finally the editable workspace install
(what ``hatch run test`` uses) must import the umbrella's names the same way.

Usage: python tools/check_dists.py [package ...]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from packages import ROOT, Package, closure, load

DIST = ROOT / "dist"
TEST_TOOLS = ["pytest>=8.3", "pytest-asyncio>=0.24"]
UMBRELLA_IMPORT = "from lararust import Route, view, Model, DB, Schema, config, env"


def run(cmd: list[str], cwd: Path = ROOT) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def build(package: Package) -> tuple[Path, Path]:
    out = DIST / package.folder
    shutil.rmtree(out, ignore_errors=True)
    run(["uv", "build", "--quiet", "--out-dir", str(out), str(package.path)])
    wheel = next(out.glob("*.whl"))
    sdist = next(out.glob("*.tar.gz"))
    return wheel, sdist


def venv(where: Path) -> Path:
    run(["uv", "venv", "--quiet", "--python", sys.executable, str(where)])
    return where / "bin" / "python"


def check_wheel(
    package: Package, wheels: dict[str, Path], tmp: Path, env: dict[str, str] | None = None
) -> None:
    python = venv(tmp / f"{package.folder}-wheel{'-pure' if env else ''}")
    needed = [str(wheels[name]) for name in closure(load(), package.folder)]
    run(["uv", "pip", "install", "--quiet", "--python", str(python), *needed, *TEST_TOOLS])
    run([str(python), "-c", f"import {package.module}; print({package.module}.__version__)"])
    code = subprocess.run(
        [
            str(python),
            "-m",
            "pytest",
            "-q",
            "-m",
            "smoke",
            "-p",
            "no:cacheprovider",
            str(package.path / "tests"),
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    ).returncode
    if code not in (0, 5):  # 5: no smoke test selected
        raise SystemExit(f"smoke tests of the installed {package.dist} wheel failed")


def check_sdist(package: Package, sdist: Path, wheels: dict[str, Path], tmp: Path) -> None:
    python = venv(tmp / f"{package.folder}-sdist")
    siblings = [str(wheels[name]) for name in closure(load(), package.folder)[:-1]]
    run(["uv", "pip", "install", "--quiet", "--python", str(python), *siblings, str(sdist)])
    run([str(python), "-c", f"import {package.module}"])


def check_pure_build(package: Package, wheels: dict[str, Path], tmp: Path) -> None:
    """Build as without a C compiler: a pure-Python wheel that passes the smoke tests."""
    env = {"LARARUST_NO_EXTENSIONS": "1"}
    out = DIST / f"{package.folder}-pure"
    shutil.rmtree(out, ignore_errors=True)
    command = ["uv", "build", "--quiet", "--wheel", "--out-dir", str(out), str(package.path)]
    print("+", " ".join(command), "(LARARUST_NO_EXTENSIONS=1)", flush=True)
    subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, **env})
    wheel = next(out.glob("*.whl"))
    if not wheel.name.endswith("-py3-none-any.whl"):
        raise SystemExit(f"{wheel.name}: a build without extensions must be pure Python")
    check_wheel(package, {**wheels, package.folder: wheel}, tmp, env)


def check_editable() -> None:
    run([sys.executable, "-c", f"{UMBRELLA_IMPORT}; print('editable install imports: ok')"])


def main(argv: list[str]) -> int:
    packages = load()
    chosen = argv or list(packages)
    DIST.mkdir(exist_ok=True)
    wheels: dict[str, Path] = {}
    sdists: dict[str, Path] = {}
    for package in packages.values():
        wheels[package.folder], sdists[package.folder] = build(package)
    print(f"built {len(wheels)} wheels and {len(sdists)} sdists into {DIST}")
    with tempfile.TemporaryDirectory(prefix="lararust-dists-") as tmp:
        for name in chosen:
            package = packages[name]
            print(f"== {package.dist} {package.version}", flush=True)
            check_wheel(package, wheels, Path(tmp))
            check_sdist(package, sdists[name], wheels, Path(tmp))
            if (package.path / "hatch_build.py").exists():
                check_pure_build(package, wheels, Path(tmp))
    check_editable()
    print("check_dists: every distribution installs alone and passes its smoke tests")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as exc:
        command = " ".join(map(str, exc.cmd))
        raise SystemExit(f"check_dists: failed ({exc.returncode}): {command}") from None
