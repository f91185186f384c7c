"""Every template runs end to end in sandbox mode: imported from the gallery, wired to the simulators'
credentials, started the way its trigger is in production, run by the worker's service, and judged
by what changed in the simulated shop or Stripe and what its stand-in endpoint (the inbox) received.

The vendors' webhooks travel over HTTP: activation registers the flow's URL (a live server) with
the simulator, which signs and sends its events there, as Shopify and Stripe do.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from backend.credentials.services import credential_create
from backend.flows.models import Flow
from backend.flows.services import flow_activate, flow_version_create
from backend.flows.templates import template_list, template_use
from backend.runs.advance import run_advance
from backend.runs.models import Run
from backend.triggers.schedules import schedule_tick
from connectors.shopify.webhooks import sign as shopify_sign

pytestmark = pytest.mark.django_db(transaction=True)
FINAL = {"succeeded", "failed", "skipped", "cancelled"}


@pytest.fixture
def sandbox(live_server, settings):
    """Sandbox mode, as `make run` sets it: templates' example.com URLs call this server's inbox."""
    settings.SANDBOX_URL = live_server.url
    return live_server.url


def use_template(slug: str, sandbox: str, **simulators: Any) -> Flow:
    """Import the template as the gallery does, give each node the simulator's credential, activate it."""
    credentials = {
        connector: str(credential_create(name=f"{connector} sandbox", connector=connector, data=sim.credential()).id)
        for connector, sim in simulators.items()
    }
    flow, missing = template_use(slug=slug)
    document = json.loads(json.dumps(flow.current_version.document))
    nodes = {node["id"]: node for node in document["nodes"]}
    for need in missing:
        nodes[need["node_id"]]["credential"] = credentials[need["connector"]]
    flow_version_create(flow=flow, document=document)
    return flow_activate(flow=flow, webhook_url=f"{sandbox}/hooks/{flow.webhook_token}")


def delivered(simulator, flow: Flow, topic: str, count: int = 1) -> list:
    """The simulator's signed deliveries of `topic` to the flow's URL, once Dovetail has answered them."""
    deadline = time.monotonic() + 10
    while True:
        found = [d for d in simulator.deliveries if d.topic == topic and flow.webhook_token in d.url]
        if len(found) >= count:
            assert [d.status for d in found] == [202] * len(found), found
            return found
        assert time.monotonic() < deadline, f"the simulator sent no {topic} to the flow"
        time.sleep(0.02)


def run_to_the_end(run: Run) -> Run:
    """Advance the run as the worker does until it ends (a retry's wait is skipped, not slept)."""
    for _ in range(20):
        run = run_advance(run_id=run.id)
        if run.status in FINAL:
            return run
        Run.objects.filter(pk=run.pk).update(wake_at=None)
    raise AssertionError(f"run {run.id} still {run.status}")


def only_run(flow: Flow) -> Run:
    [run] = Run.objects.filter(flow=flow)
    return run_to_the_end(run)


def inbox(api, name: str) -> list[dict]:
    return api.get(f"/api/sandbox/inbox/{name}/").json()["results"]


def stripe_post(stripe_sim, path: str, data: dict[str, str]) -> dict:
    response = requests.post(
        stripe_sim.url + path, data=data, headers={"Authorization": f"Bearer {stripe_sim.secret_key}"}, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def paid_with_stripe(stripe_sim, *, amount: int, metadata: dict[str, str]) -> dict:
    """A PaymentIntent charged at once, as the shop's checkout makes one (Stripe sends payment_intent.succeeded)."""
    data = {"amount": str(amount), "currency": "usd", "payment_method": "pm_card_visa", "confirm": "true"}
    return stripe_post(stripe_sim, "/v1/payment_intents", data | {f"metadata[{k}]": v for k, v in metadata.items()})


def test_every_template_has_a_run_test_here():
    assert set(TEMPLATE_TESTS) == {t["slug"] for t in template_list()}


def test_stripe_payment_tags_the_shopify_order_and_posts_it_to_the_erp(sandbox, api, shopify_sim, stripe_sim):
    flow = use_template("stripe-payment-to-shopify-tag-and-erp", sandbox, shopify=shopify_sim, stripe=stripe_sim)
    order = shopify_sim.create_order(email="ana@example.com")
    payment = paid_with_stripe(stripe_sim, amount=5900, metadata={"shopify_order_id": str(order["id"])})
    delivered(stripe_sim, flow, "payment_intent.succeeded")

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    assert "paid-stripe" in shopify_sim.state()["orders"][order["admin_graphql_api_id"]]["tags"]
    [erp] = inbox(api, "erp")
    assert (erp["method"], erp["path"]) == ("POST", "/api/orders")
    assert erp["body"] == {
        "shopify_order_id": str(order["id"]),
        "payment_intent": payment["id"],
        "amount": 59,
        "currency": "USD",
    }
    assert erp["headers"]["Idempotency-Key"]


def test_paid_shopify_order_goes_to_the_warehouse_with_its_lines(sandbox, api, shopify_sim):
    flow = use_template("paid-shopify-order-to-wms", sandbox, shopify=shopify_sim)
    order = shopify_sim.create_order(
        email="ana@example.com", items=[{"sku": "MUG-BLUE-12OZ", "quantity": 2}, {"sku": "MUG-RED-12OZ", "quantity": 1}]
    )
    delivered(shopify_sim, flow, "orders/paid")

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    [wms] = inbox(api, "wms")
    assert (wms["method"], wms["path"]) == ("POST", "/api/shipment-orders")
    assert wms["body"]["reference"] == order["name"]
    assert wms["body"]["email"] == "ana@example.com"
    assert wms["body"]["lines"] == [{"sku": "MUG-BLUE-12OZ", "quantity": 2}, {"sku": "MUG-RED-12OZ", "quantity": 1}]


def test_paid_order_books_a_label_and_is_fulfilled_with_its_tracking(sandbox, api, shopify_sim):
    flow = use_template("paid-shopify-order-to-label-and-fulfilment", sandbox, shopify=shopify_sim)
    order = shopify_sim.create_order(email="ana@example.com")
    delivered(shopify_sim, flow, "orders/paid")

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    [label] = inbox(api, "carrier")
    assert (label["method"], label["path"]) == ("POST", "/api/shipments")
    assert label["body"]["reference"] == order["name"]
    assert label["body"]["parcels"] == [{"weight_grams": None}]  # the simulator's line items carry no grams
    state = shopify_sim.state()
    [fulfillment] = state["fulfillments"]
    assert fulfillment["order_id"] == order["admin_graphql_api_id"]
    # The carrier inbox answered as the template's sandbox_replies says a carrier does.
    assert fulfillment["trackingInfo"] == [{"number": "1Z999AA10123456784", "company": "UPS", "url": None}]
    assert [fo["status"] for fo in state["fulfillment_orders"]] == ["CLOSED"]


def test_erp_stock_change_sets_the_shopify_inventory_level(sandbox, client, shopify_sim):
    flow = use_template("erp-inventory-change-to-shopify-stock", sandbox, shopify=shopify_sim)
    change = {"sku": "MUG-RED-12OZ", "location_id": shopify_sim.location_id, "available": 17}
    accepted = client.post(f"/hooks/{flow.webhook_token}", data=change, content_type="application/json")
    assert accepted.status_code == 202, accepted.content

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    assert run.concurrency_key == "MUG-RED-12OZ"  # one SKU's changes apply one at a time
    levels = {(x["sku"], x["location_id"]): x["available"] for x in shopify_sim.state()["inventory_levels"]}
    assert levels[("MUG-RED-12OZ", shopify_sim.location_id)] == 17
    assert levels[("MUG-BLUE-12OZ", shopify_sim.location_id)] == 10  # untouched


def test_cancelled_shopify_order_is_refunded_in_stripe(sandbox, client, shopify_sim, stripe_sim):
    flow = use_template("cancelled-shopify-order-to-stripe-refund", sandbox, shopify=shopify_sim, stripe=stripe_sim)
    payment = paid_with_stripe(stripe_sim, amount=5000, metadata={})
    order = shopify_sim.create_order(email="ana@example.com")
    shopify_sim.receivers.append({"url": "http://127.0.0.1:9/unreachable", "topics": ["orders/cancelled"]})
    cancel = "mutation { orderCancel(orderId: %s, reason: CUSTOMER, refund: false, restock: true) { job { id } } }"
    answer = requests.post(
        shopify_sim.url + "/admin/api/2025-01/graphql.json",
        json={"query": cancel % json.dumps(order["admin_graphql_api_id"])},
        headers={"X-Shopify-Access-Token": shopify_sim.access_token},
        timeout=10,
    )
    assert "errors" not in answer.json(), answer.text
    [cancelled] = delivered(shopify_sim, flow, "orders/cancelled")
    # The shop's checkout keeps the Stripe payment in the order's note attributes, which the
    # simulator's order does not model: add it and sign the body again with the shop's secret.
    body = json.loads(cancelled.body) | {"note_attributes": [{"name": "stripe_payment_intent", "value": payment["id"]}]}
    raw = json.dumps(body).encode()
    headers = {**cancelled.headers, "X-Shopify-Hmac-Sha256": shopify_sign(raw, shopify_sim.webhook_secret)}
    headers["X-Shopify-Webhook-Id"] += "-with-note"
    headers.pop("Content-Type")
    accepted = client.post(f"/hooks/{flow.webhook_token}", data=raw, content_type="application/json", headers=headers)
    assert accepted.status_code == 202, accepted.content

    untouched, refunded = sorted(Run.objects.filter(flow=flow), key=lambda r: r.created_at)
    assert run_to_the_end(untouched).status == "skipped"  # no Stripe payment on it: nothing to refund
    run = run_to_the_end(refunded)
    assert run.status == "succeeded", run.error
    [refund] = stripe_sim.state()["refunds"].values()
    assert (refund["payment_intent"], refund["amount"]) == (payment["id"], 5000)  # the captured amount


def test_a_customers_first_order_makes_a_crm_contact_and_the_second_does_not(sandbox, api, shopify_sim):
    flow = use_template("new-shopify-customer-to-crm-contact", sandbox, shopify=shopify_sim)
    shopify_sim.create_order(email="bea@example.com")
    delivered(shopify_sim, flow, "orders/create")
    first = only_run(flow)
    assert first.status == "succeeded", first.error
    [contact] = inbox(api, "crm")
    assert (contact["method"], contact["path"]) == ("POST", "/api/contacts")
    assert contact["body"] == {"email": "bea@example.com", "first_name": "Bea", "last_name": None, "source": "shopify"}

    shopify_sim.create_order(email="bea@example.com")
    delivered(shopify_sim, flow, "orders/create", count=2)
    second = run_to_the_end(Run.objects.filter(flow=flow).exclude(pk=first.pk).get())
    assert second.status == "skipped"
    assert len(inbox(api, "crm")) == 1


def test_morning_report_lists_the_paid_orders_to_ship_in_the_chat(sandbox, api, shopify_sim):
    flow = use_template("daily-unfulfilled-orders-summary", sandbox, shopify=shopify_sim)
    one, two = shopify_sim.create_order(email="ana@example.com"), shopify_sim.create_order(email="bea@example.com")
    shopify_sim.create_order(email="cy@example.com", paid=False)  # not paid: not to ship yet
    before_eight = datetime.now(UTC).replace(hour=7, minute=59, second=30, microsecond=0) + timedelta(days=1)
    schedule_tick(now=before_eight)
    assert schedule_tick(now=before_eight + timedelta(minutes=1)) == 1

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    [chat] = inbox(api, "chat")
    assert (chat["method"], chat["path"]) == ("POST", "/hooks/ops")
    text = chat["body"]["text"]
    assert text.startswith("2 paid orders wait to be shipped: ")
    assert set(text.split(": ")[1].split(", ")) == {one["name"], two["name"]}


def test_stripe_dispute_tags_the_order_and_alerts_the_team(sandbox, api, shopify_sim, stripe_sim):
    flow = use_template("stripe-dispute-to-order-tag-and-alert", sandbox, shopify=shopify_sim, stripe=stripe_sim)
    order = shopify_sim.create_order(email="ana@example.com")
    payment = paid_with_stripe(stripe_sim, amount=5900, metadata={"shopify_order_id": str(order["id"])})
    dispute = stripe_sim.open_dispute(payment_intent=payment["id"])
    delivered(stripe_sim, flow, "charge.dispute.created")

    run = only_run(flow)
    assert run.status == "succeeded", run.error
    assert "disputed" in shopify_sim.state()["orders"][order["admin_graphql_api_id"]]["tags"]
    [alert] = inbox(api, "chat")
    assert alert["body"]["text"].startswith(f"Dispute {dispute['id']} (fraudulent) for 59 USD; respond by ")


# Template slug -> its test: a new template without a run test fails the check above.
TEMPLATE_TESTS = {
    "stripe-payment-to-shopify-tag-and-erp": test_stripe_payment_tags_the_shopify_order_and_posts_it_to_the_erp,
    "paid-shopify-order-to-wms": test_paid_shopify_order_goes_to_the_warehouse_with_its_lines,
    "paid-shopify-order-to-label-and-fulfilment": test_paid_order_books_a_label_and_is_fulfilled_with_its_tracking,
    "erp-inventory-change-to-shopify-stock": test_erp_stock_change_sets_the_shopify_inventory_level,
    "cancelled-shopify-order-to-stripe-refund": test_cancelled_shopify_order_is_refunded_in_stripe,
    "new-shopify-customer-to-crm-contact": test_a_customers_first_order_makes_a_crm_contact_and_the_second_does_not,
    "daily-unfulfilled-orders-summary": test_morning_report_lists_the_paid_orders_to_ship_in_the_chat,
    "stripe-dispute-to-order-tag-and-alert": test_stripe_dispute_tags_the_order_and_alerts_the_team,
}
