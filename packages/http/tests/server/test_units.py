"""Config validation, app import errors, log escaping and ``run()`` argument checks."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lararust_http.server import ServerConfig, _parsers, run
from lararust_http.server._access_log import escape_for_log
from lararust_http.server._events import ProtocolError
from lararust_http.server._importer import AppImportError, import_app


@pytest.mark.smoke
def test_config_defaults_are_the_documented_limits() -> None:
    config = ServerConfig()
    assert config.http == "httptools"
    assert config.max_request_line == 8 * 1024
    assert config.max_header_bytes == 64 * 1024
    assert config.max_header_fields == 100
    assert config.max_chunk_line == 4 * 1024
    assert config.timeout_keep_alive == 5.0


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"http": "picohttp"}, "http must be one of"),
        ({"lifespan": "maybe"}, "lifespan must be one of"),
        ({"workers": 0}, "workers must be >= 1"),
        ({"port": 70000}, "port must be in"),
        ({"ssl_certfile": "cert.pem"}, "both ssl_certfile and ssl_keyfile"),
        ({"max_header_fields": 0}, "max_header_fields must be positive"),
        ({"timeout_keep_alive": 0}, "timeout_keep_alive must be positive"),
    ],
)
def test_config_rejects_bad_values_naming_the_field(
    options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ServerConfig(**options)  # type: ignore[arg-type]


def test_display_url_brackets_ipv6_and_names_tls() -> None:
    assert ServerConfig(host="::1").display_url(8080) == "http://[::1]:8080"
    tls = ServerConfig(ssl_certfile="c.pem", ssl_keyfile="k.pem")
    assert tls.display_url(443) == "https://127.0.0.1:443"


def test_import_app_resolves_module_attribute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "myproject_app.py").write_text("class Holder:\n    app = 'the app'\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert import_app("myproject_app:Holder.app") == "the app"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("no_colon", "must look like"),
        ("surely_missing_module_xyz:app", "could not import module 'surely_missing_module_xyz'"),
        ("json:missing_attribute", "attribute 'missing_attribute' not found in module 'json'"),
    ],
)
def test_import_app_errors_say_what_is_wrong(path: str, message: str) -> None:
    with pytest.raises(AppImportError, match=message):
        import_app(path)


def test_import_app_shows_the_real_error_of_a_broken_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_app_mod.py").write_text("import surely_missing_dependency_xyz\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", list(sys.path))
    with pytest.raises(ModuleNotFoundError, match="surely_missing_dependency_xyz"):
        import_app("broken_app_mod:app")


@pytest.mark.smoke
def test_escape_for_log_neutralises_control_characters() -> None:
    assert escape_for_log(b"/a\r\nFAKE 200") == "/a\\x0d\\x0aFAKE\\x20200"
    assert escape_for_log(b'/"q"\\\x1b[31m\xe9') == "/\\x22q\\x22\\x5c\\x1b[31m\\xe9"
    assert escape_for_log(b"/plain/path?x=1") == "/plain/path?x=1"


def test_run_with_workers_needs_an_import_string() -> None:
    async def app(scope: object, receive: object, send: object) -> None:
        return None

    with pytest.raises(ValueError, match="import string"):
        run(app, workers=2)


@pytest.mark.parametrize("strict", [True, False])
def test_httptools_backend_refuses_byte_faults_with_or_without_llhttp_strictness(
    strict: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without llhttp's own strictness (an older or lenient build) the Python pre-scan runs.
    monkeypatch.setattr(_parsers, "_LLHTTP_STRICT", strict)
    for head in _parsers._BYTE_FAULTS:
        with pytest.raises(ProtocolError) as caught:
            _parsers.HttptoolsHeadParser().parse(head)
        assert caught.value.status == 400
        if not strict and b" :" not in head:  # whitespace before a colon is llhttp's to refuse
            assert caught.value.detail.startswith("invalid byte sequence")


@pytest.mark.parametrize("backend", ["httptools", "h11"])
@pytest.mark.parametrize(
    "line",
    [b"GET / HTTP/1.1", b"GET / HTTP/1.0", b"GET /HTTP/1.1 HTTP/1.0", b"GET / HTTP/2.0"],
)
def test_the_version_read_off_the_request_line_is_the_parsers(backend: str, line: bytes) -> None:
    head = line + b"\r\nHost: a\r\nX-A: 1\r\n\r\n"
    told = _parsers.make_head_parser(backend).parse(head, len(line))
    alone = _parsers.make_head_parser(backend).parse(head)
    assert told == alone
    assert told[2] == line[-3:].decode()
