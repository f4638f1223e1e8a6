"""A new app works at once: route:list, a resource controller, its tests, and serve + SIGTERM.

Everything runs as real subprocesses of this interpreter, inside an app ``lararust new`` wrote
(the app's own pyproject is not installed: the cli puts the app root on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

RESOURCE_ROUTE = (
    "\nfrom app.http.controllers.photo_controller import PhotoController\n\n"
    'Route.resource("photos", PhotoController)\n'
)


@contextmanager
def serving(app: Path, *args: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Run ``lararust serve --port 0 ARGS``; yield the process and the URL it printed."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "lararust_cli", "serve", "--port", "0", *args],
        cwd=app,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if "serving on " in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(60) or not any("serving on" in line for line in lines):
            process.kill()
            pytest.fail(f"serve did not start: {''.join(lines)} {process.stderr.read()}")  # type: ignore[union-attr]
        url = next(line for line in lines if "serving on" in line).split("serving on ")[1].strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def get(url: str) -> tuple[int, str]:
    """GET ``url``; return the status and the body (error statuses included)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_route_list_shows_the_skeleton_routes(new_app: Path, lararust) -> None:
    result = lararust("route:list", "--json", cwd=new_app)

    assert result.returncode == 0, result.stderr
    routes = json.loads(result.stdout)
    uris = {(route["method"], route["uri"]) for route in routes}
    assert any(uri == "/" and "GET" in method for method, uri in uris)
    assert any(uri == "/api/status" for _, uri in uris)
    assert ("GET|HEAD", "/up") in uris  # the kernel's health route (bootstrap/app.py health=)


def test_a_generated_resource_controller_answers_its_routes(new_app: Path, lararust) -> None:
    made = lararust("make:controller", "Photo", "--resource", cwd=new_app)
    assert made.returncode == 0, made.stderr
    web = new_app / "routes/web.py"
    web.write_text(web.read_text() + RESOURCE_ROUTE)

    listed = lararust("route:list", cwd=new_app)
    with serving(new_app) as (_, url):
        index = get(url + "/photos")
        show = get(url + "/photos/7")
        edit = get(url + "/photos/7/edit")

    assert "photos.index" in listed.stdout, listed.stderr
    assert index == (200, "photo index")
    assert show == (200, "photo show 7")
    assert edit == (200, "photo edit 7")


def test_the_new_app_tests_pass(new_app: Path, lararust) -> None:
    result = lararust("test", "-q", "-p", "no:cacheprovider", cwd=new_app)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed" in result.stdout


def test_serve_answers_the_welcome_page_and_stops_cleanly_on_sigterm(new_app: Path) -> None:
    with serving(new_app) as (process, url):
        status, body = get(url + "/")
        process.send_signal(signal.SIGTERM)
        code = process.wait(30)
        stderr = process.stderr.read()  # type: ignore[union-attr]

    assert url.startswith("http://127.0.0.1:")
    assert not url.endswith(":0")
    assert status == 200
    assert "LaraRust" in body
    assert f"Python v{sys.version.split()[0]}" in body
    assert code == 0, stderr
    assert "Traceback" not in stderr


def test_serve_with_workers_answers_and_stops_on_sigterm(new_app: Path) -> None:
    with serving(new_app, "--workers", "2", "--http", "h11") as (process, url):
        answer = get(url + "/api/status")
        process.send_signal(signal.SIGTERM)
        code = process.wait(30)

    assert answer == (200, '{"status":"ok"}')
    assert code == 0


def test_serve_rejects_an_unknown_parser(new_app: Path, lararust) -> None:
    result = lararust("serve", "--http", "nope", cwd=new_app)

    assert result.returncode == 1
    assert "--http must be one of httptools, h11" in result.stderr


def _self_signed_certificate(where: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, written as PEM files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = where / "cert.pem", where / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def test_serve_speaks_https_with_a_certificate_and_key(new_app: Path, tmp_path: Path) -> None:
    cert_file, key_file = _self_signed_certificate(tmp_path)
    trusting = ssl.create_default_context(cafile=str(cert_file))
    with serving(new_app, "--ssl-certfile", str(cert_file), "--ssl-keyfile", str(key_file)) as (
        _,
        url,
    ):
        answer = urllib.request.urlopen(url + "/api/status", timeout=30, context=trusting)
        with answer:
            status, body = answer.status, answer.read().decode()

    assert url.startswith("https://127.0.0.1:")
    assert (status, body) == (200, '{"status":"ok"}')


def test_serve_listens_on_a_unix_socket(new_app: Path) -> None:
    where = Path(tempfile.mkdtemp(prefix="lr-"))  # short: socket paths are capped near 108 bytes
    path = where / "app.sock"
    try:
        with serving(new_app, "--uds", str(path)) as (_, url):
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.settimeout(30)
            client.connect(str(path))
            client.sendall(b"GET /api/status HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
            client.close()
    finally:
        shutil.rmtree(where, ignore_errors=True)

    assert url == f"http+unix://{path}"
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert answer.endswith(b'{"status":"ok"}')


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ssl-certfile", "cert.pem"), "--ssl-certfile and --ssl-keyfile go together"),
        (("--ssl-certfile", "nope.pem", "--ssl-keyfile", "nope.key"), "no such file: nope.pem"),
        (("--uds", "/no/such/dir/app.sock"), "--uds: no such directory"),
    ],
)
def test_serve_refuses_bad_listening_options_clearly(
    new_app: Path, lararust, args: tuple[str, ...], message: str
) -> None:
    result = lararust("serve", *args, cwd=new_app)

    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_serve_refuses_a_key_that_is_not_pem_without_a_traceback(
    new_app: Path, tmp_path: Path, lararust, workers: str
) -> None:
    cert_file, _ = _self_signed_certificate(tmp_path)
    broken = tmp_path / "broken.key"
    broken.write_text("not a key\n")

    result = lararust(
        "serve",
        "--workers",
        workers,
        "--ssl-certfile",
        str(cert_file),
        "--ssl-keyfile",
        str(broken),
        cwd=new_app,
        timeout=60,
    )

    assert result.returncode == 1
    assert "could not be loaded" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "logged"), [((), True), (("--no-access-log",), False)])
def test_serve_logs_each_request_unless_told_not_to(
    new_app: Path, args: tuple[str, ...], logged: bool
) -> None:
    with serving(new_app, *args) as (process, url):
        get(url + "/api/status")
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        output = process.stderr.read() + process.stdout.read()  # type: ignore[union-attr,operator]

    assert ('"GET /api/status HTTP/1.1" 200' in output) is logged


def test_lararust_test_passes_options_to_pytest(new_app: Path, lararust) -> None:
    result = lararust("test", "-k", "python_version", "-v", "-p", "no:cacheprovider", cwd=new_app)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 deselected" in result.stdout
    assert "test_the_welcome_page_shows_the_python_version PASSED" in result.stdout


def test_lararust_test_reports_a_failing_test_with_pytests_exit_code(
    new_app: Path, lararust
) -> None:
    (new_app / "tests/test_broken.py").write_text("def test_broken():\n    assert 1 == 2\n")

    result = lararust("test", "-q", "-p", "no:cacheprovider", cwd=new_app)

    assert result.returncode == 1
    assert "1 failed, 2 passed" in result.stdout


def _status_becomes(url: str, wanted: int, within: float = 20.0) -> tuple[int, str]:
    """Poll ``url`` until it answers ``wanted`` (the kernel re-reads the down file each second)."""
    import time

    deadline = time.monotonic() + within
    status, body = get(url)
    while status != wanted and time.monotonic() < deadline:
        time.sleep(0.2)
        status, body = get(url)
    return status, body


def test_down_and_up_take_a_running_server_out_and_back(new_app: Path, lararust) -> None:
    with serving(new_app) as (_, url):
        before = get(url + "/api/status")[0]
        down = lararust("down", "--except", "/api/status", cwd=new_app)
        during = _status_becomes(url + "/", 503)[0]
        excepted = get(url + "/api/status")[0]
        up = lararust("up", cwd=new_app)
        after = _status_becomes(url + "/", 200)[0]

    assert (before, during, excepted, after) == (200, 503, 200, 200)
    assert down.returncode == up.returncode == 0


def test_an_api_app_passes_its_own_tests(tmp_path: Path, lararust) -> None:
    assert lararust("new", "service", "--api").returncode == 0

    result = lararust("test", "-q", "-p", "no:cacheprovider", cwd=tmp_path / "service")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_the_welcome_pages_stylesheet_is_served_from_public(new_app: Path) -> None:
    with serving(new_app) as (_, url):
        status, body = get(url + "/css/app.css")
        hidden = get(url + "/.env")[0]

    assert status == 200
    assert body == (new_app / "public/css/app.css").read_text()
    assert hidden == 404


def test_serve_reload_picks_up_a_changed_route_file(new_app: Path) -> None:
    import time

    api = new_app / "routes/api.py"
    with serving(new_app, "--reload") as (process, url):
        before = get(url + "/api/status")
        api.write_text(api.read_text().replace('{"status": "ok"}', '{"status": "reloaded"}'))
        deadline = time.monotonic() + 60
        after: tuple[int, str] = (0, "")
        while after[1] != '{"status":"reloaded"}' and time.monotonic() < deadline:
            with contextlib.suppress(OSError):  # the worker is restarting
                after = get(url + "/api/status")
            time.sleep(0.3)
        process.send_signal(signal.SIGTERM)
        code = process.wait(30)

    assert before == (200, '{"status":"ok"}')
    assert after == (200, '{"status":"reloaded"}')
    assert code == 0


def test_serve_options_keep_relative_paths_meaning_after_moving_to_the_app_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --workers or --reload the command moves to the app root before the server opens
    the certificate and the socket: paths given relative to where it was run stay valid."""
    from lararust_cli._commands.serve import _server_options

    below = tmp_path / "app" / "routes"
    below.mkdir(parents=True)
    cert_file, key_file = _self_signed_certificate(below)
    monkeypatch.chdir(below)

    options = _server_options("app.sock", cert_file.name, key_file.name, None, False, False)

    assert options["ssl_certfile"] == str(cert_file)
    assert options["ssl_keyfile"] == str(key_file)
    assert options["uds"] == str(below / "app.sock")
