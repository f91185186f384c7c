"""A Shopify order paid in the simulator, signed as Shopify signs it, enters a flow that acts on the shop."""

from __future__ import annotations

import json

import pytest

from backend.runs.advance import run_advance
from backend.runs.models import Run
from tests.integration.connectors.shopify_flows import active_flow, deliver, webhook

pytestmark = pytest.mark.django_db


def paid_webhook(shopify, order):
    """The orders/paid delivery the simulator sent for `order` (body and headers, as signed)."""
    return webhook(shopify, "orders/paid", lambda body: body["id"] == order["id"])


def test_a_paid_order_is_fulfilled_once_with_the_tracking_number(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.order_paid",
        {
            "id": "ship",
            "block": "shopify.create_fulfillment",
            "config": {
                "order_id": "{{ trigger.admin_graphql_api_id }}",
                "tracking_number": "1Z999AA10123456784",
                "tracking_company": "UPS",
                "notify_customer": True,
            },
        },
    )
    order = shopify.create_order(email="ana@example.com")
    delivery = paid_webhook(shopify, order)
    accepted = deliver(client, flow, delivery)
    assert accepted.status_code == 202, accepted.content
    redelivered = deliver(client, flow, delivery)
    assert redelivered.json()["duplicate_of"] == accepted.json()["run_id"]

    run = run_advance(run_id=accepted.json()["run_id"])
    assert run.status == "succeeded", run.error
    state = shopify.state()
    (fulfillment,) = state["fulfillments"]
    assert fulfillment["order_id"] == order["admin_graphql_api_id"]
    assert fulfillment["trackingInfo"] == [{"number": "1Z999AA10123456784", "company": "UPS", "url": None}]
    assert [fo["status"] for fo in state["fulfillment_orders"]] == ["CLOSED"]
    step = run.steps.get(node_id="ship")
    assert step.output["id"] == fulfillment["id"]
    assert shopify.access_token not in json.dumps(list(step.attempts.values("log")))


def test_a_webhook_signed_with_another_secret_is_refused_and_starts_nothing(client, shopify):
    flow = active_flow(
        shopify, "shopify.order_paid", {"id": "get", "block": "shopify.get_order", "config": {"order_id": "1"}}
    )
    delivery = paid_webhook(shopify, shopify.create_order())
    response = deliver(client, flow, delivery, **{"X-Shopify-Hmac-Sha256": "bm90IHRoZSBzaWduYXR1cmU="})
    assert response.status_code == 401
    assert Run.objects.count() == 0


def test_a_paid_order_sets_the_stock_of_its_first_sku(client, shopify):
    flow = active_flow(
        shopify,
        "shopify.order_paid",
        {
            "id": "stock",
            "block": "shopify.set_inventory_level",
            "config": {"sku": "{{ trigger.line_items[0].sku }}", "location_id": shopify.location_id, "quantity": 20},
        },
    )
    order = shopify.create_order(items=[{"sku": "MUG-RED-12OZ", "quantity": 1}])
    accepted = deliver(client, flow, paid_webhook(shopify, order))
    run = run_advance(run_id=accepted.json()["run_id"])
    assert run.status == "succeeded", run.error
    levels = {(x["sku"], x["location_id"]): x["available"] for x in shopify.state()["inventory_levels"]}
    assert levels[("MUG-RED-12OZ", shopify.location_id)] == 20
    assert levels[("MUG-BLUE-12OZ", shopify.location_id)] == 10  # untouched
    assert run.steps.get(node_id="stock").output["available"] == 20
