"""Unix sockets, TLS and proxy headers."""

from __future__ import annotations

import asyncio
import datetime
import ssl
from pathlib import Path
from typing import Any

import anyio
import pytest

pytestmark = pytest.mark.asyncio


async def scope_app(scope: Any, receive: Any, send: Any) -> None:
    """Answers ``scheme client-host`` so tests can see what the server derived."""
    if scope["type"] != "http":
        return
    client = scope["client"][0] if scope["client"] else "-"
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": f"{scope['scheme']} {client}".encode()})


async def test_unix_socket(serve: Any, connect: Any, tmp_path: Path) -> None:
    path = str(tmp_path / "app.sock")
    async with serve(scope_app, uds=path) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).body == b"http -"
    assert not await anyio.Path(path).exists()  # removed on shutdown


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (made with cryptography)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


async def test_tls(serve: Any, certificate: tuple[str, str]) -> None:
    cert, key = certificate
    client_context = ssl.create_default_context(cafile=cert)
    async with serve(scope_app, ssl_certfile=cert, ssl_keyfile=key) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port, ssl=client_context)
        writer.write(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        raw = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        await writer.wait_closed()
    assert raw.startswith(b"HTTP/1.1 200 ")
    assert raw.endswith(b"https 127.0.0.1")


async def test_plain_http_on_tls_port_does_not_hurt_the_server(
    serve: Any, connect: Any, certificate: tuple[str, str]
) -> None:
    cert, key = certificate
    async with serve(scope_app, ssl_certfile=cert, ssl_keyfile=key) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert b"200" not in await conn.read_all()
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", server.port, ssl=ssl.create_default_context(cafile=cert)
        )
        writer.write(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        assert (await asyncio.wait_for(reader.read(), 10)).startswith(b"HTTP/1.1 200 ")
        writer.close()
        await writer.wait_closed()


PROXIED = (
    b"GET / HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 203.0.113.7, 10.0.0.2\r\n"
    b"X-Forwarded-Proto: https\r\n\r\n"
)


async def test_proxy_headers_from_a_trusted_peer(serve: Any, connect: Any) -> None:
    async with serve(scope_app, forwarded_allow_ips=("127.0.0.1", "10.0.0.0/8")) as server:
        conn = await connect(server)
        await conn.send(PROXIED)
        assert (await conn.response()).body == b"https 203.0.113.7"


async def test_proxy_headers_take_the_first_untrusted_hop(serve: Any, connect: Any) -> None:
    async with serve(scope_app, forwarded_allow_ips=("127.0.0.1",)) as server:
        conn = await connect(server)
        await conn.send(PROXIED)
        # 10.0.0.2 is not a trusted proxy: it is the client as far as we can know.
        assert (await conn.response()).body == b"https 10.0.0.2"


async def test_proxy_headers_from_an_untrusted_peer_are_ignored(serve: Any, connect: Any) -> None:
    async with serve(scope_app, forwarded_allow_ips=("192.0.2.1",)) as server:
        conn = await connect(server)
        await conn.send(PROXIED)
        assert (await conn.response()).body == b"http 127.0.0.1"


async def test_proxy_headers_can_be_disabled(serve: Any, connect: Any) -> None:
    async with serve(scope_app, proxy_headers=False, forwarded_allow_ips=("*",)) as server:
        conn = await connect(server)
        await conn.send(PROXIED)
        assert (await conn.response()).body == b"http 127.0.0.1"


async def test_one_requests_scope_never_reaches_the_next_on_the_same_connection(
    serve: Any, connect: Any
) -> None:
    # The connection's constant scope keys come from a per-connection template: what one
    # request's proxy headers or its app change there must not show in the next request.
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await scope_app(scope, receive, send)
        scope["client"] = ("198.51.100.9", 1)
        scope["scheme"] = "gopher"
        scope["root_path"] = "/changed"

    async with serve(app, forwarded_allow_ips=("127.0.0.1", "10.0.0.0/8")) as server:
        conn = await connect(server)
        await conn.send(PROXIED)
        assert (await conn.response()).body == b"https 203.0.113.7"
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).body == b"http 127.0.0.1"
