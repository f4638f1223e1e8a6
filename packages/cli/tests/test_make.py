"""The make:* generators: names, files, stubs the app overrides, and no silent overwrite."""

from __future__ import annotations

from pathlib import Path

import pytest
from lararust_cli._generator import parse_name, snake, studly


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("raw", "suffix", "folders", "cls"),
    [
        ("user", "Controller", (), "UserController"),
        ("UserController", "Controller", (), "UserController"),
        ("user_profile", "Controller", (), "UserProfileController"),
        ("Admin/user", "Controller", ("admin",), "UserController"),
        ("admin.UserProfile", "", ("admin",), "UserProfile"),
        ("send-emails", "", (), "SendEmails"),
    ],
)
def test_names_are_normalised(raw: str, suffix: str, folders: tuple[str, ...], cls: str) -> None:
    name = parse_name(raw, suffix)

    assert (name.folders, name.cls) == (folders, cls)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UserProfileController", "user_profile_controller"),
        ("HTTPClient", "http_client"),
        ("OAuth2Token", "o_auth_2_token"),
        ("already_snake", "already_snake"),
    ],
)
def test_snake_case(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.smoke
def test_studly_case() -> None:
    assert studly("user-profile_page") == "UserProfilePage"


def test_make_controller_writes_a_normalised_file(new_app: Path, cli) -> None:
    result = cli("make:controller", "user", cwd=new_app)

    assert result.returncode == 0, result.stderr
    source = (new_app / "app/http/controllers/user_controller.py").read_text()
    assert "class UserController(Controller):" in source
    compile(source, "user_controller.py", "exec")


def test_make_controller_resource_has_the_seven_actions(new_app: Path, cli) -> None:
    cli("make:controller", "Photo", "--resource", cwd=new_app)

    source = (new_app / "app/http/controllers/photo_controller.py").read_text()
    for action in ("index", "create", "store", "show", "edit", "update", "destroy"):
        assert f"async def {action}(" in source
    assert "async def show(self, photo: str)" in source


def test_make_controller_api_has_no_form_actions(new_app: Path, cli) -> None:
    cli("make:controller", "Post", "--api", cwd=new_app)

    source = (new_app / "app/http/controllers/post_controller.py").read_text()
    assert "async def store(" in source
    assert "async def create(" not in source
    assert "async def edit(" not in source


def test_make_controller_invokable_defines_call(new_app: Path, cli) -> None:
    cli("make:controller", "ShowDashboard", "--invokable", cwd=new_app)

    source = (new_app / "app/http/controllers/show_dashboard_controller.py").read_text()
    assert "async def __call__(self, request: Request)" in source


def test_make_controller_in_a_folder_makes_packages(new_app: Path, cli) -> None:
    cli("make:controller", "Admin/Report", cwd=new_app)

    assert (new_app / "app/http/controllers/admin/__init__.py").exists()
    assert (new_app / "app/http/controllers/admin/report_controller.py").exists()


def test_an_existing_file_is_kept_without_force(new_app: Path, cli) -> None:
    target = new_app / "app/http/controllers/photo_controller.py"
    target.write_text("# mine")

    result = cli("make:controller", "Photo", cwd=new_app)

    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "--force" in result.stderr
    assert target.read_text() == "# mine"


def test_force_overwrites(new_app: Path, cli) -> None:
    target = new_app / "app/http/controllers/photo_controller.py"
    target.write_text("# mine")

    assert cli("make:controller", "Photo", "--force", cwd=new_app).returncode == 0
    assert "class PhotoController" in target.read_text()


def test_a_stub_in_the_app_overrides_the_shipped_one(new_app: Path, cli) -> None:
    (new_app / "stubs").mkdir()
    (new_app / "stubs/middleware.stub").write_text("# custom {{ class }} {{ unknown }}\n")

    cli("make:middleware", "EnsureTokenIsValid", cwd=new_app)

    written = (new_app / "app/http/middleware/ensure_token_is_valid.py").read_text()
    assert written == "# custom EnsureTokenIsValid {{ unknown }}\n"


@pytest.mark.parametrize(
    ("args", "path", "needle"),
    [
        (
            ["make:middleware", "EnsureTokenIsValid"],
            "app/http/middleware/ensure_token_is_valid.py",
            "async def handle(\n        self, request: Request, next:",
        ),
        (
            ["make:provider", "RiakServiceProvider"],
            "app/providers/riak_service_provider.py",
            "class RiakServiceProvider(ServiceProvider):",
        ),
        (
            ["make:request", "StorePost"],
            "app/http/requests/store_post_request.py",
            "class StorePostRequest:",
        ),
        (
            ["make:command", "SendEmails"],
            "app/console/commands/send_emails.py",
            'name = "app:send-emails"',
        ),
    ],
)
def test_generators_write_their_class(
    new_app: Path, cli, args: list[str], path: str, needle: str
) -> None:
    result = cli(*args, cwd=new_app)

    assert result.returncode == 0, result.stderr
    source = (new_app / path).read_text()
    assert needle in source
    compile(source, path, "exec")


def test_a_made_command_is_listed_and_runs(new_app: Path, lararust) -> None:
    lararust("make:command", "Greet", "--command", "greet:someone", cwd=new_app)
    path = new_app / "app/console/commands/greet.py"
    path.write_text(
        path.read_text()
        .replace('boot = "app"', 'boot = "none"')
        .replace(
            "async def handle(self) -> int:",
            "async def handle(self, who: str, shout: bool = False) -> int:",
        )
        .replace(
            'self.info("greet:someone ran.")',
            'self.line(f"hello {who}".upper() if shout else f"hello {who}")',
        )
    )

    listing = lararust(cwd=new_app)
    ran = lararust("greet:someone", "ada", "--shout", cwd=new_app)

    assert "greet:someone" in listing.stdout
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "HELLO ADA"


def test_a_closure_command_of_routes_console_runs(new_app: Path, lararust) -> None:
    result = lararust("inspire", cwd=new_app)

    assert result.returncode == 0, result.stderr
    assert " - " in result.stdout


def test_an_invalid_name_is_refused(new_app: Path, cli) -> None:
    result = cli("make:controller", "9lives", cwd=new_app)

    assert result.returncode == 1
    assert "'9lives' is not a valid name" in result.stderr


def test_a_made_command_runs_as_generated_with_the_app_booted(new_app: Path, lararust) -> None:
    lararust("make:command", "SendEmails", cwd=new_app)
    path = new_app / "app/console/commands/send_emails.py"
    path.write_text(
        path.read_text().replace(
            'self.info("app:send-emails ran.")',
            'from lararust_core import app\n        self.info(f"booted={app().is_booted()}")',
        )
    )

    result = lararust("app:send-emails", cwd=new_app)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "booted=True"


def test_stub_publish_copies_the_stubs_and_keeps_customised_ones(new_app: Path, cli) -> None:
    (new_app / "stubs").mkdir()
    (new_app / "stubs/middleware.stub").write_text("# mine\n")

    result = cli("stub:publish", cwd=new_app)

    assert result.returncode == 0, result.stderr
    assert (new_app / "stubs/middleware.stub").read_text() == "# mine\n"
    assert "class {{ class }}(Controller):" in (new_app / "stubs/controller.stub").read_text()
    assert "Kept 1 stub(s)" in result.stdout


def test_make_controller_resource_prints_the_route_to_add(new_app: Path, cli) -> None:
    result = cli("make:controller", "Category", "--resource", cwd=new_app)

    assert 'Route.resource("categories", CategoryController)' in result.stdout
    assert "from app.http.controllers.category_controller import CategoryController" in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (["make:test", "UserTest"], "tests/feature/test_user.py"),
        (["make:test", "Money", "--unit"], "tests/unit/test_money.py"),
        (["make:test", "Admin/Report"], "tests/feature/admin/test_report.py"),
    ],
)
def test_make_test_writes_a_pytest_module(new_app: Path, cli, args: list[str], path: str) -> None:
    result = cli(*args, cwd=new_app)

    assert result.returncode == 0, result.stderr
    compile((new_app / path).read_text(), path, "exec")


def test_made_tests_run_green_in_the_app(new_app: Path, cli, lararust) -> None:
    cli("make:test", "UserTest", cwd=new_app)
    cli("make:test", "Money", "--unit", cwd=new_app)

    result = lararust("test", "-q", "-p", "no:cacheprovider", cwd=new_app)

    assert result.returncode == 0, result.stdout
    assert "4 passed" in result.stdout


def test_an_unreadable_command_file_is_named_when_its_command_is_asked(new_app: Path, cli) -> None:
    cli("make:command", "SendEmails", cwd=new_app)
    path = new_app / "app/console/commands/send_emails.py"
    path.write_text(path.read_text().replace("async def handle(self)", "async def handle(self"))

    result = cli("app:send-emails", cwd=new_app)

    assert result.returncode == 2
    assert "app/console/commands/send_emails.py:" in result.stderr
    assert "could not be read" in result.stderr


def test_a_command_with_its_own_verbose_option_receives_it(new_app: Path, lararust) -> None:
    (new_app / "app/console/commands/loud.py").write_text(
        "from lararust_cli import Command\n\n\n"
        "class Loud(Command):\n"
        '    name = "app:loud"\n'
        "    def handle(self, verbose: bool = False) -> int:\n"
        '        print(f"verbose={verbose}")\n'
        "        return 0\n"
    )

    result = lararust("app:loud", "--verbose", cwd=new_app)

    assert result.stdout.strip() == "verbose=True"
