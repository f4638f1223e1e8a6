"""The compiled route table: a tree of path segments, walked once per request.

Rules: the table is built once from the route list (rebuilt only when routes change). A node
holds a dict of static children (one lookup, whatever the number of routes), then parameter
edges grouped by constraint, then "tail" edges (a parameter allowed to span ``/``). Static
beats parameter; among parameter edges, the first registered wins, and the walk backtracks so
``GET /users/create`` and ``PUT /users/{id}`` coexist. Fully static paths also sit in one dict
so the most common routes are a single lookup. Matching allocates only the list of segments
and the values it captured.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import RouteConflictError, RouteDefinitionError
from ._uri import Param, Segment, required_count

_DEFAULT_PARAM = "[^/]+"


class Endpoint:
    """What a leaf holds for one method: the route and the names of the captured values."""

    __slots__ = ("names", "route")

    def __init__(self, route: Any, names: tuple[str, ...]) -> None:
        self.route = route
        self.names = names


Leaf = dict[str, Endpoint]


class _Node:
    __slots__ = ("leaf", "params", "static", "tails")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        # (regex or None, group names or None, child): a None regex accepts any segment.
        self.params: list[tuple[re.Pattern[str] | None, tuple[str, ...] | None, _Node]] = []
        self.tails: list[tuple[re.Pattern[str], Leaf]] = []
        self.leaf: Leaf | None = None


def _spans_slash(pattern: str) -> bool:
    return re.fullmatch(pattern, "a/b") is not None


class _Tree:
    """One tree of paths (the routes without a domain, or the routes of one domain)."""

    __slots__ = ("exact", "forks", "root", "static_paths")

    def __init__(self) -> None:
        self.root = _Node()
        self.static_paths: dict[str, Leaf] = {}
        # The same leaves by the path as requested in its plain form ("/users", "/").
        self.exact: dict[str, Leaf] = {}
        # Whether some node offers a path a choice (a static child and a parameter edge, two
        # parameter edges, or a tail): only then can backtracking find what _descend missed.
        self.forks = False

    def insert(self, segments: tuple[Segment, ...], patterns: Mapping[str, str]) -> Leaf:
        node = self.root
        last = len(segments) - 1
        for index, segment in enumerate(segments):
            whole = segment.whole
            if segment.static:
                text = segment.text
                parent = node
                node = node.static.setdefault(text, _Node())
            elif whole is not None:
                pattern = patterns.get(whole.name)
                if pattern is not None and _spans_slash(pattern):
                    self.forks = True
                    return self._tail(node, pattern, whole, index == last)
                parent = node
                node = self._edge(node, pattern, None)
            else:
                source, names = _mixed_regex(segment, patterns)
                parent = node
                node = self._edge(node, source, names)
            if (parent.static and parent.params) or len(parent.params) > 1:
                self.forks = True
        if node.leaf is None:
            node.leaf = {}
        if all(s.static for s in segments):
            key = "/".join(s.text for s in segments)
            self.static_paths[key] = node.leaf
            self.exact["/" + key] = node.leaf
        return node.leaf

    @staticmethod
    def _edge(node: _Node, source: str | None, names: tuple[str, ...] | None) -> _Node:
        for regex, _names, child in node.params:
            if (regex.pattern if regex is not None else None) == source and _names == names:
                return child
        child = _Node()
        node.params.append((re.compile(source) if source is not None else None, names, child))
        return child

    @staticmethod
    def _tail(node: _Node, pattern: str, param: Param, is_last: bool) -> Leaf:
        if not is_last:
            raise RouteDefinitionError(
                f"Parameter [{param.name}] may contain '/' (pattern {pattern!r}) so it must be "
                "the last segment of its URI"
            )
        for regex, existing in node.tails:
            if regex.pattern == pattern:
                return existing
        leaf: Leaf = {}
        node.tails.append((re.compile(pattern), leaf))
        return leaf


def _mixed_regex(segment: Segment, patterns: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    """A regex for a segment mixing text and parameters (``{name}.{ext}``)."""
    pieces: list[str] = []
    names: list[str] = []
    params = segment.params
    for part in segment.parts:
        if isinstance(part, str):
            pieces.append(re.escape(part))
            continue
        group = f"p{len(names)}"
        lazy = "[^/]+?" if part is not params[-1] else _DEFAULT_PARAM
        pieces.append(f"(?P<{group}>{patterns.get(part.name, lazy)})")
        names.append(group)
    return "".join(pieces), tuple(names)


def _descend(root: _Node, segs: list[str], vals: list[str], method: str) -> Endpoint | None:
    """The common case in one loop: static child first, else the first parameter edge that
    accepts the segment, never backtracking. None sends the caller to the full ``_walk``."""
    node = root
    for seg in segs:
        child = node.static.get(seg)
        if child is None:
            if not seg:
                return None
            for regex, names, candidate in node.params:
                if regex is None:
                    vals.append(seg)
                    child = candidate
                    break
                m = regex.fullmatch(seg)
                if m is not None:
                    if names is None:
                        vals.append(seg)
                    else:
                        vals.extend(m.group(g) for g in names)
                    child = candidate
                    break
            else:
                return None
        node = child
    leaf = node.leaf
    if leaf is None:
        return None
    found = leaf.get(method)
    if found is None and method == "HEAD":
        found = leaf.get("GET")
    return found


def _walk(
    node: _Node, segs: list[str], i: int, n: int, vals: list[str], method: str
) -> Endpoint | None:
    """Depth-first search for the first endpoint of ``method``; ``vals`` collects captures."""
    if i == n:
        leaf = node.leaf
        if leaf is not None:
            found = leaf.get(method)
            if found is None and method == "HEAD":
                found = leaf.get("GET")
            return found
        return None
    seg = segs[i]
    child = node.static.get(seg)
    if child is not None:
        found = _walk(child, segs, i + 1, n, vals, method)
        if found is not None:
            return found
    if seg:
        for regex, names, child in node.params:
            if regex is None:
                vals.append(seg)
                found = _walk(child, segs, i + 1, n, vals, method)
                if found is not None:
                    return found
                vals.pop()
                continue
            m = regex.fullmatch(seg)
            if m is None:
                continue
            if names is None:
                vals.append(seg)
            else:
                vals.extend(m.group(g) for g in names)
            found = _walk(child, segs, i + 1, n, vals, method)
            if found is not None:
                return found
            del vals[len(vals) - (1 if names is None else len(names)) :]
    if node.tails:
        rest = "/".join(segs[i:])
        for regex, leaf in node.tails:
            if regex.fullmatch(rest) is not None:
                found = leaf.get(method)
                if found is None and method == "HEAD":
                    found = leaf.get("GET")
                if found is not None:
                    vals.append(rest)
                    return found
    return None


def _allowed(node: _Node, segs: list[str], i: int, n: int, out: set[str]) -> None:
    """Collect every method some route accepts for this path (the slow 404/405 path)."""
    if i == n:
        if node.leaf:
            out.update(node.leaf)
        return
    seg = segs[i]
    child = node.static.get(seg)
    if child is not None:
        _allowed(child, segs, i + 1, n, out)
    if seg:
        for regex, _names, child in node.params:
            if regex is None or regex.fullmatch(seg) is not None:
                _allowed(child, segs, i + 1, n, out)
    if node.tails:
        rest = "/".join(segs[i:])
        for regex, leaf in node.tails:
            if regex.fullmatch(rest) is not None:
                out.update(leaf)


class Matcher:
    """Routes compiled for matching: ``match(method, path, host)`` -> endpoint and values."""

    __slots__ = ("_default", "_hosts", "exact", "fallbacks", "hosts")

    def __init__(self) -> None:
        self._default = _Tree()
        self._hosts: list[tuple[re.Pattern[str], tuple[str, ...], _Tree]] = []
        self.hosts = False  # whether some route has a domain (only then is the host read)
        #: Leaves of the fully static paths without a domain, by the plain path ("/users"):
        #: while ``hosts`` is false, ``exact[path][method]`` is what ``match`` finds first.
        self.exact = self._default.exact
        #: The fallback routes, most specific first: (prefix, host regex or None, domain
        #: parameter names, route).
        self.fallbacks: list[tuple[str, re.Pattern[str] | None, tuple[str, ...], Any]] = []

    def add(
        self,
        route: Any,
        methods: Iterable[str],
        segments: tuple[Segment, ...],
        patterns: Mapping[str, str],
        domain: str | None = None,
    ) -> None:
        """Insert every variant of a route (one per omitted trailing optional parameter)."""
        tree, domain_names = self._tree_for(domain, patterns)
        first = required_count(segments)
        for end in range(first, len(segments) + 1):
            variant = segments[:end]
            names = domain_names + tuple(p.name for s in variant for p in s.params)
            leaf = tree.insert(variant, patterns)
            for method in methods:
                if method in leaf:
                    raise RouteConflictError(_conflict(method, leaf[method].route, route))
                leaf[method] = Endpoint(route, names)

    def _tree_for(
        self, domain: str | None, patterns: Mapping[str, str]
    ) -> tuple[_Tree, tuple[str, ...]]:
        if domain is None:
            return self._default, ()
        source, names = _domain_regex(domain, patterns)
        for regex, _names, tree in self._hosts:
            if regex.pattern == source:
                return tree, names
        tree = _Tree()
        self._hosts.append((re.compile(source, re.IGNORECASE), names, tree))
        self.hosts = True
        return tree, names

    def add_fallback(
        self, route: Any, prefix: str, patterns: Mapping[str, str], domain: str | None
    ) -> None:
        """Add a fallback answering for paths under ``prefix`` (and, given, ``domain``'s hosts).

        Call in order, most specific first: ``fallback`` takes the first that applies."""
        if domain is None:
            self.fallbacks.append((prefix, None, (), route))
            return
        source, names = _domain_regex(domain, patterns)
        self.fallbacks.append((prefix, re.compile(source, re.IGNORECASE), names, route))
        self.hosts = True  # the host must be read for this fallback to be chosen

    def fallback(self, path: str, host: str) -> tuple[Any, dict[str, str]] | None:
        """The fallback route for ``path`` on ``host`` and its domain parameters, or None."""
        key = path.strip("/")
        for prefix, regex, names, route in self.fallbacks:
            if prefix and key != prefix and not key.startswith(prefix + "/"):
                continue
            if regex is None:
                return route, {}
            m = regex.fullmatch(host)
            if m is not None:
                return route, {name: m.group(f"d{i}") for i, name in enumerate(names)}
        return None

    def match(self, method: str, path: str, host: str, vals: list[str]) -> Endpoint | None:
        """The endpoint for ``method`` and ``path`` (trailing slash ignored) or None.

        The captured values are appended to ``vals`` (domain parameters first)."""
        key = path.strip("/")
        if self._hosts:
            for regex, _names, tree in self._hosts:
                m = regex.fullmatch(host)
                if m is not None:
                    vals.extend(m.group(f"d{i}") for i in range(len(_names)))
                    found = self._match_tree(tree, method, key, vals)
                    if found is not None:
                        return found
                    vals.clear()
        # _match_tree inlined for the default tree: this is the per-request hot path.
        tree = self._default
        leaf = tree.static_paths.get(key)
        if leaf is not None:
            found = leaf.get(method)
            if found is not None:
                return found
            if method == "HEAD":
                found = leaf.get("GET")
                if found is not None:
                    return found
        segs = key.split("/") if key else []
        # _descend inlined (one call less per parameter route), kept in step with it.
        node = tree.root
        for seg in segs:
            child = node.static.get(seg)
            if child is None:
                if not seg:
                    break
                for edge, names, candidate in node.params:
                    if edge is None:
                        vals.append(seg)
                        child = candidate
                        break
                    m = edge.fullmatch(seg)
                    if m is not None:
                        if names is None:
                            vals.append(seg)
                        else:
                            vals.extend(m.group(g) for g in names)
                        child = candidate
                        break
                else:
                    break
            node = child
        else:
            leaf = node.leaf
            if leaf is not None:
                found = leaf.get(method)
                if found is None and method == "HEAD":
                    found = leaf.get("GET")
                if found is not None:
                    return found
        vals.clear()
        if not tree.forks:
            return None  # no choice anywhere: the descent's answer is the walk's
        return _walk(tree.root, segs, 0, len(segs), vals, method)

    @staticmethod
    def _match_tree(tree: _Tree, method: str, key: str, vals: list[str]) -> Endpoint | None:
        leaf = tree.static_paths.get(key)
        if leaf is not None:
            found = leaf.get(method)
            if found is None and method == "HEAD":
                found = leaf.get("GET")
            if found is not None:
                return found
        segs = key.split("/") if key else []
        mark = len(vals)
        found = _descend(tree.root, segs, vals, method)
        if found is not None:
            return found
        del vals[mark:]
        if not tree.forks:
            return None
        return _walk(tree.root, segs, 0, len(segs), vals, method)

    def allowed(self, path: str, host: str = "") -> set[str]:
        """Every method accepted for ``path`` (empty when the path matches nothing)."""
        key = path.strip("/")
        segs = key.split("/") if key else []
        out: set[str] = set()
        if not self._hosts and not self._default.forks:
            # No choice anywhere: at most one leaf takes the path, found in one descent.
            node: _Node | None = self._default.root
            for seg in segs:
                assert node is not None
                child = node.static.get(seg)
                if child is None and seg:
                    for edge, _names, candidate in node.params:
                        if edge is None or edge.fullmatch(seg) is not None:
                            child = candidate
                            break
                node = child
                if node is None:
                    return out
            if node is not None and node.leaf:
                out.update(node.leaf)
            return out
        for regex, _names, tree in self._hosts:
            if regex.fullmatch(host) is not None:
                _allowed(tree.root, segs, 0, len(segs), out)
        _allowed(self._default.root, segs, 0, len(segs), out)
        return out


def _domain_regex(domain: str, patterns: Mapping[str, str]) -> tuple[str, tuple[str, ...]]:
    from ._uri import PARAM_RE

    pieces: list[str] = []
    names: list[str] = []
    pos = 0
    for m in PARAM_RE.finditer(domain):
        pieces.append(re.escape(domain[pos : m.start()]))
        pieces.append(f"(?P<d{len(names)}>{patterns.get(m.group(1), '[^.]+')})")
        names.append(m.group(1))
        pos = m.end()
    pieces.append(re.escape(domain[pos:]))
    # A port never takes part in domain routing.
    return "".join(pieces) + r"(?::\d+)?", tuple(names)


def _conflict(method: str, first: Any, second: Any) -> str:
    return (
        f"Route conflict: {method} {second.display_uri()} ({second.location}) duplicates "
        f"{method} {first.display_uri()} ({first.location})"
    )
