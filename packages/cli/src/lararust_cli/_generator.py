"""Write a class from a stub: name normalisation, app overrides in ``stubs/``, no silent overwrite.

Rules: a stub is looked up first in the app's ``stubs/`` folder (``lararust stub:publish``
copies them there), then in this package; ``{{ key }}`` placeholders are filled, unknown ones
left alone. Names may carry folders (``Admin/User`` or ``admin.user``): each becomes a package
under the target folder (``__init__.py`` written). A file that exists is kept unless ``force``.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass
from pathlib import Path

from ._errors import CommandError

STUBS = Path(__file__).parent / "stubs"
_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z]|\d|\b)|[A-Z]?[a-z]+|[A-Z]+|\d+")


@dataclass(frozen=True)
class ClassName:
    """A normalised class name with its folders: ``Admin/user`` -> (``admin``,), ``User``."""

    folders: tuple[str, ...]
    cls: str

    @property
    def module(self) -> str:
        """The module's file stem (``UserController`` -> ``user_controller``)."""
        return snake(self.cls)


def studly(text: str) -> str:
    """``user_profile``/``user-profile``/``userProfile`` -> ``UserProfile``."""
    return "".join(w[:1].upper() + w[1:] for w in _words(text))


def snake(text: str) -> str:
    """``UserProfile`` -> ``user_profile``; ``HTTPClient`` -> ``http_client``."""
    return "_".join(w.lower() for w in _words(text))


def kebab(text: str) -> str:
    """``SendEmails`` -> ``send-emails``."""
    return snake(text).replace("_", "-")


def _words(text: str) -> list[str]:
    words: list[str] = []
    for chunk in re.split(r"[^A-Za-z0-9]+", text):
        words += _WORD.findall(chunk)
    return words


def parse_name(raw: str, suffix: str = "") -> ClassName:
    """Normalise a user-typed name, appending ``suffix`` when it is missing."""
    parts = [p for p in re.split(r"[/\\.]", raw.strip()) if p]
    if not parts:
        raise CommandError("the name is empty")
    for part in parts:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            raise CommandError(
                f"{raw!r} is not a valid name: use letters, digits and _ "
                "(folders with / or .), starting with a letter"
            )
    cls = studly(parts[-1])
    if suffix and not cls.endswith(suffix):
        cls += suffix
    folders = tuple(snake(p) for p in parts[:-1])
    for word in (*folders, snake(cls)):
        if keyword.iskeyword(word):
            raise CommandError(f"{raw!r} would make a module named {word!r}, a Python keyword")
    return ClassName(folders, cls)


def render_stub(root: Path, stub: str, values: dict[str, str]) -> str:
    """Fill the stub ``stub`` (the app's copy when it has one)."""
    path = root / "stubs" / stub
    if not path.is_file():
        path = STUBS / stub
    if not path.is_file():
        raise CommandError(f"no stub named {stub!r} in {root / 'stubs'} or {STUBS}")
    text = path.read_text("utf-8")
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def write_class(root: Path, folder: str, name: ClassName, text: str, force: bool) -> Path:
    """Write ``text`` as the module of ``name`` under ``folder``; return the file written."""
    directory = root / folder
    for part in name.folders:
        directory = directory / part
    target = directory / f"{name.module}.py"
    if target.exists() and not force:
        raise CommandError(
            f"{target.relative_to(root)} already exists; pass --force to overwrite it"
        )
    directory.mkdir(parents=True, exist_ok=True)
    _ensure_packages(root / folder, directory)
    target.write_text(text, "utf-8")
    return target


def _ensure_packages(top: Path, directory: Path) -> None:
    """Make every folder from ``top`` down to ``directory`` an importable package."""
    current = directory
    while True:
        init = current / "__init__.py"
        if not init.exists():
            init.write_text("", "utf-8")
        if current == top or top not in current.parents:
            break
        current = current.parent


def import_path(folder: str, name: ClassName) -> str:
    """The dotted module path of a generated class (``app.http.controllers.photo_controller``)."""
    return ".".join([*Path(folder).parts, *name.folders, name.module])
