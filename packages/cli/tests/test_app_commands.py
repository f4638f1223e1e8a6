"""Commands run inside an app: key:generate, config:cache/clear, down/up, about, tinker."""

from __future__ import annotations

import json
import re
from pathlib import Path


def _key(app: Path) -> str:
    match = re.search(r"(?m)^APP_KEY=(.*)$", (app / ".env").read_text())
    assert match is not None
    return match.group(1)


def test_key_generate_replaces_the_key_and_keeps_the_rest(new_app: Path, cli) -> None:
    before = (new_app / ".env").read_text()

    result = cli("key:generate", cwd=new_app)

    assert result.returncode == 0, result.stderr
    after = (new_app / ".env").read_text()
    assert _key(new_app) not in before
    assert re.sub(r"APP_KEY=.*", "", before) == re.sub(r"APP_KEY=.*", "", after)


def test_key_generate_show_prints_without_writing(new_app: Path, cli) -> None:
    before = (new_app / ".env").read_text()

    result = cli("key:generate", "--show", cwd=new_app)

    assert result.stdout.startswith("base64:")
    assert (new_app / ".env").read_text() == before


def test_key_generate_refuses_to_replace_a_production_key(new_app: Path, cli) -> None:
    env = new_app / ".env"
    env.write_text(env.read_text().replace("APP_ENV=local", "APP_ENV=production"))
    key = _key(new_app)

    refused = cli("key:generate", cwd=new_app)
    forced = cli("key:generate", "--force", cwd=new_app)

    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert forced.returncode == 0
    assert _key(new_app) != key


def test_key_generate_without_env_says_what_to_do(new_app: Path, cli) -> None:
    (new_app / ".env").unlink()

    result = cli("key:generate", cwd=new_app)

    assert result.returncode == 1
    assert "copy .env.example to .env" in result.stderr


def test_config_cache_writes_core_cache_and_clear_removes_it(new_app: Path, lararust) -> None:
    cache = new_app / "bootstrap/cache/config.json"

    cached = lararust("config:cache", cwd=new_app)

    assert cached.returncode == 0, cached.stderr
    assert json.loads(cache.read_text())["app"]["name"] == "Blog"
    assert lararust("config:clear", cwd=new_app).returncode == 0
    assert not cache.exists()


def test_config_cache_rereads_env_instead_of_the_old_cache(new_app: Path, lararust) -> None:
    lararust("config:cache", cwd=new_app)
    env = new_app / ".env"
    env.write_text(env.read_text().replace('APP_NAME="Blog"', 'APP_NAME="Journal"'))

    lararust("config:cache", cwd=new_app)

    cache = json.loads((new_app / "bootstrap/cache/config.json").read_text())
    assert cache["app"]["name"] == "Journal"


def test_config_clear_works_when_the_cache_is_broken(new_app: Path, cli) -> None:
    cache = new_app / "bootstrap/cache/config.json"
    cache.write_text("{not json")

    result = cli("config:clear", cwd=new_app)

    assert result.returncode == 0, result.stderr
    assert not cache.exists()


def test_down_writes_laravels_maintenance_payload(new_app: Path, cli) -> None:
    result = cli(
        "down",
        "--retry",
        "60",
        "--secret",
        "let-me-in",
        "--except",
        "/up,/api/status",
        cwd=new_app,
    )

    assert result.returncode == 0, result.stderr
    payload = json.loads((new_app / "storage/framework/down").read_text())
    assert payload == {
        "except": ["/up", "/api/status"],
        "redirect": None,
        "retry": 60,
        "refresh": None,
        "secret": "let-me-in",
        "status": 503,
        "template": None,
    }


def test_down_render_stores_the_pre_rendered_view(new_app: Path, cli) -> None:
    views = new_app / "resources/views/errors"
    views.mkdir(parents=True)
    (views / "503.blade.html").write_text("<h1>{{ 'Back' }} soon</h1>")

    result = cli("down", "--render", "errors.503", "--refresh", "15", cwd=new_app)

    assert result.returncode == 0, result.stderr
    payload = json.loads((new_app / "storage/framework/down").read_text())
    assert payload["template"] == "<h1>Back soon</h1>"
    assert payload["refresh"] == 15


def test_down_render_of_a_missing_view_fails_and_stays_up(new_app: Path, cli) -> None:
    result = cli("down", "--render", "errors.nope", cwd=new_app)

    assert result.returncode != 0
    assert "errors.nope" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (new_app / "storage/framework/down").exists()


def test_down_with_secret_generates_and_prints_one(new_app: Path, cli) -> None:
    result = cli("down", "--with-secret", cwd=new_app)

    secret = json.loads((new_app / "storage/framework/down").read_text())["secret"]
    assert len(secret) >= 24
    assert f"/{secret}" in result.stdout


def test_up_removes_the_maintenance_file(new_app: Path, cli) -> None:
    cli("down", cwd=new_app)

    result = cli("up", cwd=new_app)

    assert result.returncode == 0
    assert not (new_app / "storage/framework/down").exists()
    assert "already up" in cli("up", cwd=new_app).stdout


def test_about_reports_environment_drivers_and_caches(new_app: Path, lararust) -> None:
    lararust("config:cache", cwd=new_app)

    result = lararust("about", "--json", cwd=new_app)

    assert result.returncode == 0, result.stderr
    about = json.loads(result.stdout)
    assert about["Environment"]["Application name"] == "Blog"
    assert about["Drivers"]["Database"] == "sqlite"
    assert about["Cache"]["Config"] == "CACHED"
    assert "lararust-cli" in about["Components"]


def test_tinker_runs_top_level_await_with_the_app_booted(new_app: Path, lararust) -> None:
    result = lararust(
        "tinker",
        "--execute",
        'x = await asyncio.sleep(0, result=41)\nprint(x + 1, config("app.name"), app.is_booted())',
        cwd=new_app,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42 Blog True"


def test_tinker_reads_statements_from_a_pipe_and_survives_errors(new_app: Path, lararust) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "lararust_cli", "tinker"],
        cwd=new_app,
        text=True,
        capture_output=True,
        timeout=60,
        input="y = await asyncio.sleep(0, result=2)\n1/0\nprint(y * 21)\n",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"
    assert "ZeroDivisionError" in result.stderr


def test_tinker_execute_fails_on_an_error(new_app: Path, lararust) -> None:
    result = lararust("tinker", "--execute", "1/0", cwd=new_app)

    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr


def test_an_error_in_the_app_is_one_line_with_its_place(new_app: Path, lararust) -> None:
    (new_app / "config/broken.py").write_text("config = {'x': 1 / 0}\n")

    result = lararust("about", cwd=new_app)
    verbose = lararust("-v", "about", cwd=new_app)

    assert result.returncode == 1
    assert "ZeroDivisionError" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" in verbose.stderr


def test_a_stray_app_package_on_the_path_never_shadows_the_apps(
    new_app: Path, lararust, tmp_path: Path
) -> None:
    stray = tmp_path / "site"
    for package in ("app", "bootstrap", "config"):
        (stray / package).mkdir(parents=True)
        (stray / package / "__init__.py").write_text(f"raise ImportError('stray {package}')\n")

    # From a subfolder, so the interpreter's own sys.path[0] (the cwd) is not the app root.
    result = lararust("about", "--json", cwd=new_app / "routes", env={"PYTHONPATH": str(stray)})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Environment"]["Application name"] == "Blog"


def test_commands_find_the_app_from_a_subdirectory(new_app: Path, cli) -> None:
    result = cli("make:controller", "Photo", cwd=new_app / "app" / "http")

    assert result.returncode == 0, result.stderr
    assert (new_app / "app/http/controllers/photo_controller.py").exists()


def test_a_syntax_error_in_a_route_file_names_file_and_line(new_app: Path, lararust) -> None:
    web = new_app / "routes/web.py"
    lines = len(web.read_text().splitlines())
    web.write_text(web.read_text() + "Route.get('/x', \n")

    result = lararust("route:list", cwd=new_app)

    assert result.returncode == 1
    assert f"SyntaxError: '(' was never closed (routes/web.py:{lines + 1})" in result.stderr


def test_optimize_writes_every_cache_and_optimize_clear_removes_them(
    new_app: Path, lararust
) -> None:
    caches = [new_app / "bootstrap/cache/config.json", new_app / "bootstrap/cache/routes.json"]

    optimized = lararust("optimize", cwd=new_app)
    listed = lararust("route:list", "--json", cwd=new_app)
    compiled = [p for p in (new_app / "storage/framework/views").iterdir() if p.name != ".gitkeep"]
    written = [cache.exists() for cache in caches]
    cleared = lararust("optimize:clear", cwd=new_app)

    assert optimized.returncode == 0, optimized.stderr
    assert written == [True, True]
    assert {"/", "/api/status"} <= {route["uri"] for route in json.loads(listed.stdout)}
    assert compiled
    assert cleared.returncode == 0, cleared.stderr
    assert not any(cache.exists() for cache in caches)


def test_env_shows_the_environment_the_configuration_resolved(new_app: Path, lararust) -> None:
    assert "[local]" in lararust("env", cwd=new_app).stdout
    assert "[staging]" in lararust("env", cwd=new_app, env={"APP_ENV": "staging"}).stdout
