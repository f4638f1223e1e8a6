"""Database configuration: Laravel's ``config/database.py`` shape, or one URL for scripts.

A full config is ``{"default": name, "connections": {name: {...}}, "migrations": {...}}``;
a URL (``sqlite:///db.sqlite``, ``postgresql://u:p@host:5432/db``, ``mysql://…``) becomes a
config with one connection named ``default``. SQLite URLs follow SQLAlchemy's rules:
``sqlite:///rel.db`` is relative, ``sqlite:////abs.db`` absolute, ``sqlite:///:memory:`` one
shared in-memory database.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ._errors import ConfigurationError

DRIVERS = {
    "sqlite": "sqlite",
    "pgsql": "pgsql",
    "postgres": "pgsql",
    "postgresql": "pgsql",
    "mysql": "mysql",
    "mariadb": "mysql",
}
DEFAULT_PORTS = {"pgsql": 5432, "mysql": 3306}


def parse_url(url: str) -> dict[str, Any]:
    """Turn a database URL into one connection's config dict."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0].lower()
    driver = DRIVERS.get(scheme)
    if driver is None:
        raise ConfigurationError(
            f"unknown database URL scheme {parts.scheme!r}: use sqlite, postgresql or mysql"
        )
    options = dict(parse_qsl(parts.query))
    if driver == "sqlite":
        path = url.split("://", 1)[1]
        path = path.split("?", 1)[0]
        database = ":memory:" if path in ("", "/", "/:memory:") else path[1:]
        return {"driver": "sqlite", "database": database, **options}
    config: dict[str, Any] = {
        "driver": driver,
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or DEFAULT_PORTS[driver],
        "database": unquote(parts.path.lstrip("/")) or None,
        "username": unquote(parts.username) if parts.username else None,
        "password": unquote(parts.password) if parts.password else None,
        **options,
    }
    if scheme == "mariadb":
        config["server"] = "mariadb"
    return config


def normalize(config: str | dict[str, Any]) -> dict[str, Any]:
    """Return a full database config from a URL or a (full or single-connection) dict."""
    if isinstance(config, str):
        return {"default": "default", "connections": {"default": parse_url(config)}}
    if "connections" not in config:
        if "driver" not in config and "url" not in config:
            raise ConfigurationError("a database config needs 'connections' or a 'driver'")
        config = {"default": "default", "connections": {"default": dict(config)}}
    connections = {}
    for name, conn in dict(config["connections"]).items():
        conn = dict(conn)
        if conn.get("url"):
            conn = {**parse_url(str(conn.pop("url"))), **{k: v for k, v in conn.items() if v}}
        driver = DRIVERS.get(str(conn.get("driver", "")).lower())
        if driver is None:
            raise ConfigurationError(
                f"database connection {name!r} has unknown driver {conn.get('driver')!r}"
            )
        conn["driver"] = driver
        connections[name] = conn
    default = config.get("default") or next(iter(connections), None)
    return {**config, "default": default, "connections": connections}


def from_env() -> dict[str, Any]:
    """Build a config from ``DB_URL`` or ``DB_CONNECTION``/``DB_HOST``/… (Laravel's names)."""
    url = os.environ.get("DB_URL") or os.environ.get("DATABASE_URL")
    if url:
        return normalize(url)
    driver = os.environ.get("DB_CONNECTION", "sqlite")
    conn: dict[str, Any] = {"driver": driver}
    if DRIVERS.get(driver) == "sqlite":
        conn["database"] = os.environ.get("DB_DATABASE", "database/database.sqlite")
    else:
        conn.update(
            host=os.environ.get("DB_HOST", "127.0.0.1"),
            port=int(os.environ.get("DB_PORT", DEFAULT_PORTS.get(DRIVERS.get(driver, ""), 0))),
            database=os.environ.get("DB_DATABASE", "lararust"),
            username=os.environ.get("DB_USERNAME"),
            password=os.environ.get("DB_PASSWORD"),
        )
    return normalize({"default": driver, "connections": {driver: conn}})


def describe(config: dict[str, Any]) -> str:
    """Name a connection for error messages: driver, host, port, database (no password)."""
    if config["driver"] == "sqlite":
        return f"sqlite database {config.get('database')!r}"
    return (
        f"{config['driver']} server {config.get('host')}:{config.get('port')} "
        f"database {config.get('database')!r} as user {config.get('username')!r}"
    )
