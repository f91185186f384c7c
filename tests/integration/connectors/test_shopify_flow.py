"""A Shopify order paid in the simulator, signed as Shopify signs it, enters a flow that acts on the shop."""

from __future__ import annotations

import json
import time

import pytest

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run
from connectors.shopify import simulator as shopify_sim

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopify():
    server = shopify_sim.make_server()
    # Nobody listens here: the test takes each webhook from the simulator's record and posts it to Dovetail.
    server.receivers.append({"url": "http://127.0.0.1:9/unreachable", "topics": ["orders/paid"]})
    yield server
    server.stop()


def active_flow(shopify, action_node: dict):
    credential = credential_create(name="Shopify sandbox", connector="shopify", data=shopify.credential())
    document = {
        "schema": 1,
        "name": "Act on paid orders",
        "nodes": [
            {"id": "paid", "block": "shopify.order_paid", "credential": str(credential.id)},
            {**action_node, "credential": str(credential.id)},
        ],
        "edges": [{"from": "paid", "to": action_node["id"]}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def paid_webhook(shopify, order):
    """The orders/paid delivery the simulator sent for `order` (body and headers, as signed)."""
    deadline = time.monotonic() + 5
    while True:
        found = [d for d in shopify.deliveries if json.loads(d.body)["id"] == order["id"]]
        if found:
            return found[0]
        assert time.monotonic() < deadline, "the simulator sent no orders/paid webhook"
        time.sleep(0.02)


def deliver(client, flow, delivery):
    headers = {k: v for k, v in delivery.headers.items() if k != "Content-Type"}
    return client.post(
        f"/hooks/{flow.webhook_token}", data=delivery.body, content_type="application/json", headers=headers
    )


def test_a_paid_order_is_fulfilled_once_with_the_tracking_number(client, shopify):
    flow = active_flow(
        shopify,
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
    flow = active_flow(shopify, {"id": "get", "block": "shopify.get_order", "config": {"order_id": "1"}})
    delivery = paid_webhook(shopify, shopify.create_order())
    forged = {**delivery.headers, "X-Shopify-Hmac-Sha256": "bm90IHRoZSBzaWduYXR1cmU="}
    response = client.post(
        f"/hooks/{flow.webhook_token}", data=delivery.body, content_type="application/json", headers=forged
    )
    assert response.status_code == 401
    assert Run.objects.count() == 0


def test_a_paid_order_sets_the_stock_of_its_first_sku(client, shopify):
    flow = active_flow(
        shopify,
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
