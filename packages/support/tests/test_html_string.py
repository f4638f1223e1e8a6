"""HtmlString: trusted HTML that templates print unescaped."""

from __future__ import annotations

import pytest
from lararust_contracts import Htmlable
from lararust_support import HtmlString


@pytest.mark.smoke
def test_implements_htmlable() -> None:
    assert isinstance(HtmlString("<b>x</b>"), Htmlable)


def test_html_dunder_returns_the_text_unescaped() -> None:
    assert HtmlString("<b>x</b>").__html__() == "<b>x</b>"


def test_str_and_to_html_return_the_text() -> None:
    h = HtmlString("<i>")
    assert str(h) == "<i>"
    assert h.to_html() == "<i>"


@pytest.mark.parametrize(("text", "empty"), [("", True), ("<br>", False)])
def test_emptiness(text: str, empty: bool) -> None:
    h = HtmlString(text)
    assert h.is_empty() is empty
    assert h.is_not_empty() is not empty
    assert bool(h) is not empty


def test_equality_and_hash_follow_the_text() -> None:
    assert HtmlString("a") == HtmlString("a")
    assert HtmlString("a") != "a"
    assert len({HtmlString("a"), HtmlString("a")}) == 1


def test_adding_two_html_strings_stays_html() -> None:
    assert HtmlString("<a>") + HtmlString("</a>") == HtmlString("<a></a>")


def test_adding_a_plain_str_is_refused() -> None:
    with pytest.raises(TypeError):
        HtmlString("<a>") + "<script>"  # type: ignore[operator]


def test_rejects_non_str() -> None:
    with pytest.raises(TypeError, match="str"):
        HtmlString(b"x")  # type: ignore[arg-type]
