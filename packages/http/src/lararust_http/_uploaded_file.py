"""Uploaded files from multipart bodies, spooled to a temp file past a size threshold."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import IO

import anyio.to_thread

from ._headers import Headers

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


class UploadedFile:
    """One uploaded file: its client name, type, size and content (``await file.read()``)."""

    def __init__(
        self,
        filename: str,
        content_type: str,
        headers: Headers | None = None,
        spool_max_size: int = 1024 * 1024,
    ) -> None:
        self.client_filename = filename
        self.content_type = content_type
        self.headers = headers or Headers()
        self.size = 0
        self.file: SpooledTemporaryFile[bytes] = SpooledTemporaryFile(  # noqa: SIM115 - kept open
            max_size=spool_max_size
        )

    @property
    def in_memory(self) -> bool:
        """Whether the content still lives in memory (not yet rolled to disk)."""
        return not getattr(self.file, "_rolled", False)

    def extension(self) -> str:
        """The lower-case extension of the client filename, without the dot ('' if none)."""
        suffix = Path(self.client_filename).suffix.lower().lstrip(".")
        return suffix if suffix and set(suffix) <= _SAFE else ""

    def hash_name(self) -> str:
        """A random, unguessable file name keeping the extension (Laravel's ``hashName``)."""
        ext = self.extension()
        return secrets.token_hex(20) + (f".{ext}" if ext else "")

    async def write(self, data: bytes) -> None:
        """Append ``data``; writes that hit the disk run off the event loop."""
        self.size += len(data)
        if self.in_memory and self.file.tell() + len(data) <= self._max_size():
            self.file.write(data)
        else:
            await anyio.to_thread.run_sync(self.file.write, data)

    def _max_size(self) -> int:
        return int(getattr(self.file, "_max_size", 0))

    async def read(self, size: int = -1) -> bytes:
        """Read content from the current position."""
        if self.in_memory:
            return self.file.read(size)
        return await anyio.to_thread.run_sync(self.file.read, size)

    async def seek(self, offset: int) -> None:
        """Move the read position."""
        self.file.seek(offset)

    async def store(self, directory: str | os.PathLike[str], name: str | None = None) -> Path:
        """Copy the file into ``directory`` (created if needed) and return its path.

        ``name`` defaults to :meth:`hash_name`; a given name may not leave the directory.
        """
        target_dir = Path(directory)
        filename = name or self.hash_name()
        if Path(filename).name != filename or filename in {"", ".", ".."}:
            raise ValueError(f"store(): {filename!r} is not a plain file name")
        target = target_dir / filename
        await anyio.to_thread.run_sync(self._copy_to, target)
        return target

    def _copy_to(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        self.file.seek(0)
        with open(target, "wb") as out:
            shutil.copyfileobj(self.file, out)
        self.file.seek(0)

    async def close(self) -> None:
        """Delete the temporary content."""
        self.file.close()

    @property
    def stream(self) -> IO[bytes]:
        """The underlying file object (positioned at its start after parsing)."""
        return self.file

    def __repr__(self) -> str:
        return f"UploadedFile({self.client_filename!r}, {self.content_type!r}, size={self.size})"
