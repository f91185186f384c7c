"""Stripe blocks against the simulator: what a step outputs or fails with, and what Stripe ends up holding."""

from __future__ import annotations

import time

import pytest

from connectors.sdk import (
    ActionContext,
    CredentialRejected,
    RateLimited,
    SignatureInvalid,
    TriggerRequest,
    VendorRejected,
)
from connectors.stripe import actions, triggers
from connectors.stripe.client import encode_form


def ctx(sim, key="run1:refund:1", **credential):
    return ActionContext(run_id="run1", node_id="n", idempotency_key=key, credential={**sim.credential(), **credential})


def test_form_encoding_uses_stripe_brackets_and_drops_none():
    params = {"amount": 5, "metadata": {"order": "1001"}, "expand": ["customer"], "confirm": True, "x": None}
    assert encode_form(params) == [
        ("amount", "5"),
        ("metadata[order]", "1001"),
        ("expand[0]", "customer"),
        ("confirm", "true"),
    ]


def test_a_retried_refund_step_refunds_once(stripe_sim):
    paid = stripe_sim.make_payment(amount=5900)
    first = actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"], "amount": 1000})
    again = actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"], "amount": 1000})
    assert again == first
    charge = stripe_sim.state()["charges"][paid["latest_charge"]]
    assert (charge["amount_refunded"], charge["refunded"]) == (1000, False)
    assert stripe_sim.requests[-1].headers["idempotency-key"] == "run1:refund:1"
    assert stripe_sim.requests[-1].headers["stripe-version"] == "2023-08-16"


def test_a_full_refund_marks_the_charge_refunded(stripe_sim):
    paid = stripe_sim.make_payment(amount=5900)
    refund = actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"], "reason": "duplicate"})
    assert (refund["amount"], refund["status"], refund["reason"]) == (5900, "succeeded", "duplicate")
    assert stripe_sim.state()["charges"][paid["latest_charge"]]["refunded"] is True


def test_stripe_error_object_becomes_the_step_error_with_the_field(stripe_sim):
    paid = stripe_sim.make_payment(amount=500)
    with pytest.raises(VendorRejected) as caught:
        actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"], "amount": 900})
    error = caught.value.as_json()
    assert error["vendor"] == {"status": 400, "code": "amount_too_large"}
    assert error["field"] == "/amount"
    assert "greater than unrefunded amount" in error["message"]


def test_a_declined_card_is_a_final_error_with_the_decline_code(stripe_sim):
    config = {"amount": 1000, "currency": "usd", "payment_method": "pm_card_chargeDeclined", "confirm": True}
    with pytest.raises(VendorRejected) as caught:
        actions.create_payment_intent.run(ctx(stripe_sim), config)
    assert caught.value.as_json()["vendor"] == {"status": 402, "code": "generic_decline"}
    assert "declined" in caught.value.message


def test_a_wrong_key_rejects_the_credential(stripe_sim):
    with pytest.raises(CredentialRejected, match="Invalid API Key"):
        actions.create_customer.run(ctx(stripe_sim, secret_key="sk_test_wrong"), {"email": "a@example.com"})


def test_a_429_is_rate_limited_and_retryable(stripe_sim):
    stripe_sim.rate_limit_next = 1
    with pytest.raises(RateLimited) as caught:
        actions.retrieve_customer.run(ctx(stripe_sim), {"customer_id": "cus_x"})
    assert caught.value.retryable


def test_find_customer_by_email_says_whether_found(stripe_sim):
    made = actions.create_customer.run(ctx(stripe_sim, key="k1"), {"email": "bo@example.com", "name": "Bo"})
    assert actions.find_customer_by_email.run(ctx(stripe_sim), {"email": "bo@example.com"}) == {
        "found": True,
        "customer": made,
    }
    assert actions.find_customer_by_email.run(ctx(stripe_sim), {"email": "no@example.com"}) == {
        "found": False,
        "customer": None,
    }


def test_list_charges_follows_starting_after_across_pages(stripe_sim):
    paid = [stripe_sim.make_payment(amount=100 + i, email="many@example.com") for i in range(3)]
    out = actions.list_charges.run(ctx(stripe_sim), {"max_items": 2})
    assert out["count"] == 2
    everything = actions.list_charges.run(ctx(stripe_sim), {"max_items": 100})
    assert {c["payment_intent"] for c in everything["charges"]} == {p["id"] for p in paid}


def test_the_step_log_shows_each_call_without_the_key(stripe_sim):
    context = ctx(stripe_sim)
    actions.create_customer.run(context, {"email": "log@example.com"})
    [entry] = context.http_log
    assert entry["status"] == 200
    assert entry["request"]["headers"]["Authorization"] == "[redacted]"
    assert stripe_sim.secret_key not in repr(context.http_log)


def test_subscribing_creates_a_webhook_endpoint_and_events_arrive_signed(stripe_sim, upstream):
    subscription = triggers.charge_refunded.subscribe(stripe_sim.credential(), upstream.url + "/hooks/t")
    assert stripe_sim.state()["webhook_endpoints"][subscription["id"]]["enabled_events"] == ["charge.refunded"]
    paid = stripe_sim.make_payment()
    actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"]})
    [received] = upstream.wait_for(1)
    deadline = time.monotonic() + 5
    while not stripe_sim.deliveries and time.monotonic() < deadline:
        time.sleep(0.01)
    request = TriggerRequest(body=received.body, headers=received.headers, raw_body=stripe_sim.deliveries[0].body)
    # Signed with the endpoint's own secret, which subscribe handed back (not the credential's).
    triggers.charge_refunded.verify(request, {**stripe_sim.credential(), "webhook_secret": subscription["secret"]})
    with pytest.raises(SignatureInvalid):
        triggers.charge_refunded.verify(request, stripe_sim.credential())
    assert received.body["type"] == "charge.refunded"
    triggers.charge_refunded.unsubscribe(stripe_sim.credential(), subscription)
    assert stripe_sim.state()["webhook_endpoints"] == {}
