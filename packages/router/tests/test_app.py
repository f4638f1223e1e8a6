"""Through the application and its HTTP kernel: what a user sees over HTTP, the provider,
route files, the route cache and the commands."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lararust_core import Application, ServiceProvider
from lararust_http import TestClient
from lararust_router import RouteCacheError, Router
from lararust_router._commands import RouteCache, RouteClear, RouteList

KEY = "base64:c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY="

WEB = """
from lararust_router import Route, url

class Post:
    rows = {"1": "first", "2": "second"}

    def __init__(self, id, title):
        self.id, self.title = id, title

    @classmethod
    def route_key_name(cls):
        return "id"

    @classmethod
    async def resolve_route_binding(cls, value, field=None):
        title = cls.rows.get(value)
        return cls(value, title) if title else None

    def get_route_key(self):
        return self.id


class Author:
    # A parent answering for its own posts only (author 1: odd ids, author 2: even ids).

    def __init__(self, id):
        self.id = id

    @classmethod
    def route_key_name(cls):
        return "id"

    @classmethod
    async def resolve_route_binding(cls, value, field=None):
        return cls(int(value)) if value in ("1", "2") else None

    async def resolve_child_route_binding(self, child, value, field):
        key = field or "id"
        for id, title in Post.rows.items():
            if int(id) % 2 == self.id % 2 and (id if key == "id" else title) == value:
                return Post(id, title)
        return None


async def author_post(author: Author, post: Post) -> str:
    return f"{author.id}:{post.title}"


async def home() -> str:
    return "home"


async def show_post(post: Post) -> str:
    return post.title


async def show_user(id: int) -> dict:
    return {"id": id, "url": url().current()}


async def unsubscribe(user: int) -> str:
    return f"bye {user}"


def gone(request) -> str:
    return "post gone"


Route.get("/", home).name("home")
Route.get("/authors/{author}/posts/{post:title}", author_post)
Route.get("/posts/{post}", show_post).name("posts.show").missing(gone)
Route.get("/strict/{post}", show_post)
Route.get("/users/{id}", show_user).name("users.show")
Route.get("/unsubscribe/{user}", unsubscribe).name("unsubscribe").middleware("signed")
"""

API = """
from lararust_router import Route, url


async def update(id: int) -> dict:
    return {"updated": id}


async def destroy(id: int) -> dict:
    return {"deleted": id}


async def index() -> list:
    return [1, 2]


async def where(id: int, request) -> dict:
    return {"id": id, "name": Route.current_route_name(), "url": url().current()}


async def upload(request) -> dict:
    return {"method": request.method, "size": len(request.input("blob", ""))}


Route.get("/items", index).name("api.items")
Route.post("/upload", upload).middleware("body_limit:4K")
Route.put("/upload", upload).middleware("body_limit:1K")
Route.get("/where/{id}", where).name("api.where")
Route.put("/items/{id}", update)
Route.delete("/items/{id}", destroy)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project directory with config and route files, importable as in production."""
    (tmp_path / "routes").mkdir()
    (tmp_path / "config").mkdir()
    (tmp_path / "routes" / "web.py").write_text(textwrap.dedent(WEB))
    (tmp_path / "routes" / "api.py").write_text(textwrap.dedent(API))
    (tmp_path / "config" / "app.py").write_text(
        f"config = {{'name': 'test', 'key': {KEY!r}, 'debug': False}}\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    before = set(sys.modules)
    yield tmp_path
    for name in set(sys.modules) - before:
        if name == "routes" or name.startswith("routes."):
            del sys.modules[name]


@pytest.fixture
def make_app(project: Path) -> Callable[..., Application]:
    def build(*providers: Any) -> Application:
        return (
            Application.configure(base_path=project)
            .with_routing(web="routes/web.py", api="routes/api.py")
            .with_providers(list(providers))
            .create()
        )

    return build


@pytest.fixture
def client(make_app: Callable[..., Application]) -> TestClient:
    return TestClient(make_app())


@pytest.mark.smoke
def test_route_file_is_served(client: TestClient) -> None:
    client.get("/").assert_ok().assert_see("home")


def test_trailing_slash_matches_silently(client: TestClient) -> None:
    response = client.get("/users/5/")
    response.assert_ok()
    assert response.json() == {"id": 5, "url": "http://testserver/users/5"}


def test_typed_parameter_that_does_not_coerce_is_404(client: TestClient) -> None:
    client.get("/users/abc").assert_not_found()


def test_unknown_path_is_404(client: TestClient) -> None:
    client.get("/nowhere").assert_not_found()


def test_405_carries_allow(client: TestClient) -> None:
    response = client.post("/api/items")
    response.assert_status(405)
    response.assert_header("allow", "GET, HEAD, OPTIONS")


def test_head_answers_get_routes_without_a_body(client: TestClient) -> None:
    response = client.head("/")
    response.assert_ok()
    assert response.text == ""


def test_options_answers_with_allow(client: TestClient) -> None:
    response = client.options("/api/items/3")
    response.assert_ok()
    response.assert_header("allow", "DELETE, OPTIONS, PUT")


def test_method_spoofing_from_a_form(client: TestClient) -> None:
    response = client.post("/api/items/4", data={"_method": "DELETE"})
    response.assert_ok()
    assert response.json() == {"deleted": 4}


def test_api_routes_get_the_prefix(client: TestClient) -> None:
    assert client.get("/api/items").json() == [1, 2]


def test_model_binding_resolves_by_key(client: TestClient) -> None:
    client.get("/strict/2").assert_ok().assert_see("second")


def test_model_binding_absent_is_404(client: TestClient) -> None:
    client.get("/strict/9").assert_not_found()


def test_model_binding_missing_handler(client: TestClient) -> None:
    client.get("/posts/9").assert_ok().assert_see("post gone")


def test_signed_route_through_the_kernel(make_app: Callable[..., Application]) -> None:
    app = make_app()
    client = TestClient(app)
    client.get("/").assert_ok()  # boots the app
    router: Router = app.make("router")
    link = router.url.signed_route("unsubscribe", {"user": 3}).replace("http://localhost", "")
    assert link.startswith("/unsubscribe/3?signature=")
    client.get(link).assert_forbidden()  # signed for another host
    router.url.force_root_url("http://testserver")
    good = router.url.signed_route("unsubscribe", {"user": 3}).removeprefix("http://testserver")
    client.get(good).assert_ok().assert_see("bye 3")
    client.get(good.replace("/3?", "/4?")).assert_forbidden()


def test_provider_binds_router_and_url(make_app: Callable[..., Application]) -> None:
    from lararust_contracts import Dispatcher, UrlGenerator

    app = make_app()
    app.boot_sync()
    router = app.make("router")
    assert isinstance(router, Router)
    assert isinstance(router, Dispatcher)
    assert app.make("url") is router.url
    assert isinstance(app.make("url"), UrlGenerator)
    assert router.url.route("users.show", id=1, absolute=False) == "/users/1"


class FakeView:
    def __init__(self) -> None:
        self.shared: dict[str, Any] = {}

    def render(self, name: str, context: dict[str, Any] | None = None) -> str:
        return f"<p>{name} {sorted((context or {}).items())}</p>"

    def share(self, key: Any, value: Any = None) -> None:
        self.shared.update(key if isinstance(key, dict) else {key: value})


class FakeViewProvider(ServiceProvider):
    def register(self) -> None:
        self.app.instance("view", FakeView())


def test_helpers_are_shared_with_views(make_app: Callable[..., Application]) -> None:
    app = make_app(FakeViewProvider)
    app.boot_sync()
    shared = app.make("view").shared
    assert sorted(shared) == ["asset", "route", "url"]
    assert shared["route"]("users.show", id=2, absolute=False) == "/users/2"


def test_view_route_renders_through_the_view_factory(
    project: Path, make_app: Callable[..., Application]
) -> None:
    web = project / "routes" / "web.py"
    web.write_text(web.read_text() + "\nRoute.view('/about/{lang}', 'pages.about', {'a': 1})\n")
    client = TestClient(make_app(FakeViewProvider))
    client.get("/about/en").assert_ok().assert_see(
        "pages.about [('a', 1), ('lang', 'en')]", escape=False
    )


def test_view_route_honours_status_and_headers(
    project: Path, make_app: Callable[..., Application]
) -> None:
    web = project / "routes" / "web.py"
    web.write_text(
        web.read_text()
        + "\nRoute.view('/teapot', 'pages.tea', {'a': 1}, 418, {'X-Tea': 'earl grey'})\n"
    )
    response = TestClient(make_app(FakeViewProvider)).get("/teapot")
    response.assert_status(418).assert_header("x-tea", "earl grey")
    response.assert_see("pages.tea [('a', 1)]", escape=False)


def test_redirect_route(project: Path, make_app: Callable[..., Application]) -> None:
    web = project / "routes" / "web.py"
    web.write_text(web.read_text() + "\nRoute.redirect('/old', '/', 301)\n")
    TestClient(make_app()).get("/old").assert_status(301).assert_redirect("/")


RESOURCE = """
from lararust_router import Controller, Middleware


class NeedsHeader:
    async def handle(self, request, next):
        if request.header("x-token") != "ok":
            from lararust_contracts import HttpException
            raise HttpException(401, "no token")
        return await next(request)


class Clock:
    def now(self):
        return "noon"


class PhotoController(Controller):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    @classmethod
    def middleware(cls):
        return [Middleware(NeedsHeader, only=["store"])]

    async def index(self):
        return {"photos": [], "at": self.clock.now()}

    async def show(self, photo: int):
        return {"photo": photo}

    async def store(self):
        return {"stored": True}
"""


def test_resource_controller_over_http_and_from_the_cache(
    project: Path, make_app: Callable[..., Application]
) -> None:
    (project / "controllers.py").write_text(textwrap.dedent(RESOURCE))
    api = project / "routes" / "api.py"
    api.write_text(
        api.read_text()
        + "\nfrom controllers import PhotoController\n"
        + "Route.api_resource('photos', PhotoController).only(['index', 'show', 'store'])\n"
    )
    for attempt in ("files", "cache"):
        client = TestClient(make_app())
        client.get("/api/photos").assert_ok().assert_json({"photos": [], "at": "noon"})
        client.get("/api/photos/3").assert_json({"photo": 3})
        client.post("/api/photos").assert_status(401)
        client.post("/api/photos", headers={"x-token": "ok"}).assert_json({"stored": True})
        client.delete("/api/photos/3").assert_status(405)
        if attempt == "files":
            assert RouteCache().handle() == 0
    sys.modules.pop("controllers", None)


def test_without_middleware_drops_one_a_group_brought(
    project: Path, make_app: Callable[..., Application]
) -> None:
    web = project / "routes" / "web.py"
    web.write_text(
        web.read_text()
        + "\nRoute.post('/guarded', home)\n"
        + "Route.post('/webhook', home).without_middleware('csrf')\n"
    )
    client = TestClient(make_app())
    client.post("/guarded").assert_status(419)
    client.post("/webhook").assert_ok().assert_see("home")


def test_function_middleware_through_the_kernel(
    project: Path, make_app: Callable[..., Application]
) -> None:
    web = project / "routes" / "web.py"
    web.write_text(
        web.read_text()
        + "\nasync def tag(request, next):\n"
        + "    response = await next(request)\n"
        + "    response.headers.set('x-tag', 'on')\n"
        + "    return response\n"
        + "Route.get('/tagged', home).middleware(tag)\n"
    )
    TestClient(make_app()).get("/tagged").assert_ok().assert_header("x-tag", "on")


def test_routing_by_module_name(project: Path) -> None:
    (project / "routes" / "__init__.py").write_text("")
    app = Application.configure(base_path=project).with_routing(web="routes.web").create()
    TestClient(app).get("/").assert_ok().assert_see("home")


def test_missing_route_file_is_reported(project: Path) -> None:
    from lararust_router import RouteDefinitionError

    app = Application.configure(base_path=project).with_routing(web="routes/nope.py").create()
    with pytest.raises(RouteDefinitionError, match=r"nope\.py.*does not exist"):
        app.boot_sync()


def test_commands_implement_the_contract() -> None:
    from lararust_contracts import Command

    for command in (RouteList(), RouteCache(), RouteClear()):
        assert isinstance(command, Command)


class TestCommands:
    def test_route_list_json(
        self, make_app: Callable[..., Application], capsys: pytest.CaptureFixture[str]
    ) -> None:
        make_app().boot_sync()
        assert RouteList().handle(json=True) == 0
        rows = json.loads(capsys.readouterr().out)
        names = [r["name"] for r in rows]
        assert "home" in names
        assert "api.items" in names
        home = rows[names.index("home")]
        assert home["method"] == "GET|HEAD"
        assert home["action"] == "routes.web:home"
        assert home["middleware"] == ["web"]

    def test_route_list_shows_the_kernels_health_route(
        self, project: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        app = (
            Application.configure(base_path=project)
            .with_routing(web="routes/web.py", health="/up")
            .create()
        )
        app.boot_sync()
        TestClient(app).get("/up").assert_ok()  # what the row claims is true
        assert RouteList().handle(json=True) == 0
        rows = json.loads(capsys.readouterr().out)
        assert rows[0] == {
            "method": "GET|HEAD",
            "uri": "/up",
            "name": None,
            "action": "health check (http kernel)",
            "middleware": [],
            "domain": None,
        }

    def test_route_list_has_no_health_row_without_a_health_route(
        self, make_app: Callable[..., Application], capsys: pytest.CaptureFixture[str]
    ) -> None:
        app = make_app()
        app.boot_sync()
        TestClient(app).get("/up").assert_not_found()
        assert RouteList().handle(json=True) == 0
        assert "/up" not in [r["uri"] for r in json.loads(capsys.readouterr().out)]

    def test_route_list_table_filtered(
        self, make_app: Callable[..., Application], capsys: pytest.CaptureFixture[str]
    ) -> None:
        make_app().boot_sync()
        assert RouteList().handle(method="DELETE") == 0
        out = capsys.readouterr().out
        assert "api/items/{id}" in out
        assert "routes.api:destroy" in out
        assert "/users/{id}" not in out

    def test_cache_then_boot_from_cache_then_clear(
        self,
        project: Path,
        make_app: Callable[..., Application],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        make_app().boot_sync()
        assert RouteCache().handle() == 0
        cache = project / "bootstrap" / "cache" / "routes.json"
        data = json.loads(cache.read_text())
        assert {"kind": "callable", "target": "routes.web:home", "method": None} in [
            r["action"] for r in data["routes"]
        ]
        for name in [n for n in sys.modules if n.startswith("routes")]:
            del sys.modules[name]
        app = make_app()
        app.boot_sync()
        # Booting from the cache ran no route file; the handler's module loads on first match.
        assert "routes.web" not in sys.modules
        client = TestClient(app)
        client.get("/").assert_ok().assert_see("home")
        assert "routes.web" in sys.modules
        client.get("/strict/1").assert_ok().assert_see("first")
        client.get("/posts/9").assert_see("post gone")
        assert RouteClear().handle() == 0
        assert not cache.exists()
        assert "cleared" in capsys.readouterr().out

    def test_cache_refuses_closures_naming_the_route(
        self,
        project: Path,
        make_app: Callable[..., Application],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        web = project / "routes" / "web.py"
        web.write_text(
            web.read_text() + "\nRoute.get('/closure', lambda: 'x').name('closure.route')\n"
        )
        make_app().boot_sync()
        assert RouteCache().handle() == 1
        err = capsys.readouterr().err
        assert "closure.route" in err
        assert "lambda" in err
        assert "web.py:" in err
        assert not (project / "bootstrap" / "cache" / "routes.json").exists()

    def test_corrupt_cache_is_reported(
        self, project: Path, make_app: Callable[..., Application]
    ) -> None:
        cache = project / "bootstrap" / "cache" / "routes.json"
        cache.parent.mkdir(parents=True)
        cache.write_text("{not json")
        with pytest.raises(RouteCacheError, match="route:clear"):
            make_app().boot_sync()


def test_api_route_knows_its_route_and_url(client: TestClient) -> None:
    response = client.get("/api/where/7")
    response.assert_ok()
    assert response.json() == {"id": 7, "name": "api.where", "url": "http://testserver/api/where/7"}
    client.get("/api/where/seven").assert_not_found()


def test_body_limit_caps_posted_forms(client: TestClient) -> None:
    client.post("/api/upload", data={"blob": "x" * 2000}).assert_ok().assert_json({"size": 2000})
    client.post("/api/upload", data={"blob": "x" * 5000}).assert_status(413)
    files = {"doc": ("a.txt", b"y" * 5000, "text/plain")}
    client.post("/api/upload", data={"blob": "x"}, files=files).assert_status(413)
    small = {"doc": ("a.txt", b"y" * 100, "text/plain")}
    client.post("/api/upload", data={"blob": "x"}, files=small).assert_ok()


def test_body_limit_of_the_spoofed_route_applies(client: TestClient) -> None:
    spoofed = {"_method": "PUT", "blob": "x" * 2000}
    client.post("/api/upload", data=spoofed).assert_status(413)  # PUT allows 1K
    client.post("/api/upload", data={"_method": "PUT", "blob": "x"}).assert_ok().assert_json(
        {"method": "PUT", "size": 1}
    )


async def test_a_posted_form_over_the_limit_is_refused_while_streaming(
    make_app: Callable[..., Application],
) -> None:
    app = make_app()
    handler = app.direct_handler()
    assert handler is not None
    chunks = [b"blob=" + b"x" * 1500, b"x" * 1500, b"x" * 1500, b"x" * 1500]
    pulled: list[bytes] = []

    async def receive() -> dict[str, Any]:
        chunk = chunks[len(pulled)]
        pulled.append(chunk)
        return {"type": "http.request", "body": chunk, "more_body": len(pulled) < len(chunks)}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/api/upload",
        "query_string": b"",
        "headers": [
            (b"host", b"testserver"),
            (b"content-type", b"application/x-www-form-urlencoded"),
        ],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
        "scheme": "http",
        "root_path": "",
    }
    response = await handler(scope, receive)
    assert response.status_code == 413
    assert len(pulled) == 3  # stopped past 4K, the rest never read


def test_a_keyed_child_binding_is_scoped_to_its_parent(client: TestClient) -> None:
    client.get("/authors/1/posts/first").assert_ok().assert_see("1:first")
    client.get("/authors/2/posts/second").assert_ok().assert_see("2:second")
    client.get("/authors/2/posts/first").assert_not_found()  # author 1's post
