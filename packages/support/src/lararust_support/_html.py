"""``HtmlString``: text that is already safe HTML and must not be escaped again."""

from __future__ import annotations

__all__ = ["HtmlString"]


class HtmlString:
    """A string of trusted HTML (Laravel's ``HtmlString``; MarkupSafe's ``__html__`` protocol).

    Templates print it as is; everything else they escape. Only wrap text you built or
    escaped yourself: wrapping user input turns off the XSS protection for it.
    """

    __slots__ = ("_html",)

    def __init__(self, html: str = "") -> None:
        if not isinstance(html, str):
            raise TypeError(f"HtmlString takes a str, got {type(html).__name__}")
        self._html = html

    def __html__(self) -> str:
        """Return the HTML (the protocol Jinja2, MarkupSafe and LaraBlade check)."""
        return self._html

    def to_html(self) -> str:
        """Return the HTML."""
        return self._html

    def is_empty(self) -> bool:
        """Whether the HTML is the empty string."""
        return not self._html

    def is_not_empty(self) -> bool:
        """Whether the HTML is not the empty string."""
        return bool(self._html)

    def __str__(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return f"HtmlString({self._html!r})"

    def __bool__(self) -> bool:
        return bool(self._html)

    def __len__(self) -> int:
        return len(self._html)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HtmlString):
            return self._html == other._html
        return NotImplemented

    def __hash__(self) -> int:
        return hash((HtmlString, self._html))

    def __add__(self, other: object) -> HtmlString:
        # Joining two trusted fragments stays trusted; anything else must be explicit.
        if isinstance(other, HtmlString):
            return HtmlString(self._html + other._html)
        return NotImplemented
