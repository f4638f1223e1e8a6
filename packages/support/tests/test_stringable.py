"""Stringable: Str as a fluent chain (Str.of / str_)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from lararust_support import Collection, HtmlString, Str, Stringable, str_


@pytest.fixture
def _no_macros() -> Iterator[None]:
    yield
    Stringable.flush_macros()


@pytest.mark.smoke
def test_chain_and_end_with_str() -> None:
    result = Str.of("  hello   world ").squish().title().finish("!")
    assert str(result) == "Hello World!"
    assert result.value == "Hello World!"
    assert result.to_string() == "Hello World!"


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        (lambda s: s.snake(), "user_profile_photo"),
        (lambda s: s.kebab(), "user-profile-photo"),
        (lambda s: s.camel(), "userProfilePhoto"),
        (lambda s: s.studly(), "UserProfilePhoto"),
        (lambda s: s.headline(), "User Profile Photo"),
        (lambda s: s.plural(), "UserProfilePhotos"),
        (lambda s: s.snake().slug(), "user-profile-photo"),
        (lambda s: s.after("User"), "ProfilePhoto"),
        (lambda s: s.before("Photo"), "UserProfile"),
        (lambda s: s.between("User", "Photo"), "Profile"),
        (lambda s: s.limit(4), "User..."),
        (lambda s: s.replace("Photo", "Picture"), "UserProfilePicture"),
        (lambda s: s.prepend("The").append("s"), "TheUserProfilePhotos"),
        (lambda s: s.mask("*", 4), "User************"),
        (lambda s: s.lower().ucfirst(), "Userprofilephoto"),
        (lambda s: s.take(4).upper().reverse(), "RESU"),
        (lambda s: s.substr(-5).wrap("[", "]"), "[Photo]"),
        (lambda s: s.pad_left(18, "."), "..UserProfilePhoto"),
        (lambda s: s.chop_end("Photo").chop_start("User"), "Profile"),
        (lambda s: s.pipe(len), "16"),
    ],
)
def test_fluent_methods(chain: object, expected: str) -> None:
    assert chain(Str.of("UserProfilePhoto")) == expected  # type: ignore[operator]


def test_questions_return_bools() -> None:
    s = str_("Laravel in Python")
    assert s.contains("Python")
    assert s.starts_with("Lara")
    assert s.ends_with(["x", "Python"])
    assert s.is_("Laravel*")
    assert s.is_match(r"\bin\b")
    assert not s.is_empty()
    assert s.length() == 17


def test_explode_and_split_give_collections() -> None:
    assert str_("a,b,c").explode(",").all() == ["a", "b", "c"]
    parts = str_("one  two three").split(r"\s+")
    assert isinstance(parts, Collection)
    assert parts.all() == ["one", "two", "three"]


def test_when_and_when_empty() -> None:
    assert str_("x").when(True, lambda s: s.append("!")) == "x!"
    assert str_("x").when(lambda s: s.length() > 5, lambda s: s.append("!")) == "x"
    assert str_("").when_empty(lambda s: s.append("default")) == "default"


def test_to_html_marks_trusted_html() -> None:
    assert str_("<b>x</b>").to_html() == HtmlString("<b>x</b>")


def test_is_not_html_by_itself() -> None:
    assert not hasattr(str_("<b>"), "__html__")


def test_equality_hash_and_concat() -> None:
    assert str_("a") == "a"
    assert str_("a") == str_("a")
    assert len({str_("a"), str_("a")}) == 1
    assert str_("a") + "b" == "ab"
    assert repr(str_("a")) == "Stringable('a')"


def test_non_strings_are_converted() -> None:
    assert str_(42) == "42"


@pytest.mark.usefixtures("_no_macros")
def test_stringable_macros() -> None:
    Stringable.macro("shout", lambda self: self.upper().append("!"))
    assert str_("hey").shout() == "HEY!"
