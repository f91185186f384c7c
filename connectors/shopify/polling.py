"""Shopify polling: orders updated since the cursor, for shops whose webhooks cannot reach Dovetail.

The cursor is the newest `updatedAt` seen (activation time at first). The search is inclusive
(`updated_at:>=`): Shopify's timestamps have one-second resolution, so a strict `>` would miss an
order updated in the same second as the cursor. The order at the cursor comes back on the next
poll and its dedup key (`<gid>@<updatedAt>`) drops it; an order that changes gets a new
`updatedAt`, so a new key, and fires again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from connectors.sdk import PollContext, PollingTrigger, polling_trigger
from connectors.sdk.files import json_loader
from connectors.shopify.client import ShopifyClient

schemas = json_loader(__file__, "schemas")
samples = json_loader(__file__, "samples")
# At most this many orders per poll; the cursor moves to the last one and the next poll goes on from there.
MAX_ORDERS_PER_POLL = 250
# A poll usually finds little, and every poll requests its page's full cost (2 + 25 orders x 15 points
# = 377 of the shop's 2,000), so pages are smaller than a search's.
POLL_PAGE = 25


def _timestamp(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _shopify_time(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def updated_since(cursor: str) -> str:
    """The search for orders updated at or after `cursor` (an ISO 8601 UTC time)."""
    return f"updated_at:>='{_shopify_time(_timestamp(cursor))}'"


def poll_orders(ctx: PollContext, config: Mapping[str, Any], cursor: str) -> tuple[list[dict[str, Any]], str]:
    """Orders updated at or after the cursor, oldest change first, and the newest `updatedAt` as the next cursor."""
    if not ctx.credential:
        raise ValueError("the Shopify polling trigger needs a Shopify credential on the node")
    client = ShopifyClient(ctx.credential, timeout_s=ctx.timeout_s, log=ctx.http_log)
    orders = list(
        client.search_orders(
            query=updated_since(cursor),
            max_items=MAX_ORDERS_PER_POLL,
            sort_key="UPDATED_AT",
            reverse=False,
            page_size=POLL_PAGE,
        )
    )
    newest = max([_timestamp(cursor), *(_timestamp(o["updatedAt"]) for o in orders)])
    return orders, _shopify_time(newest)


def order_version(order: Mapping[str, Any]) -> str:
    """One key per order and change: the same order updated later is a new item."""
    return f"{order['id']}@{order['updatedAt']}"


order_updated_polling: PollingTrigger = polling_trigger(
    poll=poll_orders,
    item_id=order_version,
    interval_s=300,
    min_interval_s=60,
    key="shopify.order_updated_polling",
    title="Order created or updated (polling)",
    description="Checks the shop for orders created or changed since the last check, every few minutes. "
    "Use it where Shopify's webhooks cannot reach Dovetail; each change starts one run.",
    icon="shopify.svg",
    credential="shopify",
    output_schema=schemas("graphql_order.json"),
    sample=samples("graphql_order.json"),
)

ALL = (order_updated_polling,)
