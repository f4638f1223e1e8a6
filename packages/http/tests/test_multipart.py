"""Multipart uploads: fields, files spooled to disk, store(), and every limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lararust_http import MultipartLimits, Request, TestClient


async def describe(request: Request) -> Any:
    avatar = request.file("avatar")
    docs = request.files.get("docs", [])
    return {
        "name": request.input("name"),
        "tags": request.input("tags"),
        "avatar": avatar
        and [
            avatar.client_filename,
            avatar.content_type,
            avatar.size,
            (await avatar.read()).decode(),
        ],
        "docs": [d.client_filename for d in docs],
    }


def test_fields_and_files(router: Any, client: TestClient) -> None:
    router.post("/upload", describe)
    res = client.post(
        "/upload",
        data={"name": "Ada", "tags": ["a", "b"]},
        files={
            "avatar": ("me.png", b"PNGDATA", "image/png"),
            "docs": [("a.pdf", b"1"), ("b.pdf", b"2")],
        },
    )
    res.assert_exact_json(
        {
            "name": "Ada",
            "tags": ["a", "b"],
            "avatar": ["me.png", "image/png", 7, "PNGDATA"],
            "docs": ["a.pdf", "b.pdf"],
        }
    )


def test_large_files_are_spooled_to_disk_and_stored(
    router: Any, client: TestClient, tmp_path: Path
) -> None:
    Request.multipart_limits = MultipartLimits(spool_max_size=1024)
    try:

        async def store(request: Request) -> Any:
            upload = request.file("video")
            assert upload is not None
            path = await upload.store(tmp_path / "uploads")
            return {"in_memory": upload.in_memory, "name": path.name, "size": path.stat().st_size}

        router.post("/store", store)
        res = client.post("/store", files={"video": ("clip.MP4", b"v" * 5000, "video/mp4")})
    finally:
        Request.multipart_limits = MultipartLimits()
    data = res.assert_ok().json()
    assert data["in_memory"] is False
    assert data["size"] == 5000
    assert data["name"].endswith(".mp4")
    assert len(data["name"]) == 44


async def test_store_refuses_path_names(tmp_path: Path) -> None:
    from lararust_http import UploadedFile

    upload = UploadedFile("x.txt", "text/plain")
    await upload.write(b"x")
    with pytest.raises(ValueError, match="plain file name"):
        await upload.store(tmp_path, "../escape.txt")
    await upload.close()


@pytest.mark.parametrize(
    ("limits", "files", "data", "status", "message"),
    [
        (
            MultipartLimits(max_files=1),
            {"a": ("a", b"1"), "b": ("b", b"2")},
            {},
            400,
            "Too many files",
        ),
        (
            MultipartLimits(max_fields=2),
            {"f": ("f", b"1")},
            {"a": 1, "b": 2, "c": 3},
            400,
            "Too many fields",
        ),
        (MultipartLimits(max_file_size=10), {"f": ("big.bin", b"x" * 11)}, {}, 413, "'big.bin'"),
        (
            MultipartLimits(max_field_size=5),
            {"f": ("f", b"1")},
            {"note": "x" * 6},
            413,
            "Field 'note'",
        ),
    ],
)
def test_multipart_limits(
    router: Any,
    client: TestClient,
    limits: MultipartLimits,
    files: Any,
    data: Any,
    status: int,
    message: str,
) -> None:
    Request.multipart_limits = limits
    try:
        router.post("/upload", describe)
        res = (
            client.post_json("/upload")
            if False
            else client.request(
                "POST", "/upload", files=files, data=data, headers={"Accept": "application/json"}
            )
        )
    finally:
        Request.multipart_limits = MultipartLimits()
    res.assert_status(status)
    assert message in res.json("message")


def test_oversized_part_headers_are_a_400(router: Any, client: TestClient) -> None:
    router.post("/upload", describe)
    body = (
        b'--B\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: '
        + b"p" * 10000
        + b"\r\n\r\nv\r\n--B--\r\n"
    )
    res = client.post(
        "/upload",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=B", "Accept": "application/json"},
    )
    res.assert_status(400)
    assert "Malformed multipart body" in res.json("message")


def test_missing_boundary_is_a_400(router: Any, client: TestClient) -> None:
    router.post("/upload", describe)
    client.post(
        "/upload", data=b"x", headers={"Content-Type": "multipart/form-data"}
    ).assert_status(400)
