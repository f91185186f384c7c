"""The simulator's reading of Shopify's search syntax for times (`updated_at:>='2026-11-27T04:25:05Z'`)."""

from __future__ import annotations

import re
from datetime import datetime

from graphql import GraphQLError

TIME_TERM = re.compile(r"(>=|<=|>|<)?'?([0-9][0-9T:.+Z-]*)'?")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def time_matches(value: str, term: str) -> bool:
    """Whether the time `value` passes `term`: `>'2026-11-27T04:25:05Z'`, `<=2026-11-27T04:25:05Z`, or equality."""
    match = TIME_TERM.fullmatch(term)
    if match is None:
        raise GraphQLError(f"Invalid search time: {term}")
    op, when, at = match[1] or "=", _parse(match[2]), _parse(value)
    return {"=": at == when, ">": at > when, ">=": at >= when, "<": at < when, "<=": at <= when}[op]
