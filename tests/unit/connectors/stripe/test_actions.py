"""Stripe blocks against the simulator: what a step outputs or fails with, and what Stripe ends up holding."""

from __future__ import annotations

import time

import pytest
import requests

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


def test_retrieve_charge_shows_what_was_refunded_so_far(stripe_sim):
    paid = stripe_sim.make_payment(amount=5900)
    actions.create_refund.run(ctx(stripe_sim), {"payment_intent": paid["id"], "amount": 900})
    charge = actions.retrieve_charge.run(ctx(stripe_sim), {"charge_id": paid["latest_charge"]})
    assert (charge["id"], charge["payment_intent"]) == (paid["latest_charge"], paid["id"])
    assert (charge["amount"], charge["amount_refunded"], charge["refunded"]) == (5900, 900, False)
    assert stripe_sim.requests[-1].path == f"/v1/charges/{paid['latest_charge']}"


def test_a_missing_charge_is_a_final_step_error_with_stripes_code(stripe_sim):
    with pytest.raises(VendorRejected) as caught:
        actions.retrieve_charge.run(ctx(stripe_sim), {"charge_id": "ch_missing"})
    assert caught.value.as_json()["vendor"] == {"status": 404, "code": "resource_missing"}
    assert caught.value.message.endswith("answered 404: No such charge: 'ch_missing'")
    assert not caught.value.retryable


def test_list_payment_intents_keeps_the_customers_within_the_created_range(stripe_sim):
    customer = actions.create_customer.run(ctx(stripe_sim, key="cus"), {"email": "ana@example.com"})["id"]
    ana = [
        actions.create_payment_intent.run(
            ctx(stripe_sim, key=f"pi{i}"), {"amount": 100, "currency": "usd", "customer": customer}
        )
        for i in range(3)
    ]
    stripe_sim.make_payment(amount=999, email="bo@example.com")
    for day, intent in enumerate(ana):  # Ana's three payments, a day apart
        stripe_sim.payment_intents[intent["id"]]["created"] = 1_740_000_000 + day * 86_400
    config = {"customer": customer, "created": {"gte": 1_740_000_000 + 86_400}}
    out = actions.list_payment_intents.run(ctx(stripe_sim), config)
    assert [p["id"] for p in out["payment_intents"]] == [ana[2]["id"], ana[1]["id"]]  # newest first
    assert out["count"] == 2
    assert stripe_sim.requests[-1].query == [("customer", customer), ("created[gte]", "1740086400"), ("limit", "100")]


def test_list_payment_intents_pages_with_starting_after_up_to_max_items_and_resumes_from_a_cursor(stripe_sim):
    paid = [stripe_sim.make_payment(amount=100 + i) for i in range(3)]
    for i, intent in enumerate(paid):
        stripe_sim.payment_intents[intent["id"]]["created"] = 1_740_000_000 + i
    newest_first = [p["id"] for p in reversed(paid)]
    first = actions.list_payment_intents.run(ctx(stripe_sim), {"limit": 1, "max_items": 2})
    assert [p["id"] for p in first["payment_intents"]] == newest_first[:2]
    pages = [dict(r.query) for r in stripe_sim.requests[-2:]]
    assert pages == [{"limit": "1"}, {"limit": "1", "starting_after": newest_first[0]}]
    rest = actions.list_payment_intents.run(ctx(stripe_sim), {"starting_after": newest_first[1]})
    assert (rest["count"], rest["payment_intents"][0]["id"]) == (1, newest_first[2])


def test_an_unknown_starting_after_is_a_step_error_on_that_field(stripe_sim):
    with pytest.raises(VendorRejected) as caught:
        actions.list_payment_intents.run(ctx(stripe_sim), {"starting_after": "pi_gone"})
    error = caught.value.as_json()
    assert error["vendor"] == {"status": 400, "code": "resource_missing"}
    assert error["field"] == "/starting_after"
    assert caught.value.message.endswith("No such payment_intent: 'pi_gone'")


def test_the_simulator_refuses_a_created_bound_that_is_not_a_time_as_stripe_does(stripe_sim):
    auth = {"Authorization": f"Bearer {stripe_sim.secret_key}"}
    answer = requests.get(f"{stripe_sim.url}/v1/payment_intents?created[gte]=soon", headers=auth, timeout=5)
    assert answer.status_code == 400
    assert answer.json()["error"] == {
        "type": "invalid_request_error",
        "message": "Invalid integer: soon",
        "code": "parameter_invalid_integer",
        "param": "created[gte]",
    }


def test_the_list_outputs_describe_each_item_as_the_single_item_actions_do():
    assert actions.list_charges.output_schema["$defs"]["charge"] == actions.retrieve_charge.output_schema
    intents = actions.list_payment_intents.output_schema["$defs"]["payment_intent"]
    assert intents == actions.retrieve_payment_intent.output_schema
