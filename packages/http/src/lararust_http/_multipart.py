"""Streaming ``multipart/form-data`` parsing on python-multipart, with limits on every size.

Rules: the body is fed chunk by chunk as it arrives, never buffered whole; file parts go to
:class:`UploadedFile` (memory up to ``spool_max_size``, then a temp file written off the loop);
counts and sizes are checked as bytes arrive: too many files or fields and oversized part headers
are 400s, an oversized file or field is a 413, each naming the limit.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from ._datastructures import FormData
from ._exceptions import BadRequest, PayloadTooLarge
from ._headers import Headers
from ._uploaded_file import UploadedFile


@dataclass(frozen=True)
class MultipartLimits:
    """Limits applied while a multipart body streams in (sizes in bytes)."""

    max_files: int = 20
    max_fields: int = 1000
    max_file_size: int = 10 * 1024 * 1024
    max_field_size: int = 1024 * 1024
    max_part_header_size: int = 8 * 1024
    max_part_headers: int = 16
    spool_max_size: int = 1024 * 1024


class _Part:
    __slots__ = ("data", "file", "headers", "name")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.name = ""
        self.file: UploadedFile | None = None
        self.data = bytearray()


class MultipartReader:
    """Feeds a body stream to python-multipart and collects fields and files."""

    def __init__(self, content_type: str, limits: MultipartLimits) -> None:
        # python-multipart (~25 ms to import) loads with the first multipart body, not with
        # every process that imports the request class (``lararust route:list``).
        from python_multipart.multipart import MultipartParser, parse_options_header

        _, params = parse_options_header(content_type)
        boundary = params.get(b"boundary")
        if not boundary:
            raise BadRequest("Malformed multipart body: the Content-Type has no boundary.")
        self.limits = limits
        self.fields: list[tuple[str, Any]] = []
        self.files: list[tuple[str, UploadedFile]] = []
        self._events: list[tuple[str, bytes]] = []
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._part: _Part | None = None
        self._parser = MultipartParser(
            boundary,
            {
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
            },
            max_header_count=limits.max_part_headers,
            max_header_size=limits.max_part_header_size,
        )

    # python-multipart calls these synchronously; they only queue events (file writes are async).
    def _on_part_begin(self) -> None:
        self._events.append(("begin", b""))

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        self._events.append(("data", data[start:end]))

    def _on_part_end(self) -> None:
        self._events.append(("end", b""))

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._events.append(("header", bytes(self._header_field) + b"\0" + self._header_value))
        self._header_field.clear()
        self._header_value.clear()

    def _on_headers_finished(self) -> None:
        self._events.append(("headers_done", b""))

    async def parse(self, stream: AsyncIterator[bytes]) -> tuple[FormData, dict[str, Any]]:
        """Consume ``stream``; return the fields and the files (by field name)."""
        from python_multipart.exceptions import MultipartParseError

        try:
            async for chunk in stream:
                try:
                    self._parser.write(chunk)
                except MultipartParseError as exc:
                    raise BadRequest(f"Malformed multipart body: {exc}") from exc
                await self._drain()
            self._parser.finalize()
            await self._drain()
        except BaseException:
            for _, upload in self.files:
                await upload.close()
            raise
        files: dict[str, Any] = {}
        for name, upload in self.files:
            await upload.seek(0)
            key = name[:-2] if name.endswith("[]") else name
            if name.endswith("[]"):
                files.setdefault(key, []).append(upload)
            else:
                files[key] = upload
        return FormData(self.fields), files

    async def _drain(self) -> None:
        events, self._events = self._events, []
        for kind, data in events:
            if kind == "begin":
                self._part = _Part()
            elif kind == "header":
                self._add_header(data)
            elif kind == "headers_done":
                self._start_part()
            elif kind == "data":
                await self._add_data(data)
            elif kind == "end":
                self._end_part()

    def _add_header(self, data: bytes) -> None:
        assert self._part is not None
        name, _, value = data.partition(b"\0")
        self._part.headers.append((name.lower(), value))

    def _start_part(self) -> None:
        part = self._part
        assert part is not None
        headers = Headers(part.headers)
        disposition = headers.get("content-disposition")
        if disposition is None:
            raise BadRequest("Malformed multipart body: a part has no Content-Disposition.")
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(disposition)
        raw_name = options.get(b"name")
        if raw_name is None:
            raise BadRequest("Malformed multipart body: a part has no field name.")
        part.name = raw_name.decode("utf-8", "replace")
        if b"filename" in options:
            if len(self.files) >= self.limits.max_files:
                raise BadRequest(f"Too many files: the limit is {self.limits.max_files}.")
            filename = options[b"filename"].decode("utf-8", "replace")
            part.file = UploadedFile(
                filename,
                headers.get("content-type", "application/octet-stream") or "",
                headers,
                self.limits.spool_max_size,
            )
            self.files.append((part.name, part.file))
        elif len(self.fields) >= self.limits.max_fields:
            raise BadRequest(f"Too many fields: the limit is {self.limits.max_fields}.")

    async def _add_data(self, data: bytes) -> None:
        part = self._part
        assert part is not None
        if part.file is not None:
            if part.file.size + len(data) > self.limits.max_file_size:
                raise PayloadTooLarge(
                    f"File {part.file.client_filename!r} (field {part.name!r}) is over the "
                    f"{self.limits.max_file_size} byte limit."
                )
            await part.file.write(data)
        else:
            if len(part.data) + len(data) > self.limits.max_field_size:
                raise PayloadTooLarge(
                    f"Field {part.name!r} is over the {self.limits.max_field_size} byte limit."
                )
            part.data += data

    def _end_part(self) -> None:
        part = self._part
        assert part is not None
        if part.file is None:
            self.fields.append((part.name, part.data.decode("utf-8", "replace")))
        self._part = None
