"""Every request the Stripe client sends and every answer the simulator gives fit Stripe's OpenAPI spec.

The blocks are run against the simulator (happy paths and error paths); then each recorded
exchange is checked: the operation exists, the form body or query fits the operation's schema,
and the answer fits the response schema for its status (`default` = Stripe's error object).
"""

from __future__ import annotations

import contextlib
import json
import time

import pytest

from connectors.sdk import ActionContext, BlockError
from connectors.stripe import actions, triggers
from connectors.stripe import simulator as stripe_simulator
from connectors.stripe.simulator import decode_form, decode_pairs
from tests.contract.stripe import spec


@pytest.fixture(scope="module")
def exchanges():
    """Run every Stripe action (and some failures) against the simulator; return what went over the wire."""
    sim = stripe_simulator.make_server()
    try:
        n = iter(range(1000))

        def run(block, config):
            ctx = ActionContext(run_id="c", node_id="n", idempotency_key=f"c:{next(n)}", credential=sim.credential())
            try:
                return block.run(ctx, config)
            except BlockError:
                return None

        customer = run(actions.create_customer, {"email": "c@example.com", "name": "C", "metadata": {"a": "1"}})
        run(actions.update_customer, {"customer_id": customer["id"], "description": "VIP", "metadata": {"b": "2"}})
        run(actions.retrieve_customer, {"customer_id": customer["id"]})
        run(actions.retrieve_customer, {"customer_id": "cus_missing"})
        run(actions.find_customer_by_email, {"email": "c@example.com"})
        intent = run(
            actions.create_payment_intent,
            {
                "amount": 4200,
                "currency": "usd",
                "customer": customer["id"],
                "payment_method": "pm_card_visa",
                "confirm": True,
                "metadata": {"order_id": "1001"},
                "description": "Order #1001",
            },
        )
        run(actions.create_payment_intent, {"amount": 4200, "currency": "usd"})
        run(
            actions.create_payment_intent,
            {"amount": 100, "currency": "usd", "payment_method": "pm_card_chargeDeclined", "confirm": True},
        )
        run(actions.retrieve_payment_intent, {"payment_intent_id": intent["id"]})
        run(actions.retrieve_charge, {"charge_id": intent["latest_charge"]})
        run(actions.retrieve_charge, {"charge_id": "ch_missing"})
        run(actions.create_refund, {"payment_intent": intent["id"], "amount": 200, "reason": "requested_by_customer"})
        run(actions.create_refund, {"charge": intent["latest_charge"], "amount": 99999})
        run(actions.create_refund, {"payment_intent": intent["id"], "metadata": {"why": "test"}})
        run(actions.list_charges, {"customer": customer["id"], "max_items": 1})
        run(actions.list_charges, {})
        run(actions.list_payment_intents, {"limit": 1, "max_items": 2})  # two pages: the second has starting_after
        window = {"gte": intent["created"] - 60, "lt": intent["created"] + 60}
        run(actions.list_payment_intents, {"customer": customer["id"], "created": window})
        run(actions.list_payment_intents, {"starting_after": "pi_missing"})
        sim.open_dispute(payment_intent=intent["id"])
        subscription = triggers.payment_intent_succeeded.subscribe(sim.credential(), "https://example.com/hooks/x")
        triggers.payment_intent_succeeded.unsubscribe(sim.credential(), subscription)
        sim.endpoints.clear()
        by_hand = {"url": "https://example.com/hooks/y", "enabled_events": ["charge.refunded"]}
        sim._post_webhook_endpoints(None, by_hand)  # an operator's endpoint: reused, enabled for one more event
        triggers.payment_intent_succeeded.subscribe(sim.credential(), "https://example.com/hooks/y")
        sim.rate_limit_next = 1
        run(actions.retrieve_customer, {"customer_id": customer["id"]})
        bad = {**sim.credential(), "secret_key": "sk_test_wrong"}
        with contextlib.suppress(BlockError):
            actions.create_customer.run(ActionContext(run_id="c", node_id="n", idempotency_key="x", credential=bad), {})
        time.sleep(0.1)
        yield [(req, reply) for req, reply in sim.exchanges if not req.path.startswith("/_sim/")], sim.events
    finally:
        sim.stop()


def test_the_exercise_covers_every_operation_the_client_uses(exchanges):
    calls = {(req.method, req.path.split("/")[2]) for req, _ in exchanges[0]}
    assert calls >= {
        ("POST", "customers"),
        ("GET", "customers"),
        ("POST", "payment_intents"),
        ("GET", "payment_intents"),
        ("GET", "charges"),
        ("POST", "refunds"),
        ("POST", "webhook_endpoints"),
        ("DELETE", "webhook_endpoints"),
    }
    assert {reply.status for _, reply in exchanges[0]} >= {200, 400, 401, 402, 404, 429}
    operations = {spec.operation(req.method, req.path)["operationId"] for req, _ in exchanges[0]}
    assert operations >= {"GetChargesCharge", "GetPaymentIntents", "GetPaymentIntentsIntent", "GetCharges"}
    queries = {name for req, _ in exchanges[0] if req.path == "/v1/payment_intents" for name, _ in req.query}
    assert queries >= {"customer", "created[gte]", "created[lt]", "limit", "starting_after"}


def test_every_request_is_an_operation_of_the_spec_with_a_body_or_query_that_fits(exchanges):
    problems = []
    for req, _ in exchanges[0]:
        op = spec.operation(req.method, req.path)
        assert req.headers["authorization"].startswith("Bearer sk_")
        assert req.headers["stripe-version"] == "2023-08-16"
        if req.method == "POST":
            assert req.headers["content-type"] == "application/x-www-form-urlencoded"
            assert req.headers.get("idempotency-key"), f"{req.path}: writes carry an Idempotency-Key"
            schema = op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
            body = spec.coerce(decode_form(req.body), schema)
            problems += [f"{req.method} {req.path} body{e}" for e in spec.errors(schema, body)]
        parameters = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
        # deepObject parameters (created[gte]=…) are validated whole, as the object they spell.
        for name, value in decode_pairs(req.query).items():
            if name not in parameters:
                problems.append(f"{req.method} {req.path}: unknown query parameter {name}")
                continue
            schema = parameters[name]["schema"]
            problems += [f"{req.method} {req.path} ?{name}{e}" for e in spec.errors(schema, spec.coerce(value, schema))]
    assert problems == []


def test_every_simulator_answer_fits_the_response_schema_for_its_status(exchanges):
    problems = []
    for req, reply in exchanges[0]:
        responses = spec.operation(req.method, req.path)["responses"]
        response = responses.get(str(reply.status), responses["default"])
        schema = response["content"]["application/json"]["schema"]
        problems += [f"{req.method} {req.path} -> {reply.status}{e}" for e in spec.errors(schema, reply.body)]
    assert problems == []


def test_every_event_the_simulator_sends_fits_the_event_schema_and_its_object_schema(exchanges):
    events = exchanges[1]
    sent = {e["type"] for e in events}
    assert sent >= {"customer.created", "payment_intent.succeeded", "charge.refunded", "charge.dispute.created"}
    problems = []
    for event in events:
        problems += [f"{event['type']}{e}" for e in spec.errors({"$ref": "#/components/schemas/event"}, event)]
        object_schema = {"$ref": f"#/components/schemas/{event['data']['object']['object']}"}
        problems += [f"{event['type']} data.object{e}" for e in spec.errors(object_schema, event["data"]["object"])]
    assert problems == []


def test_the_samples_the_editor_shows_fit_the_spec():
    problems = []
    for trigger in triggers.ALL:
        obj = trigger.sample["data"]["object"]
        if obj["object"] == "dispute":
            continue  # disputes are not in the pruned spec
        schema = {"$ref": f"#/components/schemas/{obj['object']}"}
        problems += [f"{trigger.key}{e}" for e in spec.errors(schema, json.loads(json.dumps(obj)))]
    for block, name in (
        (actions.create_customer, "customer"),
        (actions.create_payment_intent, "payment_intent"),
        (actions.retrieve_charge, "charge"),
        (actions.create_refund, "refund"),
    ):
        problems += [f"{block.key}{e}" for e in spec.errors({"$ref": f"#/components/schemas/{name}"}, block.sample)]
    for block, items, name in (
        (actions.list_charges, "charges", "charge"),
        (actions.list_payment_intents, "payment_intents", "payment_intent"),
    ):
        schema = {"$ref": f"#/components/schemas/{name}"}
        problems += [
            f"{block.key}/{items}/{i}{e}"
            for i, item in enumerate(block.sample[items])
            for e in spec.errors(schema, item)
        ]
    assert problems == []
