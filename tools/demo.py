"""The newcomer's first command: create a new app on the embedded defaults and serve it.

``hatch run demo`` (or ``hatch run demo -- --port 0``) writes a fresh app into ``demo-app/``
(SQLite, database queue, file sessions; nothing to install) and runs ``lararust serve`` in it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    target = ROOT / "demo-app"
    lararust = [sys.executable, "-m", "lararust_cli"]
    subprocess.run([*lararust, "new", str(target), "--force"], check=True)
    os.chdir(target)
    return subprocess.run([*lararust, "serve", *argv]).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
