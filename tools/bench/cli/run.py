"""Start-up time of the ``lararust`` command next to other Python CLIs, in one run.

Wall time (median of several runs, each a fresh process) of: ``lararust --help``, ``lararust
version``, ``lararust route:list`` inside a new app and ``lararust new``; beside them the
interpreter's floor (``python -c pass``) and the peers' equivalents (uvicorn's and granian's
``--help``/``--version``, click-based CLIs). Goals: each under 0.3 s, ``new`` under 1 s.

Run: ``python tools/bench/cli/run.py [--runs N] [--cold]`` with the bench env's interpreter.

Installed packages have a bytecode cache, so by default every process here uses one too (kept in
a temporary ``PYTHONPYCACHEPREFIX``, nothing written into the tree, warmed by one untimed run),
even where the environment sets ``PYTHONDONTWRITEBYTECODE`` as this sandbox does. ``--cold``
measures with no bytecode cache at all (every module compiled from source on every run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
GOALS = {"help": 0.3, "version": 0.3, "route:list": 0.3, "new": 1.0}


def command(name: str) -> list[str]:
    """The console script ``name`` of this environment, or ``python -m`` for ours."""
    script = BIN / name
    if script.exists():
        return [str(script)]
    if name == "lararust":
        return [sys.executable, "-m", "lararust_cli"]
    found = shutil.which(name)
    return [found] if found else []


ENV = {**os.environ, "NO_COLOR": "1"}


def use_bytecode_cache(prefix: Path) -> None:
    """Let every timed process read and write bytecode under ``prefix`` (as installs have)."""
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(prefix)


def wall(argv: list[str], cwd: Path, runs: int, before: object = None) -> float | None:
    """Median wall time of ``argv`` after one untimed warm-up (None when it fails or is missing)."""
    if not argv:
        return None
    times = []
    env = ENV
    subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
        if done.returncode:
            print(f"  ! {' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-300:]}")
            return None
    return statistics.median(times)


def show(label: str, seconds: float | None, floor: float, goal: float | None = None) -> None:
    """One line: time, ratio to the interpreter floor, and the goal when there is one."""
    if seconds is None:
        print(f"{label:<34} {'n/a':>9}")
        return
    verdict = ""
    if goal is not None:
        verdict = f"  goal < {goal:.1f} s: {'met' if seconds < goal else 'MISSED'}"
    print(f"{label:<34} {seconds * 1000:7.0f} ms  x{seconds / floor:5.1f} of python{verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="no bytecode cache at all")
    options = parser.parse_args()
    runs = options.runs
    lararust = command("lararust")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if not options.cold:
            use_bytecode_cache(work / "pycache")
        subprocess.run([*lararust, "new", "app"], cwd=work, check=True, capture_output=True)
        app = work / "app"
        floor = wall([sys.executable, "-c", "pass"], work, runs) or 1.0
        print(f"Python {sys.version.split()[0]}, median of {runs} runs, fresh process each\n")
        show("python -c pass (floor)", floor, floor)
        timed = {
            "lararust --help": wall([*lararust, "--help"], work, runs),
            "uvicorn --help": wall([*command("uvicorn"), "--help"], work, runs),
            "granian --help": wall([*command("granian"), "--help"], work, runs),
            "lararust version": wall([*lararust, "version"], work, runs),
            "uvicorn --version": wall([*command("uvicorn"), "--version"], work, runs),
            "lararust route:list": wall([*lararust, "route:list"], app, runs),
        }
        show("lararust --help", timed["lararust --help"], floor, GOALS["help"])
        show("  uvicorn --help", timed["uvicorn --help"], floor)
        show("  granian --help", timed["granian --help"], floor)
        show("lararust version", timed["lararust version"], floor, GOALS["version"])
        show("  uvicorn --version", timed["uvicorn --version"], floor)
        show(
            "lararust route:list (new app)",
            timed["lararust route:list"],
            floor,
            GOALS["route:list"],
        )
        target = work / "fresh"
        show(
            "lararust new",
            wall(
                [*lararust, "new", str(target)],
                work,
                runs,
                before=lambda: shutil.rmtree(target, ignore_errors=True),
            ),
            floor,
            GOALS["new"],
        )
        print()
        pairs = [
            ("lararust --help", "uvicorn --help"),
            ("lararust --help", "granian --help"),
            ("lararust version", "uvicorn --version"),
        ]
        for ours, peer in pairs:
            mine, theirs = timed[ours], timed[peer]
            if mine is not None and theirs is not None:
                print(f"ratio {ours} / {peer}: {mine / theirs:.2f} (lower is faster)")


if __name__ == "__main__":
    main()
