"""Our whole stack: the embedded server, the router, the models, LaraBlade.

The project in ``lararust_app/`` is copied to a temp dir first (the app writes compiled views
and logs under its own ``storage/``; the repository stays clean), then served by our server
with uvloop. Prints ``PATH=direct|ASGI`` once listening. ``--profile FILE`` runs the server
under cProfile and writes the stats there on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # common.py


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="tfb-lararust-")) / "app"
    shutil.copytree(HERE / "lararust_app", base)
    sys.path.insert(0, str(base))

    import uvloop
    from bootstrap.app import app  # type: ignore[import-not-found]
    from lararust_http.server import Server, ServerConfig

    server = Server(app, ServerConfig(host="127.0.0.1", port=args.port, access_log=False))

    async def serve() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        # What run() (``lararust serve``) does after startup; this script drives serve() itself
        # to print the path, so it freezes the booted heap the same way here.
        gc.collect()
        gc.freeze()
        print(f"PATH={'direct' if server.ctx.direct is not None else 'ASGI'}", flush=True)
        await task

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(serve())
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        shutil.rmtree(base.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
