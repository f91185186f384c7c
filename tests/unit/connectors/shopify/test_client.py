"""How Shopify's GraphQL answers become step errors: THROTTLED, userErrors, bad tokens, refused queries."""

from __future__ import annotations

import json

import pytest

from connectors.sdk import CredentialRejected, RateLimited, VendorRejected
from connectors.shopify import client as shopify_client
from connectors.shopify.client import ShopifyClient, gid, throttle_wait


@pytest.fixture(autouse=True)
def fresh_budget(monkeypatch):
    monkeypatch.setattr(shopify_client, "budget", shopify_client._Budget())


def test_numeric_ids_become_gids_and_gids_pass_through():
    assert gid("Order", 5904567812345) == "gid://shopify/Order/5904567812345"
    assert gid("Location", " gid://shopify/Location/7 ") == "gid://shopify/Location/7"


def test_retry_after_is_the_missing_cost_over_the_restore_rate():
    cost = {"requestedQueryCost": 202, "throttleStatus": {"currentlyAvailable": 118, "restoreRate": 50.0}}
    assert throttle_wait(cost) == pytest.approx(1.68)
    assert throttle_wait({}) is None


def test_a_throttled_answer_with_http_200_is_rate_limited_with_the_computed_wait(shopify_sim):
    shopify_sim.throttle_next = 1
    with pytest.raises(RateLimited) as caught:
        ShopifyClient(shopify_sim.credential()).get_order(1)
    error = caught.value.as_json()
    assert error["retryable"] is True
    assert error["code"] == "rate_limited"
    # the simulator empties the bucket: GetOrder's requested cost over 100 points/s
    requested = error["details"]["cost"]["requestedQueryCost"]
    assert error["retry_after_s"] == pytest.approx(requested / 100, abs=0.05)


def test_a_spent_budget_holds_the_next_call_back_without_sending_it(shopify_sim):
    client = ShopifyClient(shopify_sim.credential())
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    client.get_order(order)
    shopify_client.budget.record(
        client.budget_key,
        "GetOrder",
        {
            "requestedQueryCost": 80,
            "throttleStatus": {"currentlyAvailable": 0, "maximumAvailable": 2000, "restoreRate": 100},
        },
    )
    sent = len(shopify_sim.requests)
    with pytest.raises(RateLimited, match="cost budget") as caught:
        client.get_order(order)
    assert 0.7 < caught.value.retry_after <= 0.8
    assert len(shopify_sim.requests) == sent


def test_a_user_error_is_vendor_rejected_with_the_field_as_a_json_pointer(shopify_sim):
    with pytest.raises(VendorRejected) as caught:
        ShopifyClient(shopify_sim.credential()).set_inventory(
            item_id="gid://shopify/InventoryItem/999", location_id=shopify_sim.location_id, quantity=3
        )
    error = caught.value.as_json()
    assert error["field"] == "/input/quantities/0/inventoryItemId"
    assert error["vendor"] == {"status": 200, "code": "INVALID_INVENTORY_ITEM"}
    assert error["retryable"] is False
    assert "inventory item could not be found" in error["message"]


def test_a_wrong_token_rejects_the_credential_with_shopifys_message(shopify_sim):
    with pytest.raises(CredentialRejected, match="Invalid API key or access token"):
        ShopifyClient({**shopify_sim.credential(), "access_token": "shpat_wrong"}).shop()


def test_a_query_the_schema_refuses_is_a_final_error_naming_the_field(shopify_sim):
    with pytest.raises(VendorRejected) as caught:
        ShopifyClient(shopify_sim.credential()).execute("query Broken { shop { name colour } }")
    assert caught.value.vendor_code == "undefinedField"
    assert "colour" in caught.value.message


def test_the_step_log_shows_the_call_but_never_the_token(shopify_sim):
    log: list = []
    ShopifyClient(shopify_sim.credential(), log=log).shop()
    (entry,) = log
    assert entry["url"].endswith("/admin/api/2025-01/graphql.json")
    assert entry["status"] == 200
    assert shopify_sim.access_token not in json.dumps(log)
    assert shopify_sim.requests[-1].headers["x-shopify-access-token"] == shopify_sim.access_token


def test_without_a_base_url_the_client_calls_the_shop_domain():
    client = ShopifyClient({"shop_domain": "demo.myshopify.com", "access_token": "shpat_x"})
    assert client.http.base_url == "https://demo.myshopify.com"
