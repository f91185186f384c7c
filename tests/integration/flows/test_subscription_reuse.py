"""Activating a flow whose vendor webhook is already there adopts it: no failure, no second subscription."""

from __future__ import annotations

import pytest

from backend.credentials.services import credential_create
from backend.flows import services as flows
from connectors.sdk import VendorRejected
from connectors.shopify.client import ShopifyClient
from connectors.stripe.client import StripeClient

pytestmark = pytest.mark.django_db


def flow_on(block: str, connector: str, data: dict):
    credential = credential_create(name=connector, connector=connector, data=data)
    node = {"id": "start", "block": block, "credential": str(credential.id)}
    return flows.flow_create(document={"schema": 1, "name": "Listens", "nodes": [node], "edges": []})


def webhook_url(api, flow) -> str:
    return api.get(f"/api/flows/{flow.id}/").json()["webhook_url"]


def activate(api, flow) -> dict:
    response = api.post(f"/api/flows/{flow.id}/activate/")
    assert response.status_code == 200, response.content
    flow.refresh_from_db()
    return response.json()


def test_a_shopify_subscription_left_at_the_flows_url_is_adopted(api, shopify_sim):
    flow = flow_on("shopify.order_paid", "shopify", shopify_sim.credential())
    left = ShopifyClient(shopify_sim.credential()).subscribe_webhook(topic="orders/paid", url=webhook_url(api, flow))

    assert activate(api, flow)["active"] is True
    assert flow.webhook_subscription == {"id": left["id"], "topic": "ORDERS_PAID", "adopted": True}
    assert [s["id"] for s in shopify_sim.state()["webhook_subscriptions"]] == [left["id"]]

    api.post(f"/api/flows/{flow.id}/deactivate/")
    assert shopify_sim.state()["webhook_subscriptions"] == [], "an adopted subscription is removed like our own"


def test_any_other_shopify_user_error_is_still_an_error(shopify_sim):
    with pytest.raises(VendorRejected, match="Address can't be blank"):
        ShopifyClient(shopify_sim.credential()).subscribe_webhook(topic="orders/paid", url="")


def test_a_stripe_endpoint_dovetail_left_behind_is_replaced_because_its_secret_is_gone(api, stripe_sim):
    flow = flow_on("stripe.charge_refunded", "stripe", stripe_sim.credential())
    url = webhook_url(api, flow)
    client = StripeClient(stripe_sim.credential())
    left = client.create_webhook_endpoint(
        url=url, events=["charge.refunded"], idempotency_key="earlier", metadata={"created_by": "dovetail"}
    )

    activate(api, flow)
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["id"] != left["id"]
    assert endpoint["url"] == url
    assert flow.webhook_subscription["id"] == endpoint["id"]
    assert flow.webhook_subscription["secret"], "the new endpoint's secret is kept (encrypted)"


def test_an_operators_stripe_endpoint_is_reused_with_the_credentials_secret(api, stripe_sim):
    flow = flow_on("stripe.charge_refunded", "stripe", stripe_sim.credential())  # the credential holds a whsec
    url = webhook_url(api, flow)
    made = StripeClient(stripe_sim.credential()).create_webhook_endpoint(
        url=url, events=["customer.created"], idempotency_key="by-hand"
    )

    activate(api, flow)
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["id"] == made["id"]
    assert endpoint["enabled_events"] == ["customer.created", "charge.refunded"]
    assert flow.webhook_subscription == {"id": made["id"], "reused": True}


def test_an_operators_stripe_endpoint_is_replaced_when_the_credential_has_no_secret(api, stripe_sim):
    data = {k: v for k, v in stripe_sim.credential().items() if k != "webhook_secret"}
    flow = flow_on("stripe.charge_refunded", "stripe", data)
    url = webhook_url(api, flow)
    made = StripeClient(data).create_webhook_endpoint(url=url, events=["charge.refunded"], idempotency_key="by-hand")

    activate(api, flow)
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["id"] != made["id"]
    assert flow.webhook_subscription["secret"]


def test_reactivating_within_a_day_makes_a_live_endpoint_not_the_deleted_one(api, stripe_sim):
    flow = flow_on("stripe.charge_refunded", "stripe", stripe_sim.credential())
    first = activate(api, flow)
    first_id = flow.webhook_subscription["id"]
    api.post(f"/api/flows/{flow.id}/deactivate/")
    assert stripe_sim.state()["webhook_endpoints"] == {}

    activate(api, flow)
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["id"] == flow.webhook_subscription["id"] != first_id
    assert endpoint["url"] == first["webhook_url"]
