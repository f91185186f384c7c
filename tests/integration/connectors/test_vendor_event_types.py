"""A vendor trigger starts its flow on its own event type only, and keeps the subscription it was given.

QA: a signed Stripe `payment_intent.payment_failed` posted to a "payment succeeded" flow ran it
(the order was tagged paid and sent to the ERP); and changing an active flow's trigger to
"dispute created" kept the old subscription, so the dispute flow ran on payments.
"""

from __future__ import annotations

import json

import pytest

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.models import Run
from connectors.stripe.webhooks import sign

pytestmark = pytest.mark.django_db


def stripe_document(credential_id: str, block: str = "stripe.payment_intent_succeeded") -> dict:
    return {
        "schema": 1,
        "name": "Paid orders to the ERP",
        "nodes": [
            {"id": "paid", "block": block, "credential": credential_id},
            {"id": "note", "block": "core.transform", "config": {"expression": "trigger.data.object.id"}},
        ],
        "edges": [{"from": "paid", "to": "note"}],
    }


@pytest.fixture
def stripe_credential(stripe_sim):
    return str(credential_create(name="Stripe sandbox", connector="stripe", data=stripe_sim.credential()).id)


def event(event_id: str, event_type: str) -> bytes:
    intent = {"id": "pi_1", "object": "payment_intent", "amount": 5900, "status": "requires_payment_method"}
    return json.dumps({"id": event_id, "object": "event", "type": event_type, "data": {"object": intent}}).encode()


def deliver(client, flow, body: bytes, secret: str):
    signature = sign(body, secret)
    return client.post(
        f"/hooks/{flow.webhook_token}", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def test_a_signed_stripe_event_of_another_type_starts_no_run(client, stripe_sim, stripe_credential):
    flow = flows.flow_activate(flow=flows.flow_create(document=stripe_document(stripe_credential)))
    failed = deliver(client, flow, event("evt_failed", "payment_intent.payment_failed"), stripe_sim.webhook_secret)
    assert failed.status_code == 200  # the vendor must not retry it
    assert failed.json()["ignored"] == "payment_intent.payment_failed"
    assert Run.objects.count() == 0
    paid = deliver(client, flow, event("evt_paid", "payment_intent.succeeded"), stripe_sim.webhook_secret)
    assert paid.status_code == 202
    assert Run.objects.count() == 1


def test_a_shopify_webhook_of_another_topic_starts_no_run(client, shopify_sim):
    credential = credential_create(name="Shopify sandbox", connector="shopify", data=shopify_sim.credential())
    document = {
        "schema": 1,
        "name": "Paid orders",
        "nodes": [{"id": "paid", "block": "shopify.order_paid", "credential": str(credential.id)}],
        "edges": [],
    }
    flow = flows.flow_activate(flow=flows.flow_create(document=document))
    body = json.dumps({"id": 450789469, "name": "#1001"}).encode()

    def post(topic: str, webhook_id: str):
        headers = shopify_sim.webhook_headers(topic, body)
        headers["X-Shopify-Webhook-Id"] = webhook_id
        meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items() if k != "Content-Type"}
        return client.post(f"/hooks/{flow.webhook_token}", data=body, content_type="application/json", **meta)

    created = post("orders/create", "w-1")
    assert created.status_code == 200
    assert created.json()["ignored"] == "orders/create"
    assert post("orders/paid", "w-2").status_code == 202
    assert Run.objects.count() == 1


def test_an_active_flows_subscribed_trigger_cannot_be_swapped_under_it(api, stripe_sim, stripe_credential):
    created = api.post("/api/flows/", stripe_document(stripe_credential), format="json")
    flow_id = created.json()["id"]
    assert api.post(f"/api/flows/{flow_id}/activate/").status_code == 200
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["enabled_events"] == ["payment_intent.succeeded"]

    swapped = stripe_document(stripe_credential, block="stripe.charge_dispute_created")
    refused = api.put(f"/api/flows/{flow_id}/", swapped, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["pointer"] == "/nodes/0"
    assert "deactivate" in refused.json()["message"]
    kept = api.get(f"/api/flows/{flow_id}/").json()["document"]
    assert kept["nodes"][0]["block"] == "stripe.payment_intent_succeeded"

    # A change that keeps the trigger is saved as usual.
    renamed = {**stripe_document(stripe_credential), "name": "Paid orders to the ERP (v2)"}
    assert api.put(f"/api/flows/{flow_id}/", renamed, format="json").status_code == 200

    assert api.post(f"/api/flows/{flow_id}/deactivate/").status_code == 200
    assert api.put(f"/api/flows/{flow_id}/", swapped, format="json").status_code == 200
    assert api.post(f"/api/flows/{flow_id}/activate/").status_code == 200
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["enabled_events"] == ["charge.dispute.created"]
