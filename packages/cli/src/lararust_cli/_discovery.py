"""Find every command without importing the packages that ship them.

Three sources, later ones overriding earlier ones by name: the ``lararust.commands`` entry
points of installed distributions, the app's ``app/console/commands/*.py`` classes and the
app's ``routes/console.py`` closure commands. Listing reads entry-point metadata and parses
source files with :mod:`ast` (a description is a string literal on the class, or its
docstring's first line); only the command that runs is imported.
"""

from __future__ import annotations

import ast
import importlib.machinery
import importlib.metadata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

GROUP = "lararust.commands"
APP_COMMANDS = Path("app") / "console" / "commands"
CONSOLE_ROUTES = Path("routes") / "console.py"


@dataclass(frozen=True)
class CommandEntry:
    """Where a command lives: ``module:attr``, or a closure of ``routes/console.py``."""

    name: str
    target: str
    origin: str
    path: Path | None = field(default=None, compare=False)

    @property
    def namespace(self) -> str:
        """The part before the colon (``make`` of ``make:controller``); empty when none."""
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    def description(self) -> str:
        """Read the one-line description statically (no import); empty when unknown."""
        path = self.path or _module_file(self.target.partition(":")[0])
        if path is None:
            return ""
        attr = self.target.partition(":")[2]
        if self.origin == "closure":
            return _closure_descriptions(path).get(self.name, "")
        return _class_description(path, attr)


def discover(root: Path | None) -> dict[str, CommandEntry]:
    """Return every command by name (app commands override packages' of the same name)."""
    found: dict[str, CommandEntry] = {}
    names: dict[int, str] = {}
    # Reading a distribution's name parses its whole METADATA file: do it once per
    # distribution, not twice per entry point (~70 of them once the ORM is installed).
    origins = [(ep, _dist_name(ep, names)) for ep in importlib.metadata.entry_points(group=GROUP)]
    for ep, origin in sorted(origins, key=lambda pair: pair[1]):
        found.setdefault(ep.name, CommandEntry(ep.name, ep.value, origin))
    if root is not None:
        found.update(_app_commands(root))
        found.update(_closure_commands(root))
    return found


def _dist_name(ep: importlib.metadata.EntryPoint, cache: dict[int, str]) -> str:
    # lararust-cli sorts first so a package cannot silently replace a built-in command.
    dist = ep.dist
    if dist is None:
        return "?"
    name = cache.get(id(dist))
    if name is None:
        name = cache[id(dist)] = dist.name
    return "" if name == "lararust-cli" else name


def _app_commands(root: Path) -> dict[str, CommandEntry]:
    folder = root / APP_COMMANDS
    found: dict[str, CommandEntry] = {}
    if not folder.is_dir():
        return found
    for file in sorted(folder.glob("*.py")):
        if file.name.startswith("_"):
            continue
        module = "app.console.commands." + file.stem
        for cls, name in _command_classes(file):
            found[name] = CommandEntry(name, f"{module}:{cls}", "app", file)
    return found


def _closure_commands(root: Path) -> dict[str, CommandEntry]:
    file = root / CONSOLE_ROUTES
    if not file.is_file():
        return {}
    return {
        name: CommandEntry(name, f"{file}:{name}", "closure", file)
        for name in _closure_descriptions(file)
    }


@lru_cache(maxsize=64)
def _parse(path: Path) -> ast.Module | None:
    try:
        return ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError):
        return None  # listing skips it; an unknown command names it (see unreadable())


def unreadable(root: Path | None) -> list[str]:
    """The app's command files that cannot be parsed, each as ``path:line: error``."""
    if root is None:
        return []
    files = [*sorted((root / APP_COMMANDS).glob("*.py")), root / CONSOLE_ROUTES]
    found = []
    for file in files:
        if not file.is_file():
            continue
        try:
            ast.parse(file.read_bytes(), filename=str(file))
        except SyntaxError as exc:
            found.append(f"{file.relative_to(root)}:{exc.lineno}: {exc.msg}")
        except (OSError, ValueError) as exc:
            found.append(f"{file.relative_to(root)}: {exc}")
    return found


def _command_classes(path: Path) -> list[tuple[str, str]]:
    tree = _parse(path)
    if tree is None:
        return []
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            name = _string_attr(node, "name")
            has_handle = any(
                isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) and item.name == "handle"
                for item in node.body
            )
            if name and has_handle:
                found.append((node.name, name))
    return found


def _class_description(path: Path, cls: str) -> str:
    tree = _parse(path)
    if tree is None:
        return ""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls:
            text = _string_attr(node, "description") or ast.get_docstring(node) or ""
            return text.strip().splitlines()[0] if text.strip() else ""
    return ""


@lru_cache(maxsize=8)
def _closure_descriptions(path: Path) -> dict[str, str]:
    """Map each ``@command("name", "description")`` in a console routes file to its text."""
    tree = _parse(path)
    found: dict[str, str] = {}
    if tree is None:
        return found
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for deco in node.decorator_list:
            name, text = _closure_decorator(deco)
            if name:
                doc = ast.get_docstring(node) or ""
                found[name] = text or (doc.strip().splitlines()[0] if doc.strip() else "")
    return found


def _closure_decorator(deco: ast.expr) -> tuple[str, str]:
    if not isinstance(deco, ast.Call):
        return "", ""
    func = deco.func
    called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if called != "command" or not deco.args or not _is_str(deco.args[0]):
        return "", ""
    text = deco.args[1] if len(deco.args) > 1 else None
    for kw in deco.keywords:
        if kw.arg == "description":
            text = kw.value
    return _str(deco.args[0]), _str(text) if text is not None and _is_str(text) else ""


def _string_attr(node: ast.ClassDef, attr: str) -> str:
    for item in node.body:
        targets: list[ast.expr] = []
        if isinstance(item, ast.Assign):
            targets, value = item.targets, item.value
        elif isinstance(item, ast.AnnAssign) and item.value is not None:
            targets, value = [item.target], item.value
        if any(isinstance(t, ast.Name) and t.id == attr for t in targets) and _is_str(value):
            return _str(value)
    return ""


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _str(node: ast.expr) -> str:
    assert isinstance(node, ast.Constant)
    return str(node.value)


def _module_file(module: str) -> Path | None:
    """Locate ``a.b.c``'s source file without executing ``a/__init__.py``."""
    top, *rest = module.split(".")
    spec = importlib.machinery.PathFinder.find_spec(top)
    if spec is None:
        return None
    if not rest:
        return Path(spec.origin) if spec.origin else None
    locations = list(spec.submodule_search_locations or [])
    for i, part in enumerate(rest):
        last = i == len(rest) - 1
        next_locations = []
        for folder in map(Path, locations):
            if last and (folder / f"{part}.py").is_file():
                return folder / f"{part}.py"
            if (folder / part).is_dir():
                if last and (folder / part / "__init__.py").is_file():
                    return folder / part / "__init__.py"
                next_locations.append(str(folder / part))
        locations = next_locations
    return None
