"""Simulator lookups: Shopify's search syntax for times (`updated_at:>='…'`) and the subscriptions filter."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

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


def webhook_subscriptions(
    subscriptions: Mapping[str, dict[str, Any]],
    *,
    topics: list[str] | None = None,
    callbackUrl: str | None = None,  # the schema's argument name
    **_: Any,
) -> list[dict[str, Any]]:
    """`webhookSubscriptions(topics:, callbackUrl:)`: the shop's subscriptions, filtered as Shopify filters them."""
    return [
        s
        for s in subscriptions.values()
        if (not topics or s["topic"] in topics) and (callbackUrl is None or s["callbackUrl"] == callbackUrl)
    ]
