"""The GraphQL shapes the simulated shop answers with: connections, money bags, user errors, times, ids."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from graphql import GraphQLError

SEARCH_TERM = re.compile(r'(\w+):(?:"((?:[^"\\]|\\.)*)"|(\S+))')
CURRENCY = "USD"


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def legacy_id(gid: str) -> int:
    """The number at the end of a gid (gid://shopify/Order/1001 -> 1001), as REST payloads carry it."""
    return int(gid.rsplit("/", 1)[1].split("?", 1)[0])


def amount(value: Decimal | str | int) -> str:
    """Shopify's Decimal scalar for money: two places, as a string."""
    return f"{Decimal(value):.2f}"


def money_bag(value: Decimal | str | int) -> dict[str, Any]:
    """A MoneyBag in the shop's currency (shop and presentment money alike: one currency here)."""
    money = {"amount": amount(value), "currencyCode": CURRENCY}
    return {"shopMoney": money, "presentmentMoney": dict(money)}


def user_error(field: list[str] | None, message: str, code: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"field": field, "message": message}
    return error | ({"code": code} if code else {})


def connection(nodes: list[dict[str, Any]], first: int | None = None, after: str | None = None, **_: Any) -> dict:
    """A Relay connection over `nodes`; cursors are the base64 of the position."""
    start = int(base64.b64decode(after).decode()) + 1 if after else 0
    if first is not None and first > 250:
        raise GraphQLError("The first argument cannot exceed 250.", extensions={"code": "MAX_COST_EXCEEDED"})
    page = nodes[start : start + first if first is not None else None]
    cursors = [base64.b64encode(str(start + i).encode()).decode() for i in range(len(page))]
    return {
        "nodes": page,
        "edges": [{"node": node, "cursor": cursor} for node, cursor in zip(page, cursors, strict=True)],
        "pageInfo": {
            "hasNextPage": start + len(page) < len(nodes),
            "hasPreviousPage": start > 0,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
        },
    }


def search_terms(query: str | None) -> list[tuple[str, str]]:
    """`financial_status:paid sku:"A B"` -> [("financial_status", "paid"), ("sku", "A B")]."""
    return [
        (m[1].lower(), (m[2] if m[2] is not None else m[3]).replace('\\"', '"'))
        for m in SEARCH_TERM.finditer(query or "")
    ]
