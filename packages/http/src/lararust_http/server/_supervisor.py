"""Multi-process serving: N workers on one shared socket, restarted when they crash, and the
``reload`` mode (one worker, restarted when a watched ``.py`` file changes, via watchfiles).

The supervisor binds the socket itself (so ``port=0`` gives every worker the same real port),
prints the banner once, and forwards SIGINT/SIGTERM to the workers for a graceful stop. A
worker whose supervisor dies without that (SIGKILL, the OOM killer) stops gracefully by itself
instead of serving on as an orphan nobody restarts or stops.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType
from typing import Any

from ._access_log import error_logger
from ._config import ServerConfig


def remove_stale_socket(path: str) -> None:
    """Remove a unix socket left by a previous run (never a regular file)."""
    if os.path.exists(path) and not os.path.isfile(path):
        os.unlink(path)


def bind_socket(config: ServerConfig) -> socket.socket:
    """The listening socket every worker shares."""
    if config.uds is not None:
        remove_stale_socket(config.uds)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(config.uds)
        os.chmod(config.uds, 0o666)
    else:
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((config.host, config.port))
    sock.listen(config.backlog)
    sock.set_inheritable(True)
    return sock


#: How often a worker checks that its supervisor is still its parent (seconds).
PARENT_CHECK_INTERVAL = 1.0


def _worker_main(
    app_path: str, config: ServerConfig, sock: socket.socket, supervisor_pid: int
) -> None:
    from ._importer import import_app
    from ._server import Server

    stop_when_orphaned(supervisor_pid)
    Server(import_app(app_path), config, banner=False).run(sockets=[sock])


def stop_when_orphaned(parent_pid: int, interval: float = PARENT_CHECK_INTERVAL) -> None:
    """SIGTERM this process (a graceful stop) once ``parent_pid`` is no longer its parent.

    A daemon thread polls ``os.getppid()``: when the parent dies the process is re-parented,
    which every POSIX system shows there, with no platform-specific API.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="lararust-parent-watch", daemon=True).start()


class Supervisor:
    """Keeps ``count`` worker processes alive until told to stop."""

    def __init__(self, app_path: str, config: ServerConfig, count: int) -> None:
        self.app_path = app_path
        self.config = config
        self.count = count
        self.stop = threading.Event()
        self.workers: list[BaseProcess] = []
        self._context = multiprocessing.get_context("spawn")
        self.sock: socket.socket | None = None

    def run(self, watch: Callable[[Supervisor], None] | None = None) -> None:
        """Bind, spawn, babysit; ``watch`` (reload mode) replaces the babysitting loop."""
        self.sock = bind_socket(self.config)
        port = self.sock.getsockname()[1] if self.config.uds is None else 0
        self._install_signals()
        print(f"LaraRust serving on {self.config.display_url(port)}", flush=True)
        self.workers = [self._spawn() for _ in range(self.count)]
        try:
            if watch is not None:
                watch(self)
            else:
                while not self.stop.wait(0.5):
                    self.restart_dead()
        finally:
            self.terminate_all()
            self.sock.close()
            if self.config.uds is not None and os.path.exists(self.config.uds):
                os.unlink(self.config.uds)

    def restart_dead(self) -> None:
        """Replace every worker that exited while we are still serving."""
        for index, worker in enumerate(self.workers):
            if not worker.is_alive() and not self.stop.is_set():
                error_logger.warning(
                    "Worker %s exited with code %s; starting a new one", worker.pid, worker.exitcode
                )
                self.workers[index] = self._spawn()

    def restart_all(self) -> None:
        """Graceful restart of every worker (reload)."""
        self.terminate_all()
        self.workers = [self._spawn() for _ in range(self.count)]

    def terminate_all(self) -> None:
        """SIGTERM every worker, wait for the graceful timeout, then SIGKILL stragglers."""
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
        for worker in self.workers:
            worker.join(self.config.timeout_graceful_shutdown + 1)
            if worker.is_alive():
                worker.kill()
                worker.join(1)

    def _spawn(self) -> BaseProcess:
        process = self._context.Process(
            target=_worker_main,
            args=(self.app_path, self.config, self.sock, os.getpid()),
            daemon=False,
        )
        process.start()
        return process

    def _install_signals(self) -> None:
        def handler(signum: int, frame: FrameType | None) -> None:
            self.stop.set()

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)


def watch_and_reload(supervisor: Supervisor) -> None:
    """Restart the workers whenever a ``.py`` file under the reload dirs changes."""
    import watchfiles

    dirs: list[str | Path] = list(supervisor.config.reload_dirs) or [os.getcwd()]
    changes: Any
    for changes in watchfiles.watch(
        *dirs,
        watch_filter=watchfiles.PythonFilter(),
        stop_event=supervisor.stop,
        yield_on_timeout=True,
        rust_timeout=500,
    ):
        if supervisor.stop.is_set():
            return
        if changes:
            names = ", ".join(sorted({Path(path).name for _, path in changes}))
            error_logger.warning("Change detected in %s; reloading", names)
            supervisor.restart_all()
        else:
            supervisor.restart_dead()
