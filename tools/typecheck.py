"""Run ``mypy --strict`` over each package's source, one package at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from packages import ROOT, load


def main(argv: list[str]) -> int:
    failed = []
    for package in load().values():
        if argv and package.folder not in argv:
            continue
        source = package.path / "src" / package.module
        print(f"mypy --strict {source.relative_to(ROOT)}", flush=True)
        cmd = [sys.executable, "-m", "mypy", "--strict", str(source)]
        if subprocess.run(cmd, cwd=ROOT).returncode:
            failed.append(package.dist)
    if failed:
        print("mypy failed for: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
