"""How deep JSON may nest: what Dovetail accepts (webhook and API bodies) and what it stores.

Every layer below us limits nesting, each differently: SQLite's JSON functions refuse more than
1000 levels (`CHECK (JSON_VALID(...))` fails the write), PostgreSQL's parser is bounded by its
stack depth, and Python's `json`, `copy.deepcopy` and our own recursive helpers (redaction,
rendering) raise RecursionError near 1000 frames, some using two frames a level. A value that
passes one layer and fails a later one fails late: a step's write after its HTTP call, and the
call is made again. So the limit is taken once, at the edges, well under all of them:

- `MAX_DEPTH` (128): a JSON body Dovetail accepts (webhook ingress, API). Real payloads nest
  under 15 levels (a Shopify order, a Stripe event); 128 leaves room for any honest document.
- `STORED_MAX_DEPTH` (192): a step's input, output or error as written. A step wraps what it
  is given (a body rendered into an HTTP config, a response in `{status, headers, body}`), so a
  value accepted at the limit still fits after a few steps; 192 levels at two frames each stay
  far under Python's 1000 and SQLite's 1000.

Depth is measured iteratively (one level at a time), never by recursion.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 128
STORED_MAX_DEPTH = 192

_CONTAINERS = (dict, list, tuple)
_EXACT = frozenset(_CONTAINERS)


class TooDeep(ValueError):
    """A JSON document nests deeper than allowed."""

    def __init__(self, limit: int):
        super().__init__(f"the JSON nests deeper than {limit} levels (the limit)")
        self.limit = limit


def nests_deeper(value: Any, limit: int) -> bool:
    """Whether `value` has more than `limit` levels of containers (a scalar is 0, `{}` is 1).

    One level at a time, in comprehensions (the cheapest loop in CPython): ~11 µs for the 3 KB
    benchmark order, a third of parsing it. Containers are JSON's: dict, list, tuple (exact
    types for the items, which is what parsed JSON and block outputs hold).
    """
    if not isinstance(value, _CONTAINERS):
        return False
    level = [value]
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        level = [
            item
            for container in level
            for item in (container.values() if isinstance(container, dict) else container)
            if type(item) in _EXACT
        ]
    return False


def loads(text: str | bytes, *, limit: int = MAX_DEPTH) -> Any:
    """`json.loads`, refusing (TooDeep) a document nesting deeper than `limit` levels.

    A document with no more than `limit` brackets cannot nest deeper: counted in C, that is
    the whole check for most payloads. json.decoder.JSONDecodeError is raised as json.loads does.
    """
    try:
        value = json.loads(text)
    except RecursionError:
        raise TooDeep(limit) from None
    if isinstance(value, _CONTAINERS) and _brackets(text) > limit and nests_deeper(value, limit):
        raise TooDeep(limit)
    return value


def check(value: Any, *, limit: int = MAX_DEPTH) -> Any:
    """`value` itself, or TooDeep when it nests deeper than `limit` levels."""
    if nests_deeper(value, limit):
        raise TooDeep(limit)
    return value


def _brackets(text: str | bytes) -> int:
    if isinstance(text, (bytes, bytearray)):
        return text.count(b"{") + text.count(b"[")
    return text.count("{") + text.count("[")
