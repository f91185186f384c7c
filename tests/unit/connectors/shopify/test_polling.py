"""shopify.order_updated_polling: the cursor logic against the simulator."""

from __future__ import annotations

import jsonschema
import pytest

from connectors.sdk import PollContext
from connectors.shopify import simulated_store
from connectors.shopify.client import ShopifyClient
from connectors.shopify.polling import order_updated_polling, order_version, updated_since


class Clock:
    def __init__(self, at: str) -> None:
        self.at = at

    def __call__(self) -> str:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    clock = Clock("2026-11-27T04:00:00Z")
    monkeypatch.setattr(simulated_store, "now", clock)
    return clock


def poll(shopify_sim, cursor):
    ctx = PollContext(flow_id="f", node_id="orders", credential=shopify_sim.credential())
    return order_updated_polling.poll(ctx, {}, cursor)


def test_the_search_is_inclusive_because_shopify_times_have_one_second_resolution():
    assert updated_since("2026-11-27T04:25:05Z") == "updated_at:>='2026-11-27T04:25:05Z'"
    assert updated_since("2026-11-27T05:25:05+01:00") == "updated_at:>='2026-11-27T04:25:05Z'"


def test_a_poll_returns_orders_changed_since_the_cursor_oldest_first_and_the_newest_change(shopify_sim, clock):
    clock.at = "2026-11-27T03:59:00Z"
    shopify_sim.create_order(email="before@example.com")
    clock.at = "2026-11-27T04:00:10Z"
    first = shopify_sim.create_order(email="a@example.com")
    clock.at = "2026-11-27T04:00:20Z"
    shopify_sim.create_order(email="b@example.com")
    clock.at = "2026-11-27T04:00:30Z"
    ShopifyClient(shopify_sim.credential()).add_order_tags(first["admin_graphql_api_id"], ["vip"])

    orders, cursor = poll(shopify_sim, "2026-11-27T04:00:00Z")
    assert [o["email"] for o in orders] == ["b@example.com", "a@example.com"]  # by updatedAt
    assert cursor == "2026-11-27T04:00:30Z"
    assert order_version(orders[-1]) == f"{first['admin_graphql_api_id']}@2026-11-27T04:00:30Z"
    for order in orders:  # what a run's trigger step shows
        jsonschema.validate(order, order_updated_polling.output_schema)


def test_a_poll_with_nothing_new_keeps_the_cursor(shopify_sim, clock):
    orders, cursor = poll(shopify_sim, "2026-11-27T04:00:00Z")
    assert orders == []
    assert cursor == "2026-11-27T04:00:00Z"


def test_the_order_at_the_cursor_comes_back_with_the_same_key(shopify_sim, clock):
    clock.at = "2026-11-27T04:00:10Z"
    shopify_sim.create_order()
    orders, cursor = poll(shopify_sim, "2026-11-27T04:00:00Z")
    again, same = poll(shopify_sim, cursor)
    assert [order_version(o) for o in again] == [order_version(o) for o in orders]
    assert same == cursor
