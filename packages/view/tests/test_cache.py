"""The compiled-template cache: on disk, keyed by content and options, recompiled on change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from lararust_view import Blade, TemplateSyntaxError

if TYPE_CHECKING:
    from conftest import Views


def compiled_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.bladec"))


def bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))


def test_render_writes_one_compiled_file(views: Views, tmp_path: Path) -> None:
    views.write("a", "A")
    blade = Blade(paths=[views.root], cache_path=tmp_path / "c")
    assert blade.render("a") == "A"
    assert len(compiled_files(tmp_path / "c")) == 1
    assert not list((tmp_path / "c").glob(".tmp-*"))  # no temporary file left behind


def test_a_new_factory_loads_the_compiled_file_without_compiling(
    views: Views, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    views.write("a", "A {{ x }}")
    Blade(paths=[views.root], cache_path=tmp_path / "c").render("a", {"x": 1})

    import lararust_view._factory as factory_module

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(factory_module, "compile_source", refuse)
    assert Blade(paths=[views.root], cache_path=tmp_path / "c").render("a", {"x": 2}) == "A 2"


def test_debug_mode_recompiles_an_edited_template(views: Views, blade: Blade) -> None:
    path = views.write("a", "old")
    assert blade.render("a") == "old"
    path.write_text("new!")
    bump_mtime(path)
    assert blade.render("a") == "new!"


def test_same_size_edit_is_caught_by_the_content_hash(views: Views, tmp_path: Path) -> None:
    path = views.write("a", "one")
    Blade(paths=[views.root], cache_path=tmp_path / "c").render("a")
    st = path.stat()
    path.write_text("two")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))
    assert Blade(paths=[views.root], cache_path=tmp_path / "c").render("a") == "two"


def test_production_mode_never_recompiles_until_cleared(views: Views, tmp_path: Path) -> None:
    path = views.write("a", "old")
    blade = Blade(paths=[views.root], cache_path=tmp_path / "c", debug=False)
    assert blade.render("a") == "old"
    path.write_text("newer")
    bump_mtime(path)
    assert blade.render("a") == "old"
    again = Blade(paths=[views.root], cache_path=tmp_path / "c", debug=False)
    assert again.render("a") == "old"  # trusted from disk
    assert again.clear_compiled() == 1
    assert again.render("a") == "newer"


def test_directives_in_force_are_part_of_the_key(views: Views, tmp_path: Path) -> None:
    views.write("a", "@hi")
    assert Blade(paths=[views.root], cache_path=tmp_path / "c").render("a") == "@hi"
    other = Blade(paths=[views.root], cache_path=tmp_path / "c")
    other.directive("hi", lambda: "hello")
    assert other.render("a") == "hello"
    assert len(compiled_files(tmp_path / "c")) == 2


def test_damaged_cache_file_is_recompiled(views: Views, tmp_path: Path) -> None:
    views.write("a", "A")
    Blade(paths=[views.root], cache_path=tmp_path / "c").render("a")
    (file,) = compiled_files(tmp_path / "c")
    file.write_bytes(b"LARABLADE1\n{not json")
    assert Blade(paths=[views.root], cache_path=tmp_path / "c").render("a") == "A"


def test_compile_all_reports_count_and_errors(views: Views, blade: Blade, tmp_path: Path) -> None:
    views.write("good", "ok")
    views.write("sub.also", "ok")
    views.write("bad", "@if(x)")
    count, errors = blade.compile_all()
    assert count == 2
    assert len(errors) == 1
    assert isinstance(errors[0], TemplateSyntaxError)
    assert len(compiled_files(tmp_path / "compiled")) == 2


def test_compiled_source_shows_the_generated_python(views: Views, blade: Blade) -> None:
    views.write("a", "{{ x }}")
    assert "def _B_render" in blade.compiled_source("a")


def test_memory_only_without_cache_path(views: Views) -> None:
    views.write("a", "A")
    assert Blade(paths=[views.root]).render("a") == "A"
