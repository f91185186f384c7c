"""Shopify webhooks beyond orders/paid, signed by the simulator, start flows that refund and update the shop."""

from __future__ import annotations

import json
import time

import pytest
import requests

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.advance import run_advance
from connectors.shopify import simulator as shopify_sim
from connectors.shopify.client import ShopifyClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopify():
    server = shopify_sim.make_server()
    # Nobody listens here: each test takes the webhook from the simulator's record and posts it to Dovetail.
    server.receivers.append({"url": "http://127.0.0.1:9/unreachable", "topics": ["*"]})
    yield server
    server.stop()


def active_flow(shopify, trigger: str, action_node: dict):
    credential = credential_create(name="Shopify sandbox", connector="shopify", data=shopify.credential())
    document = {
        "schema": 1,
        "name": f"On {trigger}",
        "nodes": [
            {"id": "event", "block": trigger, "credential": str(credential.id)},
            {**action_node, "credential": str(credential.id)},
        ],
        "edges": [{"from": "event", "to": action_node["id"]}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def webhook(shopify, topic: str, match):
    """The first `topic` delivery whose body passes `match`, as the simulator signed and sent it."""
    deadline = time.monotonic() + 5
    while True:
        found = [d for d in list(shopify.deliveries) if d.topic == topic and match(json.loads(d.body))]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"the simulator sent no {topic} webhook"
        time.sleep(0.02)


def run_from(client, flow, delivery):
    headers = {k: v for k, v in delivery.headers.items() if k != "Content-Type"}
    accepted = client.post(
        f"/hooks/{flow.webhook_token}", data=delivery.body, content_type="application/json", headers=headers
    )
    assert accepted.status_code == 202, accepted.content
    return run_advance(run_id=accepted.json()["run_id"])


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
