"""The newcomer's first command: create a new app on the embedded defaults and serve it.

``hatch run demo`` (or ``hatch run demo -- --port 0``) writes a fresh app into ``demo-app/``
(SQLite, database queue, file sessions; nothing to install) and runs ``lararust serve`` in it.
Running it again refreshes the skeleton's files and keeps the app's ``.env`` and database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    target = ROOT / "demo-app"
    lararust = [sys.executable, "-m", "lararust_cli"]
    created = subprocess.run([*lararust, "new", str(target), "--force"])
    if created.returncode:
        return created.returncode
    server = subprocess.Popen([*lararust, "serve", *argv], cwd=target)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl+C reaches the server too: let it shut down gracefully
        return server.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
