"""``isolated_facades()``: a block's swaps, fakes and cached defaults end with it."""

from __future__ import annotations

from lararust_support import Facade, get_facade_resolver, isolated_facades, set_facade_resolver


class Mailer:
    def __init__(self, name: str = "default") -> None:
        self.name = name


def test_a_swap_made_inside_ends_with_the_block() -> None:
    mail = Facade("mail.iso1", Mailer)
    with isolated_facades():
        mail.swap(Mailer("fake"))
        assert mail.resolve().name == "fake"
    assert not mail.is_swapped
    assert mail.resolve().name == "default"


def test_a_swap_made_before_is_put_back() -> None:
    mail = Facade("mail.iso2", Mailer)
    outer = mail.swap(Mailer("outer"))
    with isolated_facades():
        mail.clear()
        mail.swap(Mailer("inner"))
    assert mail.resolve() is outer


def test_a_cached_default_made_inside_is_dropped() -> None:
    mail = Facade("mail.iso3", Mailer)
    with isolated_facades():
        first = mail.resolve()
    assert mail.resolve() is not first


def test_a_facade_created_inside_is_cleared() -> None:
    with isolated_facades():
        mail = Facade("mail.iso4", Mailer)
        mail.swap(Mailer("fake"))
    assert not mail.is_swapped


def test_the_resolver_is_restored() -> None:
    before = get_facade_resolver()
    with isolated_facades():
        set_facade_resolver(lambda accessor: Mailer(accessor))
    assert get_facade_resolver() is before
