"""Singular forms of English resource names (``photos`` -> ``photo``) for resource parameters."""

from __future__ import annotations

_IRREGULAR = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "teeth": "tooth",
    "feet": "foot",
    "mice": "mouse",
    "geese": "goose",
    "data": "datum",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "analyses": "analysis",
    "statuses": "status",
    "news": "news",
    "series": "series",
    "species": "species",
    "media": "media",
}


def singular(word: str) -> str:
    """The singular of a plural English noun, good enough for resource parameter names."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if lower.endswith("ies") and len(lower) > 3:
        return word[:-3] + "y"
    if lower.endswith("ves") and lower[:-3] in {"lea", "hal", "wol", "shel", "thie", "kni"}:
        return word[:-3] + ("fe" if lower.startswith("kni") else "f")
    for suffix in ("sses", "shes", "ches", "xes", "zzes", "oes"):
        if lower.endswith(suffix):
            return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
