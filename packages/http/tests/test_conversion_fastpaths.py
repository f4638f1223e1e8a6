"""The per-class protocol cache of the response conversion answers as isinstance() would."""

from __future__ import annotations

import json
from typing import Any

import pytest
from lararust_contracts import Jsonable
from lararust_http import JsonResponse, Response, prepare_response, to_response


class Page:
    def render(self) -> str:
        return "<p>page</p>"


class Model:
    was_recently_created = True

    def to_dict(self) -> dict[str, int]:
        return {"id": 1}


class Both:
    """Htmlable and Renderable: Htmlable comes first in the rules."""

    def __html__(self) -> str:
        return "html"

    def render(self) -> str:
        return "render"


class Proxy:
    """Answers every attribute through __getattr__, as a lazy proxy would."""

    def __getattr__(self, name: str) -> Any:
        if name == "to_json":
            return lambda: '{"proxied": true}'
        raise AttributeError(name)


class Plain:
    def __repr__(self) -> str:
        return "Plain()"


def test_renderable_becomes_html_every_time() -> None:
    first, second = to_response(Page()), to_response(Page())
    assert first.body == second.body == b"<p>page</p>"


def test_arrayable_keeps_created_status() -> None:
    response = to_response(Model())
    assert isinstance(response, JsonResponse)
    assert (response.status_code, json.loads(response.body)) == (201, {"id": 1})


def test_rule_order_survives_the_cache() -> None:
    to_response(Both())
    assert to_response(Both()).body == b"html"


def test_method_on_one_instance_is_honoured_after_the_class_was_cached() -> None:
    to_response(Page())
    page = Page()
    page.to_response = lambda request: Response("own")  # type: ignore[attr-defined]
    assert to_response(page).body == b"own"


def test_getattr_proxy_gets_the_isinstance_answer() -> None:
    # Python 3.11 lets __getattr__ satisfy a runtime protocol, 3.12+ does not: either way the
    # conversion must agree with isinstance(), not with a cached answer for the class.
    for _ in range(2):
        if isinstance(Proxy(), Jsonable):
            assert json.loads(to_response(Proxy()).body) == {"proxied": True}
        else:
            with pytest.raises(TypeError, match="returned a Proxy"):
                to_response(Proxy())


def test_plain_object_still_explains_itself_when_cached() -> None:
    for _ in range(2):
        with pytest.raises(TypeError, match="returned a Plain"):
            to_response(Plain())


async def test_prepare_response_renders_cached_renderable() -> None:
    await prepare_response(None, Page())
    response = await prepare_response(None, Page())
    assert response.body == b"<p>page</p>"


async def test_prepare_response_awaits_async_render() -> None:
    class AsyncPage:
        async def render(self) -> str:
            return "async"

    for _ in range(2):
        assert (await prepare_response(None, AsyncPage())).body == b"async"
