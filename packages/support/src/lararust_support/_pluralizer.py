"""English plural and singular forms (the rules of Doctrine's inflector, which Laravel uses).

Rules of this module:

- Only the last word of a compound is inflected: ``blogPost`` -> ``blogPosts``,
  ``user_person`` -> ``user_people``.
- Uncountable words (``sheep``, ``information``) and irregular ones (``child``) are checked
  before the regular rules; the regular rules are tried in order, first match wins.
- The result keeps the case of the input word: ``Person`` -> ``People``, ``PERSON`` -> ``PEOPLE``.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["plural", "singular", "uncountable"]

UNCOUNTABLE = frozenset(
    [
        "advice",
        "aircraft",
        "audio",
        "bison",
        "cattle",
        "chassis",
        "compensation",
        "coreopsis",
        "data",
        "deer",
        "education",
        "emoji",
        "equipment",
        "evidence",
        "feedback",
        "firmware",
        "fish",
        "furniture",
        "gold",
        "hardware",
        "homework",
        "information",
        "jeans",
        "jedi",
        "knowledge",
        "love",
        "luggage",
        "management",
        "metadata",
        "money",
        "moose",
        "music",
        "news",
        "nutrition",
        "offspring",
        "oil",
        "pasta",
        "plankton",
        "pokemon",
        "police",
        "rain",
        "recommended",
        "related",
        "rice",
        "series",
        "sheep",
        "software",
        "species",
        "staff",
        "swine",
        "traffic",
        "trout",
        "salmon",
        "wheat",
        "wood",
    ]
)

IRREGULAR: dict[str, str] = {
    "analysis": "analyses",
    "appendix": "appendices",
    "axis": "axes",
    "cactus": "cacti",
    "child": "children",
    "cookie": "cookies",
    "criterion": "criteria",
    "curriculum": "curricula",
    "die": "dice",
    "foot": "feet",
    "focus": "foci",
    "fungus": "fungi",
    "genus": "genera",
    "goose": "geese",
    "index": "indices",
    "leaf": "leaves",
    "louse": "lice",
    "man": "men",
    "matrix": "matrices",
    "medium": "media",
    "mouse": "mice",
    "move": "moves",
    "movie": "movies",
    "nucleus": "nuclei",
    "octopus": "octopuses",
    "ox": "oxen",
    "person": "people",
    "phenomenon": "phenomena",
    "quiz": "quizzes",
    "radius": "radii",
    "sex": "sexes",
    "stimulus": "stimuli",
    "syllabus": "syllabi",
    "thesis": "theses",
    "tooth": "teeth",
    "valve": "valves",
    "vertex": "vertices",
    "wave": "waves",
    "woman": "women",
    "zombie": "zombies",
}
IRREGULAR_SINGULAR = {v: k for k, v in IRREGULAR.items()}

_PLURAL_RULES = [
    (r"(quiz)$", r"\1zes"),
    (r"(matr|vert|ind)(ix|ex)$", r"\1ices"),
    (r"(x|ch|ss|sh|zz)$", r"\1es"),
    (r"([^aeiouy]|qu)y$", r"\1ies"),
    (r"(hive|gulf)$", r"\1s"),
    (r"(?:([^f])fe|([lr])f)$", r"\1\2ves"),
    (r"sis$", r"ses"),
    (r"([ti])um$", r"\1a"),
    (r"(buffal|tomat|potat|ech|her|vet|torped|volcan)o$", r"\1oes"),
    (r"(bu|campu|statu|viru|alia|bonu|censu|circu|plu|prospectu|surplu)s$", r"\1ses"),
    (r"(ax|test)is$", r"\1es"),
    (r"(us|ss)$", r"\1es"),
    (r"(s)$", r"\1"),
    (r"$", r"s"),
]
_SINGULAR_RULES = [
    (r"(quiz)zes$", r"\1"),
    (r"(matr)ices$", r"\1ix"),
    (r"(vert|ind)ices$", r"\1ex"),
    (r"(bu|campu|statu|viru|alia|bonu|censu|circu|plu|prospectu|surplu)ses$", r"\1s"),
    (r"(cris|test|ax)es$", r"\1is"),
    (r"^(shoe|toe|canoe|hoe|oboe|foe)s$", r"\1"),
    (r"(o)es$", r"\1"),
    (r"(x|ch|ss|sh|zz)es$", r"\1"),
    (r"(m)ovies$", r"\1ovie"),
    (r"([^aeiouy]|qu)ies$", r"\1y"),
    (r"(gulf)s$", r"\1"),
    (r"([lr])ves$", r"\1f"),
    (r"(tive|hive)s$", r"\1"),
    (r"([^fo])ves$", r"\1fe"),
    (r"(analy|ba|diagno|parenthe|progno|synop|the|ellip|cri|empha|oa)(sis|ses)$", r"\1sis"),
    (r"([ti])a$", r"\1um"),
    (r"(us)es$", r"\1"),
    (r"(ss)$", r"\1"),
    (r"s$", r""),
]
_PLURAL = [(re.compile(p), r) for p, r in _PLURAL_RULES]
_SINGULAR = [(re.compile(p), r) for p, r in _SINGULAR_RULES]

# The last word of a compound: "Post" in "blogPost", "person" in "user_person".
_LAST_WORD = re.compile(r"([A-Z]?[a-z]+|[A-Z]+)$")


def _match_case(word: str, inflected: str) -> str:
    if len(word) > 1 and word.isupper():
        return inflected.upper()
    if word[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def uncountable(word: str) -> bool:
    """Whether the last word of ``word`` has no plural (``sheep``, ``information``)."""
    match = _LAST_WORD.search(word)
    return match is not None and match.group(1).lower() in UNCOUNTABLE


def _inflect(
    value: str, irregular: dict[str, str], rules: list[tuple[re.Pattern[str], str]]
) -> str:
    match = _LAST_WORD.search(value)
    if match is None:
        return value
    word = match.group(1)
    lower = word.lower()
    if lower in UNCOUNTABLE:
        return value
    if lower in irregular:
        result = irregular[lower]
    elif lower in irregular.values():
        result = lower  # already in the wanted form ("people" stays "people")
    else:
        result = lower
        for pattern, replacement in rules:
            if pattern.search(lower):
                result = pattern.sub(replacement, lower, count=1)
                break
    return value[: match.start(1)] + _match_case(word, result)


@lru_cache(maxsize=1024)
def plural(value: str) -> str:
    """Return the English plural of ``value``'s last word (``child`` -> ``children``)."""
    return _inflect(value, IRREGULAR, _PLURAL)


@lru_cache(maxsize=1024)
def singular(value: str) -> str:
    """Return the English singular of ``value``'s last word (``children`` -> ``child``)."""
    return _inflect(value, IRREGULAR_SINGULAR, _SINGULAR)
