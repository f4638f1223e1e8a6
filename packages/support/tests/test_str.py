"""Str: Laravel's string helpers, case by case."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import pytest
from lararust_support import Str


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("fooBar", "foo_bar"),
        ("FooBar", "foo_bar"),
        ("foo bar", "foo_bar"),
        ("foo-bar", "foo_bar"),
        ("  foo   bar ", "foo_bar"),
        ("HTTPServer", "http_server"),
        ("userID", "user_id"),
        ("already_snake", "already_snake"),
        ("version2Update", "version2_update"),
        ("", ""),
    ],
)
def test_snake(value: str, expected: str) -> None:
    assert Str.snake(value) == expected


def test_snake_with_custom_delimiter() -> None:
    assert Str.snake("fooBarBaz", ".") == "foo.bar.baz"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("fooBar", "foo-bar"), ("FooBar", "foo-bar"), ("foo_bar", "foo-bar"), ("Foo Bar", "foo-bar")],
)
def test_kebab(value: str, expected: str) -> None:
    assert Str.kebab(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("foo_bar", "FooBar"),
        ("foo-bar", "FooBar"),
        ("foo bar", "FooBar"),
        ("fooBar", "FooBar"),
        ("foo__bar--baz", "FooBarBaz"),
    ],
)
def test_studly_and_pascal(value: str, expected: str) -> None:
    assert Str.studly(value) == expected
    assert Str.pascal(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("foo_bar", "fooBar"), ("Foo Bar", "fooBar"), ("foo-bar-baz", "fooBarBaz")],
)
def test_camel(value: str, expected: str) -> None:
    assert Str.camel(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a nice title uses the correct case", "A Nice Title Uses The Correct Case"),
        ("they're here", "They're Here"),
        ("hELLO wORLD", "Hello World"),
        ("jean-luc", "Jean-Luc"),
    ],
)
def test_title(value: str, expected: str) -> None:
    assert Str.title(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("steve_jobs", "Steve Jobs"),
        ("EmailNotificationSent", "Email Notification Sent"),
        ("user-email_sent", "User Email Sent"),
    ],
)
def test_headline(value: str, expected: str) -> None:
    assert Str.headline(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Hello World", "hello-world"),
        ("Laravel 11 Framework", "laravel-11-framework"),
        ("Crème Brûlée", "creme-brulee"),
        ("Straße", "strasse"),
        ("user@host", "user-at-host"),
        ("  --Many   spaces__and_underscores--  ", "many-spaces-and-underscores"),
        ("What?! No way...", "what-no-way"),
    ],
)
def test_slug(value: str, expected: str) -> None:
    assert Str.slug(value) == expected


def test_slug_with_separator_and_dictionary() -> None:
    assert Str.slug("Hello World & more", "_", {"&": "and"}) == "hello_world_and_more"


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("user", "users"),
        ("child", "children"),
        ("person", "people"),
        ("man", "men"),
        ("woman", "women"),
        ("mouse", "mice"),
        ("tooth", "teeth"),
        ("goose", "geese"),
        ("ox", "oxen"),
        ("category", "categories"),
        ("day", "days"),
        ("box", "boxes"),
        ("church", "churches"),
        ("bus", "buses"),
        ("status", "statuses"),
        ("quiz", "quizzes"),
        ("analysis", "analyses"),
        ("crisis", "crises"),
        ("wife", "wives"),
        ("wolf", "wolves"),
        ("hero", "heroes"),
        ("photo", "photos"),
        ("matrix", "matrices"),
        ("index", "indices"),
        ("cactus", "cacti"),
        ("criterion", "criteria"),
        ("movie", "movies"),
        ("address", "addresses"),
    ],
)
def test_plural_and_singular_round_trip(singular: str, plural: str) -> None:
    assert Str.plural(singular) == plural
    assert Str.singular(plural) == singular


@pytest.mark.parametrize(
    "word", ["sheep", "fish", "information", "equipment", "news", "series", "species", "data"]
)
def test_uncountables_do_not_change(word: str) -> None:
    assert Str.plural(word) == word
    assert Str.singular(word) == word
    assert Str.uncountable(word)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Person", "People"), ("PERSON", "PEOPLE"), ("Child", "Children"), ("User", "Users")],
)
def test_plural_keeps_the_case(value: str, expected: str) -> None:
    assert Str.plural(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("blogPost", "blogPosts"), ("user_person", "user_people"), ("BlogCategory", "BlogCategories")],
)
def test_plural_inflects_only_the_last_word(value: str, expected: str) -> None:
    assert Str.plural(value) == expected
    assert Str.plural_studly(value) == expected


@pytest.mark.parametrize(("count", "expected"), [(1, "car"), (-1, "car"), (0, "cars"), (2, "cars")])
def test_plural_with_count(count: int, expected: str) -> None:
    assert Str.plural("car", count) == expected


def test_plural_counts_a_sized_value() -> None:
    assert Str.plural("car", ["one"]) == "car"
    assert Str.plural("car", ["one", "two"]) == "cars"


def test_already_plural_irregular_stays() -> None:
    assert Str.plural("people") == "people"
    assert Str.singular("person") == "person"


@pytest.mark.parametrize(
    ("value", "limit", "end", "expected"),
    [
        ("The quick brown fox", 9, "...", "The quick..."),
        ("The quick brown fox", 10, "...", "The quick..."),
        ("short", 10, "...", "short"),
        ("exactly10!", 10, "...", "exactly10!"),
        ("The quick brown fox", 5, " (more)", "The q (more)"),
    ],
)
def test_limit(value: str, limit: int, end: str, expected: str) -> None:
    assert Str.limit(value, limit, end) == expected


def test_limit_preserving_words() -> None:
    assert Str.limit("The quick brown fox", 12, preserve_words=True) == "The quick..."


@pytest.mark.parametrize(
    ("words", "expected"),
    [(3, "Perfectly balanced, as..."), (5, "Perfectly balanced, as all things"), (10, None)],
)
def test_words(words: int, expected: str | None) -> None:
    text = "Perfectly balanced, as all things"
    assert Str.words(text, words) == (text if expected is None else expected)


def test_word_count() -> None:
    assert Str.word_count(" Hello   world, again ") == 3


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("taylor@example.com", "*", 3), "tay***************"),
        (("taylor@example.com", "*", -15, 3), "tay***@example.com"),
        (("taylor@example.com", "*", 0, 6), "******@example.com"),
        (("taylor@example.com", "*", -4), "taylor@example****"),
        (("1234567890", "#", 100), "1234567890"),
    ],
)
def test_mask(args: tuple[Any, ...], expected: str) -> None:
    assert Str.mask(*args) == expected


@pytest.mark.parametrize(
    ("func", "subject", "search", "expected"),
    [
        (Str.after, "This is my name", "This is", " my name"),
        (Str.after, "no match", "xyz", "no match"),
        (Str.after, "abc", "", "abc"),
        (Str.after_last, "App\\Http\\Controllers\\Controller", "\\", "Controller"),
        (Str.before, "This is my name", "my name", "This is "),
        (Str.before, "no match", "xyz", "no match"),
        (Str.before_last, "This is my name is", "is", "This is my name "),
        (Str.before_last, "no match", "xyz", "no match"),
    ],
)
def test_before_and_after(func: Any, subject: str, search: str, expected: str) -> None:
    assert func(subject, search) == expected


def test_between_takes_first_start_and_last_end() -> None:
    assert Str.between("[a] b [c]", "[", "]") == "a] b [c"


def test_between_first_takes_the_smallest_span() -> None:
    assert Str.between_first("[a] b [c]", "[", "]") == "a"


@pytest.mark.parametrize(
    ("haystack", "needles", "ignore_case", "expected"),
    [
        ("This is my name", "my", False, True),
        ("This is my name", ["xxx", "my"], False, True),
        ("This is my name", "MY", False, False),
        ("This is my name", "MY", True, True),
        ("This is my name", "", False, False),
        ("This is my name", [], False, False),
    ],
)
def test_contains(haystack: str, needles: Any, ignore_case: bool, expected: bool) -> None:
    assert Str.contains(haystack, needles, ignore_case) is expected
    assert Str.doesnt_contain(haystack, needles, ignore_case) is not expected


def test_contains_all() -> None:
    assert Str.contains_all("This is my name", ["my", "name"])
    assert not Str.contains_all("This is my name", ["my", "foo"])


@pytest.mark.parametrize(
    ("haystack", "needles", "starts", "ends"),
    [
        ("jason", "jas", True, False),
        ("jason", ["day", "son"], False, True),
        ("jason", "", False, False),
        ("jason", "jason", True, True),
    ],
)
def test_starts_and_ends_with(haystack: str, needles: Any, starts: bool, ends: bool) -> None:
    assert Str.starts_with(haystack, needles) is starts
    assert Str.ends_with(haystack, needles) is ends


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        ("foo/*", "foo/bar/baz", True),
        ("*/bar", "foo/bar", True),
        ("foo", "foo", True),
        ("foo/*", "bar/foo", False),
        ("a.c", "abc", False),
        (["x", "admin/*"], "admin/users", True),
        ("*", "multi\nline", True),
    ],
)
def test_is_wildcard(pattern: Any, value: str, expected: bool) -> None:
    assert Str.is_(pattern, value) is expected


def test_is_ignore_case() -> None:
    assert Str.is_("FOO/*", "foo/bar", ignore_case=True)
    assert not Str.is_("FOO/*", "foo/bar")


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [
        (Str.start, ("this/string", "/"), "/this/string"),
        (Str.start, ("//this/string", "/"), "/this/string"),
        (Str.finish, ("this/string", "/"), "this/string/"),
        (Str.finish, ("this/string//", "/"), "this/string/"),
        (Str.wrap, ("Laravel", '"'), '"Laravel"'),
        (Str.wrap, ("is", "This ", " Laravel!"), "This is Laravel!"),
        (Str.unwrap, ('"Laravel"', '"'), "Laravel"),
        (Str.unwrap, ("{x}", "{", "}"), "x"),
        (Str.squish, ("  laravel \n\t  framework  ",), "laravel framework"),
        (Str.deduplicate, ("a   b  c",), "a b c"),
        (Str.deduplicate, ("a--b", "-"), "a-b"),
        (Str.chop_start, ("https://laravel.com", ["http://", "https://"]), "laravel.com"),
        (Str.chop_end, ("app/Models/Photograph.php", ".php"), "app/Models/Photograph"),
        (Str.ucfirst, ("foo bar",), "Foo bar"),
        (Str.lcfirst, ("Foo Bar",), "foo Bar"),
        (Str.reverse, ("Hello",), "olleH"),
        (Str.take, ("Build something", 5), "Build"),
        (Str.take, ("Build something", -5), "thing"),
        (Str.substr, ("Laravel", -3), "vel"),
        (Str.substr, ("Laravel", 1, -2), "arav"),
        (Str.pad_both, ("James", 10, "_"), "__James___"),
        (Str.pad_left, ("James", 10, "-="), "-=-=-James"),
        (Str.pad_right, ("James", 10, "-"), "James-----"),
        (Str.pad_left, ("James", 3), "James"),
    ],
)
def test_shaping_helpers(func: Any, args: tuple[Any, ...], expected: str) -> None:
    assert func(*args) == expected


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [
        (Str.replace, ("9.x", "10.x", "Laravel 9.x"), "Laravel 10.x"),
        (Str.replace, (["a", "b"], "_", "abc"), "__c"),
        (Str.replace, ("LARAVEL", "x", "laravel Laravel", False), "x x"),
        (Str.replace_first, ("the", "a", "the quick the fox"), "a quick the fox"),
        (Str.replace_last, ("the", "a", "the quick the fox"), "the quick a fox"),
        (Str.replace_start, ("Hello", "Bye", "Hello World"), "Bye World"),
        (Str.replace_start, ("World", "Bye", "Hello World"), "Hello World"),
        (Str.replace_end, ("World", "Laravel", "Hello World"), "Hello Laravel"),
        (Str.replace_array, ("?", ["8:30", "9:00"], "between ? and ?"), "between 8:30 and 9:00"),
        (Str.replace_array, ("?", ["8:30"], "between ? and ?"), "between 8:30 and ?"),
        (Str.remove, ("e", "Peter Piper"), "Ptr Pipr"),
        (Str.remove, ("P", "Peter Piper", False), "eter ier"),
    ],
)
def test_replacing(func: Any, args: tuple[Any, ...], expected: str) -> None:
    assert func(*args) == expected


def test_replace_with_backslashes_is_literal() -> None:
    assert Str.replace("x", r"\1", "axb", case_sensitive=False) == r"a\1b"


def test_swap_replaces_in_one_pass() -> None:
    assert Str.swap({"Tacos": "Burritos", "Burritos": "Tacos"}, "Tacos and Burritos") == (
        "Burritos and Tacos"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Crème Brûlée", "Creme Brulee"), ("Ærøskøbing", "AEroskobing"), ("日本", ""), ("abc", "abc")],
)
def test_ascii(value: str, expected: str) -> None:
    assert Str.ascii(value) == expected


def test_match_and_match_all() -> None:
    assert Str.match(r"bar", "foo bar") == "bar"
    assert Str.match(r"foo (.*)", "foo bar") == "bar"
    assert Str.match(r"nope", "foo") == ""
    assert Str.match_all(r"f(\w*)", "bar fun bar fly") == ["un", "ly"]
    assert Str.is_match([r"\d+", r"^x"], "abc123")


def test_position_and_substr_count() -> None:
    assert Str.position("Hello, World!", "W") == 7
    assert Str.position("Hello", "z") is None
    assert Str.substr_count("If you like ice cream, you will like snow cones.", "like") == 2


def test_excerpt() -> None:
    assert Str.excerpt("This is my name", "my", radius=3) == "...is my na..."
    assert Str.excerpt("This is my name", "zzz") == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [('{"a": 1}', True), ("[1, 2]", True), ("{a: 1}", False), ("", False), (None, False)],
)
def test_is_json(value: Any, expected: bool) -> None:
    assert Str.is_json(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://laravel.com/docs?x=1", True),
        ("http://localhost:8000", True),
        ("laravel.com", False),
        ("javascript:alert(1)", False),
        ("https://exa mple.com", False),
        ("ftp://files.example.com", False),
    ],
)
def test_is_url(value: str, expected: bool) -> None:
    assert Str.is_url(value) is expected


def test_is_url_with_protocols() -> None:
    assert Str.is_url("ftp://files.example.com", protocols=["ftp"])


@pytest.mark.smoke
def test_uuid_is_a_version_4_uuid_string() -> None:
    value = Str.uuid()
    assert Str.is_uuid(value)
    assert uuid.UUID(value).version == 4


def test_uuid7_is_version_7_and_starts_with_the_time() -> None:
    before = time.time_ns() // 1_000_000
    value = uuid.UUID(Str.uuid7())
    after = time.time_ns() // 1_000_000
    assert value.version == 7
    assert value.variant == uuid.RFC_4122
    assert before <= value.int >> 80 <= after  # 48 bits of Unix milliseconds lead
    assert Str.is_uuid(Str.ordered_uuid())


@pytest.mark.parametrize("value", ["not-a-uuid", "", "123e4567e89b12d3a456426614174000", 42])
def test_is_uuid_rejects(value: Any) -> None:
    assert not Str.is_uuid(value)


@pytest.mark.smoke
def test_ulid_shape() -> None:
    value = Str.ulid()
    assert len(value) == 26
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", value)
    assert Str.is_ulid(value)


def test_ulids_in_one_millisecond_are_strictly_increasing() -> None:
    values = [Str.ulid(1_700_000_000_000) for _ in range(50)]
    assert values == sorted(values)
    assert len(set(values)) == 50


def test_ulid_encodes_its_timestamp_first() -> None:
    assert Str.ulid(0).startswith("0000000000")
    assert Str.ulid(1_700_000_000_000) < Str.ulid(1_700_000_000_001)


def test_ulid_rejects_out_of_range_timestamps() -> None:
    with pytest.raises(ValueError, match="48 bits"):
        Str.ulid(1 << 48)


@pytest.mark.parametrize(
    "value", ["8ZZZZZZZZZZZZZZZZZZZZZZZZZ", "01ARZ3NDEKTSV4RRFFQ69G5FA", "U" * 26]
)
def test_is_ulid_rejects(value: str) -> None:
    assert not Str.is_ulid(value)


@pytest.mark.parametrize("length", [0, 1, 16, 40])
def test_random_length_and_alphabet(length: int) -> None:
    value = Str.random(length)
    assert len(value) == length
    assert re.fullmatch(r"[A-Za-z0-9]*", value)


def test_random_values_differ() -> None:
    assert Str.random() != Str.random()


def test_password_has_every_kind() -> None:
    value = Str.password(12)
    assert len(value) == 12
    assert re.search(r"[A-Za-z]", value)
    assert re.search(r"\d", value)
    assert re.search(r"[^A-Za-z\d]", value)


def test_password_only_numbers() -> None:
    assert Str.password(8, letters=False, symbols=False).isdigit()


def test_password_too_short_for_its_kinds_is_refused() -> None:
    with pytest.raises(ValueError, match="password"):
        Str.password(2)


def test_base64_round_trip() -> None:
    assert Str.from_base64(Str.to_base64("Laravel ✓")) == "Laravel ✓"


def test_strict_base64_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="base64"):
        Str.from_base64("!!!", strict=True)


def test_ucsplit_and_length() -> None:
    assert Str.ucsplit("FooBarBaz") == ["Foo", "Bar", "Baz"]
    assert Str.length("Laravel") == 7
    assert Str.lower("ABC") == "abc"
    assert Str.upper("abc") == "ABC"
    assert Str.is_ascii("abc")
    assert not Str.is_ascii("é")


def test_words_on_a_huge_single_word_is_fast_and_unchanged() -> None:
    text = "a" * 100_000 + " b"
    assert Str.words(text, 1) == "a" * 100_000 + "..."


def test_create_uuids_using_a_factory() -> None:
    Str.create_uuids_using(lambda: "fixed-uuid")
    assert Str.uuid() == "fixed-uuid"
    assert Str.uuid7() == "fixed-uuid"
    Str.create_uuids_using(None)
    assert Str.is_uuid(Str.uuid())


def test_freeze_uuids_returns_the_frozen_value() -> None:
    frozen = Str.freeze_uuids()
    assert Str.uuid() == frozen
    assert Str.ordered_uuid() == frozen


def test_freeze_ulids_and_random_strings() -> None:
    frozen = Str.freeze_ulids()
    assert Str.ulid() == frozen
    Str.create_random_strings_using(lambda length: "x" * length)
    assert Str.random(3) == "xxx"


@pytest.mark.parametrize(
    ("func", "args", "expected"),
    [
        (Str.ucwords, ("hello wORLD  again",), "Hello WORLD  Again"),
        (Str.numbers, ("(555) 123-4567",), "5551234567"),
        (Str.char_at, ("Laravel", 1), "a"),
        (Str.char_at, ("Laravel", -1), "l"),
        (Str.char_at, ("Laravel", 7), None),
        (Str.repeat, ("ab", 3), "ababab"),
        (Str.replace_matches, (r"\d+", "#", "a1b22"), "a#b#"),
        (Str.word_wrap, ("The quick brown fox", 10), "The quick\nbrown fox"),
        (Str.word_wrap, ("The quick brown fox", 10, "<br>"), "The quick<br>brown fox"),
    ],
)
def test_more_helpers(func: Any, args: tuple[Any, ...], expected: Any) -> None:
    assert func(*args) == expected
