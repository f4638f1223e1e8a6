"""The errors LaraBlade raises: each names the template file and line a user can go and fix."""

from __future__ import annotations

from lararust_contracts import LaraRustError

__all__ = ["TemplateError", "TemplateNotFound", "TemplateSyntaxError", "UndefinedError"]


class TemplateError(LaraRustError):
    """Base of every template error."""


class TemplateSyntaxError(TemplateError):
    """A template that cannot compile; names the file, line, column and the offending text."""

    def __init__(
        self,
        message: str,
        filename: str,
        lineno: int,
        column: int = 0,
        source_line: str | None = None,
    ) -> None:
        self.message = message
        self.filename = filename
        self.lineno = lineno
        self.column = column
        self.source_line = source_line
        where = f"{filename}:{lineno}" + (f":{column}" if column else "")
        text = f"{where}: {message}"
        if source_line is not None:
            text += f"\n    {source_line.rstrip()}"
            if column:
                # Tabs keep their width so the caret lines up under the offending text.
                pad = "".join(c if c == "\t" else " " for c in source_line[: column - 1])
                text += f"\n    {pad}^"
        super().__init__(text)


class TemplateNotFound(TemplateError, LookupError):
    """No template of that name exists in any view path."""

    def __init__(self, name: str, tried: list[str] | None = None) -> None:
        self.name = name
        self.tried = list(tried or [])
        text = f"view {name!r} not found"
        if self.tried:
            text += " (looked for: " + ", ".join(self.tried) + ")"
        super().__init__(text)


class UndefinedError(TemplateError, NameError):
    """A template used a name the context does not define."""

    def __init__(self, name: str, template: str, lineno: int) -> None:
        super().__init__(
            f"undefined variable {name!r} in template {template}, line {lineno}"
            " (pass it in the context, share() it, or guard it with @isset)"
        )
        # After NameError.__init__, which resets ``name``.
        self.name = name
        self.template = template
        self.lineno = lineno
