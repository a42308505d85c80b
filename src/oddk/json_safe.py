"""JSON read with a stated limit on nesting, so that no file or request can stall or break
the kit: JSON nested deeper than MAX_DEPTH levels (objects and lists in each other) is
refused with a plain message instead of a RecursionError deep inside a library.

Real data nests a few levels (GeoJSON's MultiPolygon coordinates: 5); 100 leaves room for
any API answer and none for a hostile file.

    >>> loads('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> try:
    ...     loads("[" * 200 + "]" * 200)
    ... except TooDeep as e:
    ...     print(e.limit)
    100
"""

from __future__ import annotations

import json

__all__ = ["MAX_DEPTH", "TooDeep", "loads", "depth_over"]

MAX_DEPTH = 100


class TooDeep(ValueError):
    """JSON nested beyond the limit."""

    def __init__(self, limit: int = MAX_DEPTH):
        super().__init__(f"The JSON is nested deeper than {limit} levels (objects or lists inside "
                         f"each other); the kit reads up to {limit}.")
        self.limit = limit


def depth_over(doc, limit: int = MAX_DEPTH) -> bool:
    """Is `doc` (parsed JSON) nested deeper than `limit`? Walks the containers without
    recursion and stops at the first that is too deep."""
    stack = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def loads(text, max_depth: int = MAX_DEPTH):
    """json.loads, refusing JSON nested deeper than `max_depth` with `TooDeep`."""
    try:
        doc = json.loads(text)
    except RecursionError:
        raise TooDeep(max_depth) from None
    if depth_over(doc, max_depth):
        raise TooDeep(max_depth)
    return doc
