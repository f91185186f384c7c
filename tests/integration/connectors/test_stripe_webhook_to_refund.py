"""A Stripe payment event, signed as Stripe signs it, enters a flow that refunds it in the simulator."""

from __future__ import annotations

import json

import pytest

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run
from connectors.stripe.webhooks import sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe(stripe_sim):
    return stripe_sim  # the shared simulator fixture (tests/integration/conftest.py)


@pytest.fixture
def refund_flow(stripe):
    credential = credential_create(name="Stripe sandbox", connector="stripe", data=stripe.credential())
    document = {
        "schema": 1,
        "name": "Refund every payment",
        "nodes": [
            {"id": "paid", "block": "stripe.payment_intent_succeeded", "credential": str(credential.id)},
            {
                "id": "refund",
                "block": "stripe.create_refund",
                "credential": str(credential.id),
                "config": {"payment_intent": "{{ trigger.data.object.id }}", "reason": "requested_by_customer"},
            },
        ],
        "edges": [{"from": "paid", "to": "refund"}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def event_for(payment_intent):
    return {
        "id": "evt_test_1",
        "object": "event",
        "type": "payment_intent.succeeded",
        "api_version": "2023-08-16",
        "created": 1764150000,
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "data": {"object": payment_intent},
    }


def deliver(client, flow, body: bytes, signature: str):
    return client.post(
        f"/hooks/{flow.webhook_token}", data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def test_signed_event_runs_the_flow_and_refunds_once(client, stripe, refund_flow):
    payment = stripe.make_payment(amount=5900)
    body = json.dumps(event_for(payment)).encode()
    accepted = deliver(client, refund_flow, body, sign(body, stripe.webhook_secret))
    assert accepted.status_code == 202, accepted.content
    redelivered = deliver(client, refund_flow, body, sign(body, stripe.webhook_secret))
    assert redelivered.status_code == 200
    assert redelivered.json()["duplicate_of"] == accepted.json()["run_id"]

    run = run_advance(run_id=accepted.json()["run_id"])
    assert run.status == "succeeded", run.error
    refunds = list(stripe.state()["refunds"].values())
    assert [(r["payment_intent"], r["amount"]) for r in refunds] == [(payment["id"], 5900)]
    refund_step = run.steps.get(node_id="refund")
    assert refund_step.output["id"] == refunds[0]["id"]
    [attempt] = refund_step.attempts.all()
    assert attempt.log[0]["status"] == 200  # the request and response, as the step recorded them
    assert "/v1/refunds" in attempt.log[0]["url"]
    assert "sk_test" not in json.dumps(attempt.log)


def test_wrong_signature_answers_401_and_stores_nothing(client, stripe, refund_flow):
    body = json.dumps(event_for(stripe.make_payment())).encode()
    response = deliver(client, refund_flow, body, sign(body, "whsec_wrongsecret"))
    assert response.status_code == 401
    assert response.json()["code"] == "signature_invalid"
    missing = client.post(f"/hooks/{refund_flow.webhook_token}", data=body, content_type="application/json")
    assert missing.status_code == 401
    assert Run.objects.count() == 0


def test_flow_detail_shows_the_webhook_url_to_give_stripe(api, refund_flow):
    detail = api.get(f"/api/flows/{refund_flow.id}/").json()
    assert detail["webhook_url"].endswith(f"/hooks/{refund_flow.webhook_token}")


def test_activation_registers_an_endpoint_whose_secret_signs_the_events(api, client, stripe, refund_flow):
    from backend.flows import services as flow_services

    flow_services.flow_deactivate(flow=refund_flow)
    activated = api.post(f"/api/flows/{refund_flow.id}/activate/").json()
    [endpoint] = stripe.state()["webhook_endpoints"].values()
    assert endpoint["url"] == activated["webhook_url"]
    assert endpoint["enabled_events"] == ["payment_intent.succeeded"]

    body = json.dumps(event_for(stripe.make_payment())).encode()
    assert deliver(client, refund_flow, body, sign(body, stripe.webhook_secret)).status_code == 401
    assert deliver(client, refund_flow, body, sign(body, endpoint["secret"])).status_code == 202
    refund_flow.refresh_from_db()
    assert endpoint["secret"] not in json.dumps(refund_flow.webhook_subscription)  # encrypted at rest

    api.post(f"/api/flows/{refund_flow.id}/deactivate/")
    assert stripe.state()["webhook_endpoints"] == {}
