"""The on-disk cache of compiled templates (``storage/framework/views`` in an app).

Rules: a file's name hashes the template path and the compile fingerprint (LaraBlade version,
bytecode magic number, registered directive names), so changing any of them compiles afresh.
Inside, a header records the source's SHA-256, mtime and size: in debug mode an unchanged
mtime and size skip reading the source, a changed one falls back to the hash. Files are
written to a temporary name and renamed into place, so concurrent workers never read half a
file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import tempfile
from dataclasses import dataclass
from types import CodeType

__all__ = ["CachedTemplate", "CompiledCache"]

_MAGIC = b"LARABLADE1\n"
SUFFIX = ".bladec"


@dataclass(slots=True)
class CachedTemplate:
    """A compiled template read back from disk."""

    code: CodeType
    line_map: list[int]
    sha256: str
    mtime_ns: int
    size: int


class CompiledCache:
    """Reads and writes compiled templates in ``directory``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = os.path.abspath(directory)

    def file_for(self, path: str, fingerprint: str) -> str:
        """The cache file of template ``path`` under ``fingerprint``."""
        digest = hashlib.sha256(f"{path}\x00{fingerprint}".encode()).hexdigest()[:40]
        return os.path.join(self.directory, digest + SUFFIX)

    def read(self, path: str, fingerprint: str) -> CachedTemplate | None:
        """Return the cached compilation of ``path``, or None (missing or unreadable)."""
        try:
            with open(self.file_for(path, fingerprint), "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        if not data.startswith(_MAGIC):
            return None
        try:
            header_end = data.index(b"\n", len(_MAGIC))
            header = json.loads(data[len(_MAGIC) : header_end])
            if header.get("path") != path or header.get("fingerprint") != fingerprint:
                return None
            code, line_map = marshal.loads(data[header_end + 1 :])
        except (ValueError, EOFError, TypeError, KeyError):
            return None  # a damaged file is recompiled, never trusted
        return CachedTemplate(
            code, list(line_map), header["sha256"], header["mtime_ns"], header["size"]
        )

    def write(
        self,
        path: str,
        fingerprint: str,
        code: CodeType,
        line_map: list[int],
        sha256: str,
        mtime_ns: int,
        size: int,
    ) -> None:
        """Store a compilation atomically (temporary file + rename)."""
        os.makedirs(self.directory, exist_ok=True)
        header = {
            "path": path,
            "fingerprint": fingerprint,
            "sha256": sha256,
            "mtime_ns": mtime_ns,
            "size": size,
        }
        payload = _MAGIC + json.dumps(header).encode() + b"\n" + marshal.dumps((code, line_map))
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=SUFFIX)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            os.replace(tmp, self.file_for(path, fingerprint))
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def clear(self) -> int:
        """Delete every compiled template; return how many files went."""
        removed = 0
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return 0
        for name in names:
            if name.endswith(SUFFIX):
                try:
                    os.unlink(os.path.join(self.directory, name))
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed
