"""Configuration: repository, config folder loading, cache, schema."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lararust_core import Application, ConfigError, Repository, config, env

NO_DISCOVERY = '"dont_discover": ["*"]'


def make_app(root: Path, **kwargs: object) -> Application:
    return Application.configure(base_path=root).create(**kwargs)  # type: ignore[arg-type]


@pytest.mark.smoke
def test_repository_dot_notation_get_set_has() -> None:
    repo = Repository({"app": {"name": "LaraRust", "debug": None}})
    assert repo.get("app.name") == "LaraRust"
    assert repo.get("app.missing", "default") == "default"
    assert repo.has("app.debug")
    assert not repo.has("app.nope")
    repo.set("database.connections.pgsql.host", "127.0.0.1")
    assert repo.get("database.connections.pgsql") == {"host": "127.0.0.1"}
    repo.set({"app.name": "Other", "app.locale": "en"})
    assert repo["app.name"] == "Other"
    assert "app.locale" in repo


def test_typed_getters_refuse_the_wrong_type() -> None:
    repo = Repository({"app": {"port": "80"}})
    with pytest.raises(ConfigError, match=r"'app\.port' must be an integer"):
        repo.integer("app.port")


def test_python_config_files_are_loaded_by_path_with_env(project: Callable[..., Path]) -> None:
    root = project(
        {
            ".env": "APP_NAME=FromDotEnv\nAPP_DEBUG=true\n",
            "config/app.py": f"""
                from lararust_core import env
                config = {{"name": env("APP_NAME", "LaraRust"), "debug": env("APP_DEBUG", False),
                          {NO_DISCOVERY}}}
            """,
            "config/database.toml": """
                default = "${DB_CONNECTION:-sqlite}"
                [connections.sqlite]
                database = "${APP_NAME}.db"
            """,
        }
    )
    app = make_app(root)
    assert config("app.name") == "FromDotEnv"
    assert app.debug is True
    assert config("database.default") == "sqlite"
    assert config("database.connections.sqlite.database") == "FromDotEnv.db"


def test_env_specific_file_replaces_dotenv(project: Callable[..., Path]) -> None:
    root = project(
        {
            ".env": "APP_NAME=Main\nONLY_MAIN=1\n",
            ".env.testing": "APP_NAME=Testing\n",
            "config/app.py": f"config = {{{NO_DISCOVERY}}}\n",
        }
    )
    os.environ["APP_ENV"] = "testing"
    os.environ.pop("APP_NAME", None)
    os.environ.pop("ONLY_MAIN", None)
    make_app(root)
    assert env("APP_NAME") == "Testing"
    assert env("ONLY_MAIN") is None


def test_config_module_named_config_does_not_shadow_imports(project: Callable[..., Path]) -> None:
    root = project({"config/app.py": f"config = {{{NO_DISCOVERY}}}\n"})
    make_app(root)
    assert "config" not in sys.modules
    assert not [name for name in sys.modules if name.startswith("_lararust_config_")]


def test_same_name_in_python_and_toml_is_an_error(project: Callable[..., Path]) -> None:
    root = project({"config/app.py": "config = {}\n", "config/app.toml": "name = 'x'\n"})
    with pytest.raises(ConfigError, match="defined twice"):
        make_app(root)


def test_config_file_without_config_dict_is_named(project: Callable[..., Path]) -> None:
    root = project({"config/app.py": "settings = {}\n"})
    with pytest.raises(ConfigError, match=r"app\.py: must define a module-level `config` dict"):
        make_app(root)


def test_error_inside_a_config_file_names_file_and_line(project: Callable[..., Path]) -> None:
    root = project({"config/app.py": "x = 1\nconfig = {'port': 1 / 0}\n"})
    with pytest.raises(ConfigError, match=r"app\.py:2: ZeroDivisionError"):
        make_app(root)


def test_runtime_set_through_the_helper(project: Callable[..., Path]) -> None:
    make_app(project({"config/app.py": f"config = {{{NO_DISCOVERY}}}\n"}))
    config({"app.name": "Changed"})
    assert config("app.name") == "Changed"


def test_config_cache_round_trip_and_env_no_longer_read(project: Callable[..., Path]) -> None:
    root = project(
        {
            ".env": "APP_NAME=Cached\nONLY_IN_DOTENV=secret\n",
            "config/app.py": f"""
                from lararust_core import env
                config = {{"name": env("APP_NAME"), "ports": (80, 443), {NO_DISCOVERY}}}
            """,
        }
    )
    path = make_app(root).cache_config()
    assert path == root / "bootstrap" / "cache" / "config.json"
    os.environ.pop("APP_NAME")
    os.environ.pop("ONLY_IN_DOTENV")
    app = make_app(root)
    assert app.config_is_cached
    assert config("app.name") == "Cached"
    assert config("app.ports") == [80, 443]
    assert env("ONLY_IN_DOTENV", "default") == "default"
    assert app.clear_config_cache() is True


def test_value_that_cannot_be_cached_names_its_key(project: Callable[..., Path]) -> None:
    root = project(
        {
            "config/app.py": f"""
                from pathlib import Path
                config = {{"paths": {{"storage": Path("/tmp")}}, {NO_DISCOVERY}}}
            """
        }
    )
    app = make_app(root)
    with pytest.raises(ConfigError, match=r"config key 'app\.paths\.storage' cannot be cached"):
        app.cache_config()
    assert not app.config_cache_path.exists()


def test_env_schema_fails_at_start_naming_the_variable(project: Callable[..., Path]) -> None:
    root = project(
        {
            ".env": "APP_PORT=abc\n",
            "config/app.py": f"""
                env_schema = {{"APP_PORT": int, "APP_KEY": str}}
                config = {{{NO_DISCOVERY}}}
            """,
        }
    )
    with pytest.raises(ConfigError) as caught:
        make_app(root)
    message = str(caught.value)
    assert "APP_PORT must be an integer, got 'abc' (from " in message
    assert "APP_KEY is required" in message


def test_config_schema_names_missing_key_with_file_and_line(
    project: Callable[..., Path],
) -> None:
    root = project(
        {
            "config/app.py": f"""
                schema = {{
                    "name": str,
                    "port": int,
                }}
                config = {{"name": 5, {NO_DISCOVERY}}}
            """
        }
    )
    with pytest.raises(ConfigError) as caught:
        make_app(root)
    message = str(caught.value)
    assert "config key 'app.name' must be str, got 5" in message
    assert f"config key 'app.port' is required (int; declared in {root}/config/app.py:4)" in message


def test_builder_schema_with_optional_and_literal(project: Callable[..., Path]) -> None:
    root = project({"config/app.py": f'config = {{"env": "staging", {NO_DISCOVERY}}}\n'})
    from typing import Literal

    builder = Application.configure(base_path=root).with_schema(
        config={"app.env": Literal["local", "production"], "app.port": int | None}
    )
    with pytest.raises(ConfigError, match=r"'app\.env' must be one of 'local', 'production'"):
        builder.create()
