"""The Shopify simulator answers like Shopify: auth, refused queries, cost, throttling, signed webhooks."""

from __future__ import annotations

import json
import time

import jsonschema
import requests

from connectors.sdk import TriggerRequest
from connectors.shopify import triggers
from connectors.shopify.client import PATH, SHOP, ShopifyClient


def post(sim, body, token=None):
    headers = {"X-Shopify-Access-Token": token or sim.access_token}
    return requests.post(sim.url + PATH, json=body, headers=headers, timeout=10)


def test_a_missing_or_wrong_token_is_401_with_shopifys_body(shopify_sim):
    response = post(shopify_sim, {"query": SHOP}, token="shpat_wrong")
    assert response.status_code == 401
    assert response.json() == {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}


def test_a_query_outside_the_schema_is_refused_with_http_200_and_errors(shopify_sim):
    response = post(shopify_sim, {"query": "{ shop { name colour } }"})
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert "colour" in error["message"]
    assert error["extensions"]["code"] == "undefinedField"
    assert "data" not in response.json()


def test_answers_carry_only_the_selected_fields_and_the_cost(shopify_sim):
    body = post(shopify_sim, {"query": SHOP}).json()
    assert body["data"] == {"shop": {"name": "Dovetail sandbox", "myshopifyDomain": "dovetail-sandbox.myshopify.com"}}
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 1
    assert cost["throttleStatus"]["maximumAvailable"] == 2000.0


def test_a_query_over_the_max_cost_is_refused(shopify_sim):
    query = "{ orders(first: 250) { nodes { lineItems(first: 250) { nodes { id } } } } }"
    (error,) = post(shopify_sim, {"query": query}).json()["errors"]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"


def test_the_throttle_control_answers_throttled_with_http_200(shopify_sim):
    requests.post(shopify_sim.url + "/_sim/throttle", json={"count": 1}, timeout=10)
    response = post(shopify_sim, {"query": SHOP})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "THROTTLED"
    assert response.json()["extensions"]["cost"]["actualQueryCost"] is None


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_new_paid_order_sends_signed_create_and_paid_webhooks_the_triggers_accept(shopify_sim):
    shopify_sim.receivers.append({"url": "http://127.0.0.1:9/hooks/x", "topics": ["*"]})  # nobody listens: kept anyway
    made = requests.post(shopify_sim.url + "/_sim/orders", json={"email": "ana@example.com"}, timeout=10).json()
    wait_for(lambda: len(shopify_sim.deliveries) == 2)
    by_topic = {d.topic: d for d in shopify_sim.deliveries}
    assert set(by_topic) == {"orders/create", "orders/paid"}
    for topic, trigger in (("orders/create", triggers.order_created), ("orders/paid", triggers.order_paid)):
        delivery = by_topic[topic]
        request = TriggerRequest(body=json.loads(delivery.body), headers=delivery.headers, raw_body=delivery.body)
        trigger.verify(request, shopify_sim.credential())
        assert trigger.dedup_key(request) == delivery.headers["X-Shopify-Webhook-Id"]
        assert request.body["admin_graphql_api_id"] == made["admin_graphql_api_id"]
        jsonschema.validate(request.body, trigger.output_schema)


def test_a_cancelled_order_sends_orders_cancelled(shopify_sim):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    shopify_sim.receivers.append({"url": "http://127.0.0.1:9/hooks/x", "topics": ["orders/cancelled"]})
    ShopifyClient(shopify_sim.credential()).cancel_order(order, reason="CUSTOMER", refund=False, restock=True)
    wait_for(lambda: len(shopify_sim.deliveries) == 1)
    body = json.loads(shopify_sim.deliveries[0].body)
    assert (body["cancel_reason"], body["admin_graphql_api_id"]) == ("customer", order)
    jsonschema.validate(body, triggers.order_cancelled.output_schema)


def test_activating_a_trigger_subscribes_its_topic_and_deactivating_removes_it(shopify_sim):
    credential = shopify_sim.credential()
    subscription = triggers.order_fulfilled.subscribe(credential, "http://127.0.0.1:9/hooks/abc")
    (held,) = shopify_sim.state()["webhook_subscriptions"]
    assert held == {
        "id": subscription["id"],
        "topic": "ORDERS_FULFILLED",
        "callbackUrl": "http://127.0.0.1:9/hooks/abc",
        "format": "JSON",
    }
    triggers.order_fulfilled.unsubscribe(credential, subscription)
    assert shopify_sim.state()["webhook_subscriptions"] == []


def test_a_fulfilled_order_is_sent_to_its_subscription(shopify_sim):
    client = ShopifyClient(shopify_sim.credential())
    triggers.order_fulfilled.subscribe(shopify_sim.credential(), "http://127.0.0.1:9/hooks/abc")
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    client.create_fulfillment(order, tracking={"number": "1Z1"}, notify_customer=False)
    wait_for(lambda: len(shopify_sim.deliveries) == 1)
    (delivery,) = shopify_sim.deliveries
    assert (delivery.topic, delivery.url) == ("orders/fulfilled", "http://127.0.0.1:9/hooks/abc")
    body = json.loads(delivery.body)
    assert body["fulfillment_status"] == "fulfilled"
    jsonschema.validate(body, triggers.order_fulfilled.output_schema)


def control(sim, path, body):
    return requests.post(sim.url + path, json=body, timeout=10)


def delivered(sim, topic):
    """The one `topic` webhook the simulator sent, checked as the trigger checks it."""
    wait_for(lambda: any(d.topic == topic for d in sim.deliveries))
    delivery = next(d for d in sim.deliveries if d.topic == topic)
    trigger = next(t for t in triggers.ALL if t.topic == topic)
    request = TriggerRequest(body=json.loads(delivery.body), headers=delivery.headers, raw_body=delivery.body)
    trigger.verify(request, sim.credential())
    assert trigger.dedup_key(request) == delivery.headers["X-Shopify-Webhook-Id"]
    assert delivery.headers["X-Shopify-Event-Id"]
    assert delivery.headers["X-Shopify-Triggered-At"].endswith("Z")
    jsonschema.validate(request.body, trigger.output_schema)
    return request.body


def test_editing_a_product_sends_a_signed_products_update(shopify_sim):
    shopify_sim.receivers.append({"url": "http://127.0.0.1:9/hooks/x", "topics": ["products/update"]})
    product = next(p for p in shopify_sim.state()["products"] if p["title"] == "Red mug")
    number = product["id"].rsplit("/", 1)[1]
    answered = control(shopify_sim, f"/_sim/products/{number}", {"title": "Red mug (large)", "tags": ["sale"]})
    body = delivered(shopify_sim, "products/update")
    assert body == answered.json()
    assert (body["id"], body["title"], body["tags"]) == (int(number), "Red mug (large)", "sale")
    assert [v["sku"] for v in body["variants"]] == ["MUG-RED-12OZ"]
    assert control(shopify_sim, "/_sim/products/999", {"title": "x"}).status_code == 404


def test_moving_stock_sends_inventory_levels_update_from_the_control_and_from_mutations(shopify_sim):
    shopify_sim.receivers.append({"url": "http://127.0.0.1:9/hooks/x", "topics": ["inventory_levels/update"]})
    control(shopify_sim, "/_sim/inventory", {"sku": "MUG-RED-12OZ", "available": 7})
    body = delivered(shopify_sim, "inventory_levels/update")
    assert (body["available"], body["location_id"]) == (7, int(shopify_sim.location_id.rsplit("/", 1)[1]))
    client = ShopifyClient(shopify_sim.credential())
    item = client.inventory_item_for("MUG-RED-12OZ")
    client.adjust_inventory(item_id=item, location_id=shopify_sim.location_id, delta=-2)
    wait_for(lambda: len(shopify_sim.deliveries) == 2)
    assert json.loads(shopify_sim.deliveries[1].body)["available"] == 5


def test_a_new_customer_sends_customers_create_to_its_subscription(shopify_sim):
    triggers.customer_created.subscribe(shopify_sim.credential(), "http://127.0.0.1:9/hooks/c")
    (subscription,) = shopify_sim.state()["webhook_subscriptions"]
    assert subscription["topic"] == "CUSTOMERS_CREATE"
    made = control(shopify_sim, "/_sim/customers", {"email": "dee@example.com", "first_name": "Dee"}).json()
    body = delivered(shopify_sim, "customers/create")
    assert (body["email"], body["first_name"], body["admin_graphql_api_id"]) == (
        "dee@example.com",
        "Dee",
        made["admin_graphql_api_id"],
    )
    assert shopify_sim.deliveries[0].url == "http://127.0.0.1:9/hooks/c"
    taken = control(shopify_sim, "/_sim/customers", {"email": "dee@example.com"})
    assert (taken.status_code, taken.json()) == (422, {"errors": ["Email has already been taken"]})
