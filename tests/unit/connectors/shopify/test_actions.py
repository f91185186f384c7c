"""Shopify blocks against the simulator: what a step outputs or fails with, and what the shop ends up holding."""

from __future__ import annotations

import json

import pytest

from connectors.sdk import VendorRejected
from connectors.shopify import actions
from connectors.shopify import client as shopify_client


def level(sim, sku):
    return next(x for x in sim.state()["inventory_levels"] if x["sku"] == sku and x["location_id"] == sim.location_id)


def test_get_order_takes_the_webhook_number_or_the_gid(shopify_sim, ctx):
    made = shopify_sim.create_order(email="ana@example.com")
    by_number = actions.get_order.run(ctx(), {"order_id": str(made["id"])})
    by_gid = actions.get_order.run(ctx(), {"order_id": made["admin_graphql_api_id"]})
    assert by_number == by_gid
    assert (by_gid["name"], by_gid["email"], by_gid["displayFinancialStatus"]) == (
        made["name"],
        "ana@example.com",
        "PAID",
    )
    assert by_gid["totalPriceSet"]["shopMoney"] == {"amount": "50.00", "currencyCode": "USD"}


def test_an_unknown_order_is_a_final_error(shopify_sim, ctx):
    with pytest.raises(VendorRejected, match="no order 42"):
        actions.get_order.run(ctx(), {"order_id": "42"})


def test_search_orders_follows_cursor_pages_until_max_items(shopify_sim, ctx, monkeypatch):
    monkeypatch.setattr(shopify_client, "ORDERS_PAGE", 2)
    names = [shopify_sim.create_order(email=f"c{i}@example.com")["name"] for i in range(5)]
    found = actions.search_orders.run(ctx(), {"max_items": 4, "sort_key": "CREATED_AT", "reverse": False})
    assert [o["name"] for o in found["orders"]] == names[:4]
    assert found["count"] == 4
    pages = [json.loads(r.body)["variables"] for r in shopify_sim.requests if b"SearchOrders" in r.body]
    assert [(p["first"], p["after"] is None) for p in pages] == [(2, True), (2, False)]


def test_search_orders_filters_with_shopify_search_syntax(shopify_sim, ctx):
    shopify_sim.create_order(email="paid@example.com")
    shopify_sim.create_order(email="pending@example.com", paid=False)
    found = actions.search_orders.run(ctx(), {"query": "financial_status:pending"})
    assert [o["email"] for o in found["orders"]] == ["pending@example.com"]


def test_tags_are_added_to_the_ones_the_order_has(shopify_sim, ctx):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    actions.add_order_tags.run(ctx(), {"order_id": order, "tags": ["vip"]})
    tagged = actions.add_order_tags.run(ctx(), {"order_id": order, "tags": ["wholesale", "vip"]})
    assert tagged == {"id": order, "tags": ["vip", "wholesale"]}


def test_a_retried_fulfillment_ships_once_with_the_tracking_number(shopify_sim, ctx):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    config = {"order_id": order, "tracking_number": "1Z999", "tracking_company": "UPS", "notify_customer": False}
    first = actions.create_fulfillment.run(ctx(), config)
    again = actions.create_fulfillment.run(ctx(), config)
    assert again == first
    (shipped,) = shopify_sim.state()["fulfillments"]
    assert shipped["trackingInfo"] == [{"number": "1Z999", "company": "UPS", "url": None}]
    assert shipped["notifyCustomer"] is False
    assert actions.get_order.run(ctx(), {"order_id": order})["displayFulfillmentStatus"] == "FULFILLED"


def test_fulfilling_an_order_with_nothing_open_names_the_reason(shopify_sim, ctx):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    actions.cancel_order.run(ctx(), {"order_id": order})
    with pytest.raises(VendorRejected, match="nothing left to fulfil"):
        actions.create_fulfillment.run(ctx(), {"order_id": order, "tracking_number": "1Z1"})


def test_setting_inventory_twice_leaves_the_same_level(shopify_sim, ctx):
    config = {"sku": "MUG-BLUE-12OZ", "location_id": shopify_sim.location_id, "quantity": 3}
    first = actions.set_inventory_level.run(ctx(), config)
    again = actions.set_inventory_level.run(ctx(), config)
    assert (first["available"], first["delta"]) == (3, -7)
    assert (again["available"], again["delta"]) == (3, 0)
    assert level(shopify_sim, "MUG-BLUE-12OZ")["available"] == 3


def test_adjusting_inventory_moves_it_by_the_delta_and_is_not_retried_blindly(shopify_sim, ctx):
    location = shopify_sim.location_id.rsplit("/", 1)[1]  # the number from the admin URL works too
    out = actions.adjust_inventory_level.run(ctx(), {"sku": "MUG-RED-12OZ", "location_id": location, "delta": -3})
    assert (out["available"], out["delta"], out["location_id"]) == (1, -3, shopify_sim.location_id)
    assert level(shopify_sim, "MUG-RED-12OZ")["available"] == 1
    assert actions.adjust_inventory_level.idempotent is False
    assert actions.set_inventory_level.idempotent is True


def test_an_unknown_sku_points_at_the_sku_field(shopify_sim, ctx):
    with pytest.raises(VendorRejected) as caught:
        actions.set_inventory_level.run(ctx(), {"sku": "NOPE", "location_id": shopify_sim.location_id, "quantity": 1})
    assert caught.value.as_json()["field"] == "/sku"
    assert caught.value.vendor_code == "SKU_NOT_FOUND"


def test_an_unknown_location_is_shopifys_user_error_with_its_field(shopify_sim, ctx):
    with pytest.raises(VendorRejected) as caught:
        actions.adjust_inventory_level.run(ctx(), {"sku": "MUG-RED-12OZ", "location_id": "999", "delta": 1})
    assert caught.value.as_json()["field"] == "/input/changes/0/locationId"
    assert caught.value.vendor_code == "INVALID_LOCATION"


def test_find_variant_by_sku_matches_exactly_and_says_whether_found(shopify_sim, ctx):
    found = actions.find_variant_by_sku.run(ctx(), {"sku": "mug-red-12oz"})
    assert found == {"found": False, "variant": None}  # Shopify matches case-insensitively; the block does not
    found = actions.find_variant_by_sku.run(ctx(), {"sku": "MUG-RED-12OZ"})
    assert (found["found"], found["variant"]["product"]["title"], found["variant"]["inventoryQuantity"]) == (
        True,
        "Red mug",
        4,
    )


def test_cancelling_restocks_and_a_second_cancel_is_refused(shopify_sim, ctx):
    order = shopify_sim.create_order(items=[{"sku": "MUG-RED-12OZ", "quantity": 2}])["admin_graphql_api_id"]
    done = actions.cancel_order.run(ctx(), {"order_id": order, "reason": "CUSTOMER", "refund": True})
    assert done["order_id"] == order
    assert level(shopify_sim, "MUG-RED-12OZ")["available"] == 6
    cancelled = actions.get_order.run(ctx(), {"order_id": order})
    assert (cancelled["cancelReason"], cancelled["displayFinancialStatus"]) == ("CUSTOMER", "REFUNDED")
    with pytest.raises(VendorRejected, match="already been cancelled") as caught:
        actions.cancel_order.run(ctx(), {"order_id": order})
    assert caught.value.as_json()["field"] == "/orderId"


def test_a_taken_email_is_refused_with_the_email_field(shopify_sim, ctx):
    made = actions.create_customer.run(ctx(), {"email": "bo@example.com", "first_name": "Bo", "tags": ["vip"]})
    assert (made["email"], made["firstName"], made["tags"]) == ("bo@example.com", "Bo", ["vip"])
    with pytest.raises(VendorRejected, match="Email has already been taken") as caught:
        actions.create_customer.run(ctx(), {"email": "bo@example.com"})
    assert caught.value.as_json()["field"] == "/email"
