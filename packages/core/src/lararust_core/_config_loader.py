"""Loading ``config/*.py`` and ``config/*.toml``, and the JSON config cache.

Rules:
- Config modules are executed BY FILE PATH under a private module name, never imported as
  ``config``: an app's config folder must not shadow or be shadowed by an installed package.
- ``config/app.py`` and ``config/app.toml`` together are an error (which one wins would be a
  guess). Files starting with ``_`` are skipped (helpers).
- TOML strings may read the environment: ``"${APP_NAME:-LaraRust}"``; a string that is exactly
  one ``${...}`` is cast like ``env()`` (``true``, ``null``...).
- The cache is plain JSON. A value JSON cannot hold faithfully (a class, a Path, a set) fails
  with its dotted key named. Tuples are cached as lists.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import re
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._config import ConfigError
from ._env import env

_WHOLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?\}\Z")
_PART = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_.]*)(?::-([^}]*))?\}")


class LoadedConfig:
    """The items of a config folder and the per-file metadata (schemas, sources)."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.files: dict[str, Path] = {}
        self.schemas: dict[str, dict[str, Any]] = {}
        self.schema_origins: dict[str, dict[str, str]] = {}
        self.env_schemas: list[tuple[Path, dict[str, Any]]] = []


def load_config_directory(directory: Path) -> LoadedConfig:
    """Load every ``*.py`` / ``*.toml`` of ``directory`` (missing folder: nothing)."""
    loaded = LoadedConfig()
    if not directory.is_dir():
        return loaded
    for path in sorted(directory.iterdir()):
        if path.name.startswith(("_", ".")) or path.suffix not in (".py", ".toml"):
            continue
        name = path.stem
        if name in loaded.files:
            raise ConfigError(
                f"config {name!r} is defined twice: {loaded.files[name]} and {path}; "
                "keep one of them"
            )
        loaded.files[name] = path
        if path.suffix == ".toml":
            loaded.items[name] = _load_toml(path)
        else:
            _load_python(path, name, loaded)
    return loaded


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return _interpolate(data)  # type: ignore[no-any-return]


def _interpolate(value: Any) -> Any:
    if isinstance(value, str):
        whole = _WHOLE.match(value)
        if whole:
            return env(whole.group(1), whole.group(2))
        return _PART.sub(lambda m: os.environ.get(m.group(1)) or m.group(2) or "", value)
    if isinstance(value, dict):
        return {key: _interpolate(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item) for item in value]
    return value


def _load_python(path: Path, name: str, loaded: LoadedConfig) -> None:
    module_name = f"_lararust_config_{abs(hash(str(path.parent)))}_{name}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ConfigError(f"{path}: cannot be loaded as Python")
    module = importlib.util.module_from_spec(spec)
    # Registered while executing so dataclasses/pickling inside the file work, then removed.
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except ConfigError:
        raise
    except Exception as exc:
        raise ConfigError(f"{_where(path, exc)}: {type(exc).__name__}: {exc}") from exc
    finally:
        sys.modules.pop(module_name, None)
    items = getattr(module, "config", None)
    if not isinstance(items, Mapping):
        raise ConfigError(f"{path}: must define a module-level `config` dict")
    loaded.items[name] = dict(items)
    schema = getattr(module, "schema", None)
    if isinstance(schema, Mapping):
        loaded.schemas[name] = dict(schema)
        lines = _dict_key_lines(path, "schema")
        loaded.schema_origins[name] = {
            key: f"declared in {path}:{lines[key]}" if key in lines else f"declared in {path}"
            for key in schema
        }
    env_schema = getattr(module, "env_schema", None)
    if isinstance(env_schema, Mapping):
        loaded.env_schemas.append((path, dict(env_schema)))


def _dict_key_lines(path: Path, variable: str) -> dict[str, int]:
    """Line of each string key of the module-level dict ``variable`` (for error messages)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        if any(isinstance(t, ast.Name) and t.id == variable for t in targets) and isinstance(
            value, ast.Dict
        ):
            return {
                k.value: k.lineno
                for k in value.keys
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            }
    return {}


def _where(path: Path, exc: BaseException) -> str:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename) == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return f"{path}:{line}" if line else str(path)


def to_cacheable(value: Any, key: str = "") -> Any:
    """Return ``value`` as JSON-ready data or raise :class:`ConfigError` naming the key."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ConfigError(f"config key {key!r} cannot be cached: {value!r} is not JSON")
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for name, item in value.items():
            child = f"{key}.{name}" if key else str(name)
            if not isinstance(name, str):
                raise ConfigError(f"config key {child!r} cannot be cached: keys must be strings")
            out[name] = to_cacheable(item, child)
        return out
    if isinstance(value, list | tuple):
        return [to_cacheable(item, f"{key}.{i}") for i, item in enumerate(value)]
    hint = ""
    if isinstance(value, type) or callable(value):
        hint = " (use an import string such as 'app.providers:AppServiceProvider')"
    elif isinstance(value, os.PathLike):
        hint = " (use str(path))"
    raise ConfigError(
        f"config key {key!r} cannot be cached: {type(value).__name__} {value!r} is not JSON{hint}"
    )


def write_cache(items: Mapping[str, Any], path: Path) -> None:
    """Write the config cache atomically (validated first, so a bad value writes nothing)."""
    data = to_cacheable(items)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def read_cache(path: Path) -> dict[str, Any]:
    """Read the config cache (a corrupt file is an error naming it)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"{path}: unreadable config cache ({exc}); run `lararust config:clear`"
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config cache must hold a JSON object")
    return data
