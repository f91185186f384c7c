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


def test_a_note_is_added_once_however_often_the_step_is_retried(shopify_sim, ctx):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    actions.add_order_note.run(ctx(), {"order_id": order, "note": "Leave at the back door."})
    config = {"order_id": order, "note": "Gift wrap requested"}
    first = actions.add_order_note.run(ctx(), config)
    again = actions.add_order_note.run(ctx(), config)
    assert first == again == {"id": order, "note": "Leave at the back door.\nGift wrap requested"}
    replaced = actions.add_order_note.run(ctx(), {**config, "note": "Only this", "append": False})
    assert replaced["note"] == "Only this"


def test_get_product_returns_its_variants_with_stock(shopify_sim, ctx):
    variant = next(v for v in shopify_sim.state()["variants"] if v["sku"] == "MUG-RED-12OZ")
    number = variant["product"]["id"].rsplit("/", 1)[1]
    product = actions.get_product.run(ctx(), {"product_id": int(number)})  # the number a webhook carries
    assert (product["title"], product["status"], product["totalInventory"]) == ("Red mug", "ACTIVE", 4)
    assert [(v["sku"], v["inventoryQuantity"]) for v in product["variants"]["nodes"]] == [("MUG-RED-12OZ", 4)]


def test_get_variant_by_id_and_an_unknown_one_is_a_final_error(shopify_sim, ctx):
    variant = next(v for v in shopify_sim.state()["variants"] if v["sku"] == "MUG-BLUE-12OZ")
    found = actions.get_variant.run(ctx(), {"variant_id": variant["id"]})
    assert (found["sku"], found["price"], found["product"]["title"]) == ("MUG-BLUE-12OZ", "25.00", "Blue mug")
    with pytest.raises(VendorRejected, match="no variant 42") as caught:
        actions.get_variant.run(ctx(), {"variant_id": "42"})
    assert caught.value.vendor_code == "NOT_FOUND"


def test_update_customer_changes_only_the_given_fields(shopify_sim, ctx):
    made = actions.create_customer.run(ctx(), {"email": "cy@example.com", "first_name": "Cy", "note": "kept"})
    updated = actions.update_customer.run(ctx(), {"customer_id": made["id"], "last_name": "Diaz", "tags": ["vip"]})
    assert (updated["firstName"], updated["lastName"], updated["tags"], updated["note"]) == (
        "Cy",
        "Diaz",
        ["vip"],
        "kept",
    )
    actions.create_customer.run(ctx(), {"email": "taken@example.com"})
    with pytest.raises(VendorRejected, match="Email has already been taken") as caught:
        actions.update_customer.run(ctx(), {"customer_id": made["id"], "email": "taken@example.com"})
    assert caught.value.as_json()["field"] == "/email"


def refunds_of(sim, order):
    return [r for r in sim.state()["refunds"] if r["order_id"] == order]


def test_a_full_refund_pays_back_the_sale_and_the_order_is_refunded(shopify_sim, ctx):
    order = shopify_sim.create_order(items=[{"sku": "MUG-BLUE-12OZ", "quantity": 2}])["admin_graphql_api_id"]
    refund = actions.create_refund.run(ctx(), {"order_id": order, "note": "Out of stock", "notify": True})
    (transaction,) = refund["transactions"]["nodes"]
    assert (transaction["kind"], transaction["status"], transaction["amountSet"]["shopMoney"]["amount"]) == (
        "REFUND",
        "SUCCESS",
        "50.00",
    )
    assert refund["order"]["displayFinancialStatus"] == "REFUNDED"
    (held,) = refunds_of(shopify_sim, order)
    assert (held["note"], held["notify"]) == ("Out of stock", True)
    sale = shopify_sim.state()["orders"][order]["transactions"][0]
    request = json.loads(next(r.body for r in reversed(shopify_sim.requests) if b"CreateRefund" in r.body))
    assert request["variables"]["input"]["transactions"] == [
        {"orderId": order, "parentId": sale["id"], "gateway": "bogus", "kind": "REFUND", "amount": "50.00"}
    ]
    with pytest.raises(VendorRejected, match=r"has 0\.00 USD left to refund") as caught:
        actions.create_refund.run(ctx(), {"order_id": order})
    assert caught.value.vendor_code == "REFUND_EXCEEDS_CAPTURED"


def test_a_partial_refund_by_line_restocks_and_charges_the_line_price(shopify_sim, ctx):
    made = shopify_sim.create_order(items=[{"sku": "MUG-RED-12OZ", "quantity": 2}])
    line = made["line_items"][0]["admin_graphql_api_id"]
    config = {"order_id": made["admin_graphql_api_id"], "line_items": [{"line_item_id": line, "quantity": 1}]}
    config["line_items"][0]["restock_type"] = "RETURN"
    refund = actions.create_refund.run(ctx(), config)
    assert refund["totalRefundedSet"]["shopMoney"]["amount"] == "25.00"
    assert refund["refundLineItems"]["nodes"] == [
        {"lineItem": {"id": line, "sku": "MUG-RED-12OZ"}, "quantity": 1, "restockType": "RETURN"}
    ]
    assert refund["order"]["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert level(shopify_sim, "MUG-RED-12OZ")["available"] == 5
    twice = {**config, "amount": "1.00", "line_items": [{"line_item_id": line, "quantity": 2}]}
    with pytest.raises(VendorRejected, match="more items than were purchased") as caught:
        actions.create_refund.run(ctx(), twice)  # one unit was refunded already: Shopify refuses
    assert caught.value.as_json()["field"] == "/refundLineItems/0/quantity"


def test_a_refund_of_more_than_is_left_is_refused_before_calling_shopify(shopify_sim, ctx):
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    actions.create_refund.run(ctx(), {"order_id": order, "amount": "30"})
    with pytest.raises(VendorRejected, match=r"20\.00 USD left to refund, not 20\.01") as caught:
        actions.create_refund.run(ctx(), {"order_id": order, "amount": "20.01"})
    assert caught.value.as_json()["field"] == "/amount"
    assert len(refunds_of(shopify_sim, order)) == 1
    assert actions.create_refund.idempotent is False  # API 2025-01 takes no idempotency key for refundCreate


def test_an_unpaid_order_has_nothing_to_refund(shopify_sim, ctx):
    order = shopify_sim.create_order(paid=False)["admin_graphql_api_id"]
    with pytest.raises(VendorRejected, match="left to refund"):
        actions.create_refund.run(ctx(), {"order_id": order, "amount": "1.00"})
