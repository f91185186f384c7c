"""Every operation the Shopify client sends and every answer the simulator gives fit the official schema.

The schema is Shopify's own Admin API 2025-01 (../shared/api-specs/shopify). The blocks are run
against the simulator (happy paths and error paths); each recorded request must validate with its
variables, and each answer must have exactly the shape the schema gives the selected fields.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from graphql import parse, validate

from connectors.sdk import ActionContext, BlockError
from connectors.shopify import actions, client, triggers
from connectors.shopify import simulator as shopify_simulator
from tests.contract.shopify.schema import request_errors, schema, shape_errors

OPERATIONS = {
    name: value
    for name, value in vars(client).items()
    if name.isupper() and isinstance(value, str) and value.lstrip().startswith(("query ", "mutation "))
}


def test_the_client_declares_every_operation_it_sends():
    assert set(OPERATIONS) == {
        "SHOP",
        "GET_ORDER",
        "SEARCH_ORDERS",
        "ADD_ORDER_TAGS",
        "ORDER_NOTE",
        "UPDATE_ORDER_NOTE",
        "REFUNDABLE_ORDER",
        "CREATE_REFUND",
        "ORDER_FULFILLMENT_ORDERS",
        "CREATE_FULFILLMENT",
        "FIND_VARIANTS",
        "GET_PRODUCT",
        "GET_VARIANT",
        "SET_INVENTORY",
        "ADJUST_INVENTORY",
        "CANCEL_ORDER",
        "CREATE_CUSTOMER",
        "UPDATE_CUSTOMER",
        "SUBSCRIBE_WEBHOOK",
        "FIND_WEBHOOK_SUBSCRIPTIONS",
        "UNSUBSCRIBE_WEBHOOK",
    }


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_every_operation_in_the_client_validates_against_the_official_schema(name):
    assert validate(schema(), parse(OPERATIONS[name])) == []


@pytest.mark.parametrize("trigger", triggers.ALL, ids=lambda t: t.key)
def test_every_trigger_subscribes_with_a_webhook_topic_the_schema_knows(trigger):
    topics = schema().get_type("WebhookSubscriptionTopic").values
    assert trigger.topic.upper().replace("/", "_") in topics


def test_the_shape_check_catches_a_missing_field_a_wrong_type_and_an_unselected_field():
    query = "query { shop { name myshopifyDomain } }"
    assert shape_errors(query, {}, {"shop": {"name": "A", "myshopifyDomain": "a.myshopify.com"}}) == []
    assert shape_errors(query, {}, {"shop": {"name": "A"}})  # myshopifyDomain: String! missing
    assert shape_errors(query, {}, {"shop": {"name": "A", "myshopifyDomain": ["x"]}})
    assert shape_errors(query, {}, {"shop": {"name": "A", "myshopifyDomain": "a", "plan": "x"}})


def refill(sim):
    """A full cost bucket in the simulator and a fresh budget in the client, as after a pause."""
    sim.available = shopify_simulator.MAXIMUM_AVAILABLE
    client.budget = client._Budget()


@pytest.fixture(scope="module")
def exchanges():
    """Run every Shopify action (and some failures) against the simulator; return what went over the wire."""
    sim = shopify_simulator.make_server()
    try:
        n = iter(range(1000))

        def run(block, config, credential=None):
            ctx = ActionContext(
                run_id="c", node_id="n", idempotency_key=f"c:{next(n)}", credential=credential or sim.credential()
            )
            with contextlib.suppress(BlockError):
                return block.run(ctx, config)

        order = sim.create_order(email="c@example.com")["admin_graphql_api_id"]
        sim.create_order(email="d@example.com", items=[{"sku": "MUG-RED-12OZ", "quantity": 1}], paid=False)
        location = sim.location_id
        run(actions.get_order, {"order_id": order})
        run(actions.get_order, {"order_id": "1"})
        run(actions.search_orders, {"query": "financial_status:paid", "max_items": 5})
        run(actions.add_order_tags, {"order_id": order, "tags": ["vip"]})
        run(actions.add_order_tags, {"order_id": "1", "tags": ["vip"]})
        config = {
            "order_id": order,
            "tracking_number": "1Z1",
            "tracking_company": "UPS",
            "tracking_url": "https://x.y/1",
        }
        run(actions.create_fulfillment, config)
        run(actions.create_fulfillment, config)
        run(actions.set_inventory_level, {"sku": "MUG-BLUE-12OZ", "location_id": location, "quantity": 5})
        run(actions.set_inventory_level, {"sku": "MUG-BLUE-12OZ", "location_id": location, "quantity": 5})
        run(actions.set_inventory_level, {"sku": "MUG-BLUE-12OZ", "location_id": "999", "quantity": 5})
        run(actions.adjust_inventory_level, {"sku": "MUG-RED-12OZ", "location_id": location, "delta": 2})
        run(actions.find_variant_by_sku, {"sku": "MUG-RED-12OZ"})
        run(actions.find_variant_by_sku, {"sku": "NONE"})
        run(actions.cancel_order, {"order_id": order, "reason": "CUSTOMER", "staff_note": "asked"})
        run(actions.cancel_order, {"order_id": order})
        run(actions.create_customer, {"email": "e@example.com", "first_name": "E", "phone": "+14155550100"})
        run(actions.create_customer, {"email": "e@example.com"})
        refill(sim)  # the refunds and lookups below would otherwise find the shop's bucket spent
        refundable = sim.create_order(email="r@example.com", items=[{"sku": "MUG-BLUE-12OZ", "quantity": 2}])
        line = refundable["line_items"][0]["admin_graphql_api_id"]
        refund = {"order_id": refundable["admin_graphql_api_id"], "notify": True, "note": "Damaged"}
        run(
            actions.create_refund,
            {**refund, "line_items": [{"line_item_id": line, "quantity": 1, "restock_type": "RETURN"}]},
        )
        run(actions.create_refund, {**refund, "line_items": [{"line_item_id": line, "quantity": 5}], "amount": "1.00"})
        run(actions.create_refund, {**refund, "amount": "5.00"})
        run(actions.create_refund, refund)
        run(actions.create_refund, refund)  # nothing left: refused before refundCreate
        run(actions.create_refund, {"order_id": "1"})
        run(actions.add_order_note, {"order_id": order, "note": "Gift wrap"})
        run(actions.add_order_note, {"order_id": order, "note": "Replaced", "append": False})
        run(actions.add_order_note, {"order_id": "1", "note": "x", "append": False})
        variant = sim.state()["variants"][0]
        run(actions.get_product, {"product_id": variant["product"]["id"]})
        run(actions.get_product, {"product_id": "1"})
        run(actions.get_variant, {"variant_id": variant["id"]})
        run(actions.get_variant, {"variant_id": "1"})
        customer = sim.state()["customers"][0]["id"]
        run(actions.update_customer, {"customer_id": customer, "tags": ["vip"], "last_name": "Lima"})
        run(actions.update_customer, {"customer_id": customer, "email": "e@example.com"})
        run(actions.update_customer, {"customer_id": "1", "note": "x"})
        subscription = triggers.order_paid.subscribe(sim.credential(), "https://example.com/hooks/x")
        triggers.order_paid.subscribe(sim.credential(), "https://example.com/hooks/x")  # taken: adopted
        triggers.order_paid.unsubscribe(sim.credential(), subscription)
        with contextlib.suppress(BlockError):
            triggers.order_paid.unsubscribe(sim.credential(), subscription)
        run(actions.get_order, {"order_id": order}, {**sim.credential(), "access_token": "shpat_wrong"})
        sim.throttle_next = 1  # last: the shop's bucket is then empty, and every later call is held back
        run(actions.get_order, {"order_id": order})
        yield [(req, reply) for req, reply in sim.exchanges if not req.path.startswith("/_sim/")]
    finally:
        sim.stop()


def test_the_exercise_covers_every_operation_and_the_error_answers(exchanges):
    sent = {json.loads(req.body)["query"] for req, _ in exchanges}
    assert sent == set(OPERATIONS.values()) - {client.SHOP}
    bodies = [reply.body for _, reply in exchanges]
    codes = {
        e.get("extensions", {}).get("code") for b in bodies if isinstance(b.get("errors"), list) for e in b["errors"]
    }
    assert "THROTTLED" in codes
    assert {reply.status for _, reply in exchanges} == {200, 401}
    user_errors = [
        b for b in bodies if "data" in b and "userErrors" in json.dumps(b["data"]) and '"message"' in json.dumps(b)
    ]
    assert user_errors, "the exercise includes mutations answered with userErrors"


def test_every_request_validates_with_its_variables(exchanges):
    problems = []
    for req, _ in exchanges:
        assert req.headers["x-shopify-access-token"].startswith("shpat_")
        assert req.path == "/admin/api/2025-01/graphql.json"
        body = json.loads(req.body)
        problems += [f"{body['query'][:40]!r}: {e}" for e in request_errors(body["query"], body["variables"])]
    assert problems == []


def test_every_answer_has_the_shape_the_schema_declares_for_the_selected_fields(exchanges):
    problems = []
    for req, reply in exchanges:
        request = json.loads(req.body)
        if reply.status != 200:
            assert isinstance(reply.body["errors"], str)
            continue
        cost = reply.body["extensions"]["cost"]
        assert set(cost["throttleStatus"]) == {"maximumAvailable", "currentlyAvailable", "restoreRate"}
        for error in reply.body.get("errors", []):
            assert isinstance(error["message"], str)
            assert error["message"]
        if reply.body.get("data") is not None:
            problems += shape_errors(request["query"], request["variables"], reply.body["data"])
    assert problems == []


@pytest.mark.parametrize(
    ("block", "query", "variables", "wrap"),
    [
        (
            actions.get_order,
            client.GET_ORDER,
            {"id": "gid://shopify/Order/1", "lineItems": 100},
            lambda s: {"order": s},
        ),
        (
            actions.create_fulfillment,
            client.CREATE_FULFILLMENT,
            {"fulfillment": {"lineItemsByFulfillmentOrder": []}},
            lambda s: {"fulfillmentCreate": {"fulfillment": s, "userErrors": []}},
        ),
        (
            actions.create_customer,
            client.CREATE_CUSTOMER,
            {"input": {}},
            lambda s: {"customerCreate": {"customer": s, "userErrors": []}},
        ),
        (
            actions.update_customer,
            client.UPDATE_CUSTOMER,
            {"input": {}},
            lambda s: {"customerUpdate": {"customer": s, "userErrors": []}},
        ),
        (
            actions.get_product,
            client.GET_PRODUCT,
            {"id": "gid://shopify/Product/1", "variants": 100},
            lambda s: {"product": s},
        ),
        (
            actions.get_variant,
            client.GET_VARIANT,
            {"id": "gid://shopify/ProductVariant/1"},
            lambda s: {"productVariant": s},
        ),
        (
            actions.add_order_note,
            client.UPDATE_ORDER_NOTE,
            {"input": {"id": "gid://shopify/Order/1"}},
            lambda s: {"orderUpdate": {"order": s, "userErrors": []}},
        ),
        (
            actions.create_refund,
            client.CREATE_REFUND,
            {"input": {"orderId": "gid://shopify/Order/1"}},
            lambda s: {
                "refundCreate": {
                    "refund": {k: v for k, v in s.items() if k != "order"},
                    "order": s["order"],
                    "userErrors": [],
                }
            },
        ),
        (
            actions.find_variant_by_sku,
            client.FIND_VARIANTS,
            {"query": "sku:X"},
            lambda s: {"productVariants": {"nodes": [s["variant"]]}},
        ),
    ],
    ids=[
        "order",
        "fulfillment",
        "customer",
        "updated-customer",
        "product",
        "variant",
        "order-note",
        "refund",
        "found-variant",
    ],
)
def test_the_samples_the_editor_shows_are_answers_the_schema_allows(block, query, variables, wrap):
    assert shape_errors(query, variables, wrap(block.sample)) == []
