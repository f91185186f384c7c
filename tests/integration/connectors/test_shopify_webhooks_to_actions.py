"""Shopify webhooks beyond orders/paid, signed by the simulator, start flows that refund and update the shop."""

from __future__ import annotations

import pytest
import requests

from connectors.shopify.client import ShopifyClient
from tests.integration.connectors.shopify_flows import active_flow, run_from, webhook

pytestmark = pytest.mark.django_db


def test_a_new_order_is_partly_refunded_from_its_sale(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.order_created",
        {
            "id": "refund",
            "block": "shopify.create_refund",
            "config": {
                "order_id": "{{ trigger.admin_graphql_api_id }}",
                "line_items": [{"line_item_id": "{{ trigger.line_items[0].id }}", "quantity": 1}],
                "note": "Launch discount",
                "notify": True,
            },
        },
    )
    order = shopify.create_order(items=[{"sku": "MUG-BLUE-12OZ", "quantity": 2}])
    run = run_from(client, flow, webhook(shopify, "orders/create", lambda b: b["id"] == order["id"]))
    assert run.status == "succeeded", run.error

    state = shopify.state()
    (refund,) = state["refunds"]
    held = state["orders"][order["admin_graphql_api_id"]]
    sale, paid_back = held["transactions"]
    assert (paid_back["kind"], paid_back["amount"], paid_back["parent_id"]) == ("REFUND", "25.00", sale["id"])
    assert (held["financial"], refund["note"], refund["notify"]) == ("PARTIALLY_REFUNDED", "Launch discount", True)
    assert refund["lines"] == [
        {"line_item_id": order["line_items"][0]["admin_graphql_api_id"], "quantity": 1, "restockType": "NO_RESTOCK"}
    ]
    assert run.steps.get(node_id="refund").output["id"] == refund["id"]


def test_a_cancelled_order_is_refunded_in_full(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.order_cancelled",
        {"id": "refund", "block": "shopify.create_refund", "config": {"order_id": "{{ trigger.id }}"}},
    )
    order = shopify.create_order(items=[{"sku": "MUG-RED-12OZ", "quantity": 1}])
    # The merchant cancels in the admin without refunding; the flow refunds.
    ShopifyClient(shopify.credential()).cancel_order(order["id"], reason="CUSTOMER", refund=False, restock=True)
    run = run_from(client, flow, webhook(shopify, "orders/cancelled", lambda b: b["id"] == order["id"]))
    assert run.status == "succeeded", run.error
    held = shopify.state()["orders"][order["admin_graphql_api_id"]]
    assert held["financial"] == "REFUNDED"
    assert [(t["kind"], t["amount"]) for t in held["transactions"]] == [("SALE", "25.00"), ("REFUND", "25.00")]


def test_a_product_update_starts_a_flow_that_reads_the_product(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.product_updated",
        {"id": "read", "block": "shopify.get_product", "config": {"product_id": "{{ trigger.id }}"}},
    )
    product = next(p for p in shopify.state()["products"] if p["title"] == "Blue mug")
    requests.post(f"{shopify.url}/_sim/products/{product['id']}", json={"status": "draft"}, timeout=10)
    run = run_from(client, flow, webhook(shopify, "products/update", lambda b: b["status"] == "draft"))
    assert run.status == "succeeded", run.error
    read = run.steps.get(node_id="read").output
    assert (read["id"], read["status"], read["variants"]["nodes"][0]["sku"]) == (
        product["id"],
        "DRAFT",
        "MUG-BLUE-12OZ",
    )


def test_a_new_customer_is_tagged_by_the_flow_it_starts(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.customer_created",
        {
            "id": "tag",
            "block": "shopify.update_customer",
            "config": {"customer_id": "{{ trigger.admin_graphql_api_id }}", "tags": ["welcome-series"]},
        },
    )
    made = requests.post(shopify.url + "/_sim/customers", json={"email": "eve@example.com"}, timeout=10).json()
    run = run_from(client, flow, webhook(shopify, "customers/create", lambda b: b["id"] == made["id"]))
    assert run.status == "succeeded", run.error
    customer = next(c for c in shopify.state()["customers"] if c["id"] == made["admin_graphql_api_id"])
    assert (customer["email"], customer["tags"]) == ("eve@example.com", ["welcome-series"])
