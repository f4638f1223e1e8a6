"""``lararust new``: the skeleton, the key, the refusal to clobber, --api and --git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SKELETON = [
    "app/http/controllers/controller.py",
    "app/http/middleware/__init__.py",
    "app/models/__init__.py",
    "app/providers/app_service_provider.py",
    "app/console/commands/__init__.py",
    "bootstrap/app.py",
    "config/app.py",
    "config/database.py",
    "config/logging.py",
    "config/session.py",
    "config/queue.py",
    "config/cors.py",
    "config/view.py",
    "database/migrations/0001_01_01_000000_create_users_table.py",
    "database/migrations/0001_01_01_000002_create_jobs_table.py",
    "database/seeders/database_seeder.py",
    "database/factories/user_factory.py",
    "app/models/user.py",
    "database/database.sqlite",
    "public",
    "resources/views/welcome.blade.html",
    "resources/views/layouts/app.blade.html",
    "routes/web.py",
    "routes/api.py",
    "routes/console.py",
    "storage/framework/views",
    "storage/framework/sessions",
    "storage/framework/cache",
    "storage/logs",
    "tests/test_welcome.py",
    ".env",
    ".env.example",
    ".gitignore",
    "pyproject.toml",
    "README.md",
]


@pytest.mark.parametrize("path", SKELETON)
def test_new_writes_the_skeleton(new_app: Path, path: str) -> None:
    assert (new_app / path).exists()


def test_new_generates_a_256_bit_app_key_in_env_only(new_app: Path) -> None:
    import base64
    import re

    key = re.search(r"(?m)^APP_KEY=base64:(\S+)$", (new_app / ".env").read_text())
    assert key is not None
    assert len(base64.b64decode(key.group(1))) == 32
    assert re.search(r"(?m)^APP_KEY=$", (new_app / ".env.example").read_text())


def test_each_app_gets_its_own_key(tmp_path: Path, lararust) -> None:
    assert lararust("new", "one").returncode == lararust("new", "two").returncode == 0

    assert (tmp_path / "one/.env").read_text() != (tmp_path / "two/.env").read_text()


def test_new_prints_the_next_steps(lararust, tmp_path: Path) -> None:
    result = lararust("new", "shop")

    assert "cd shop" in result.stdout
    assert "lararust serve" in result.stdout


def test_new_names_the_app_after_its_directory(new_app: Path) -> None:
    assert 'APP_NAME="Blog"' in (new_app / ".env").read_text()
    assert 'name = "blog"' in (new_app / "pyproject.toml").read_text()
    assert '"lararust>=' in (new_app / "pyproject.toml").read_text()


def test_the_generated_python_compiles(new_app: Path) -> None:
    for source in new_app.rglob("*.py"):
        compile(source.read_text(), str(source), "exec")


def test_new_refuses_a_non_empty_directory(tmp_path: Path, lararust) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "notes.txt").write_text("mine")

    result = lararust("new", "blog")

    assert result.returncode == 1
    assert "is not empty" in result.stderr
    assert "--force" in result.stderr
    assert sorted(p.name for p in (tmp_path / "blog").iterdir()) == ["notes.txt"]


def test_new_force_writes_and_keeps_env_database_and_other_files(
    new_app: Path, lararust, tmp_path: Path
) -> None:
    env = (new_app / ".env").read_text()
    (new_app / "database/database.sqlite").write_bytes(b"data")
    (new_app / "notes.txt").write_text("mine")
    (new_app / "routes/web.py").write_text("# changed")

    result = lararust("new", "blog", "--force")

    assert result.returncode == 0, result.stderr
    assert (new_app / ".env").read_text() == env
    assert (new_app / "database/database.sqlite").read_bytes() == b"data"
    assert (new_app / "notes.txt").read_text() == "mine"
    assert "Route.get" in (new_app / "routes/web.py").read_text()


def test_new_api_writes_no_views(tmp_path: Path, lararust) -> None:
    result = lararust("new", "service", "--api")

    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "service/resources/views/welcome.blade.html").exists()
    assert "view(" not in (tmp_path / "service/routes/web.py").read_text()


def test_new_git_initialises_a_repository(tmp_path: Path, lararust) -> None:
    result = lararust(
        "new",
        "tracked",
        "--git",
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
        },
    )

    assert result.returncode == 0, result.stderr
    files = subprocess.run(
        ["git", "ls-files"], cwd=tmp_path / "tracked", capture_output=True, text=True, check=True
    ).stdout.split()
    assert "bootstrap/app.py" in files
    assert ".env" not in files
    assert ".env.example" in files


@pytest.mark.smoke
def test_new_works_from_the_installed_package(tmp_path: Path) -> None:
    from lararust_cli import main

    assert main(["new", str(tmp_path / "shop"), "--api"]) == 0

    assert (tmp_path / "shop/bootstrap/app.py").is_file()
    assert (tmp_path / "shop/routes/api.py").is_file()


def test_new_dot_writes_into_the_current_empty_directory(tmp_path: Path, lararust) -> None:
    (tmp_path / "shop").mkdir()

    result = lararust("new", ".", cwd=tmp_path / "shop")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shop/bootstrap/app.py").is_file()
    assert "cd " not in result.stdout
    assert 'APP_NAME="Shop"' in (tmp_path / "shop/.env").read_text()


def test_the_next_steps_quote_a_path_with_spaces(tmp_path: Path, lararust) -> None:
    result = lararust("new", "my shop")

    assert "cd 'my shop'" in result.stdout
