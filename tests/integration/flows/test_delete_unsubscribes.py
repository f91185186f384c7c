"""Deleting an active Shopify or Stripe flow removes its webhook subscription at the vendor, as
deactivating does; a vendor that refuses is logged and the flow deleted anyway (as on deactivate)."""

from __future__ import annotations

import logging

import pytest

from backend.credentials.services import credential_create, credential_update
from backend.flows import services as flows

pytestmark = pytest.mark.django_db


def active_flow(api, block: str, connector: str, data: dict):
    credential = credential_create(name=connector, connector=connector, data=data)
    node = {"id": "start", "block": block, "credential": str(credential.id)}
    flow = flows.flow_create(document={"schema": 1, "name": "Listens", "nodes": [node], "edges": []})
    response = api.post(f"/api/flows/{flow.id}/activate/")
    assert response.status_code == 200, response.content
    return response.json(), credential


def test_deleting_an_active_shopify_flow_removes_its_subscription(api, shopify_sim):
    flow, _ = active_flow(api, "shopify.order_paid", "shopify", shopify_sim.credential())
    [subscription] = shopify_sim.state()["webhook_subscriptions"]
    assert subscription["callbackUrl"] == flow["webhook_url"]

    assert api.delete(f"/api/flows/{flow['id']}/").status_code == 204
    assert api.get(f"/api/flows/{flow['id']}/").status_code == 404
    assert shopify_sim.state()["webhook_subscriptions"] == []


def test_deleting_an_active_stripe_flow_removes_its_endpoint(api, stripe_sim):
    flow, _ = active_flow(api, "stripe.charge_refunded", "stripe", stripe_sim.credential())
    [endpoint] = stripe_sim.state()["webhook_endpoints"].values()
    assert endpoint["url"] == flow["webhook_url"]

    assert api.delete(f"/api/flows/{flow['id']}/").status_code == 204
    assert api.get(f"/api/flows/{flow['id']}/").status_code == 404
    assert stripe_sim.state()["webhook_endpoints"] == {}


def test_deleting_a_flow_deactivated_first_calls_the_vendor_once(api, shopify_sim):
    flow, _ = active_flow(api, "shopify.order_paid", "shopify", shopify_sim.credential())
    assert api.post(f"/api/flows/{flow['id']}/deactivate/").status_code == 200
    assert shopify_sim.state()["webhook_subscriptions"] == []
    assert api.delete(f"/api/flows/{flow['id']}/").status_code == 204


def test_a_vendor_that_refuses_the_unsubscribe_is_logged_and_the_flow_deleted(api, shopify_sim, caplog):
    flow, credential = active_flow(api, "shopify.order_paid", "shopify", shopify_sim.credential())
    credential_update(credential=credential, data={**shopify_sim.credential(), "access_token": "revoked"})

    with caplog.at_level(logging.WARNING, logger="backend.flows.services"):
        assert api.delete(f"/api/flows/{flow['id']}/").status_code == 204
    assert api.get(f"/api/flows/{flow['id']}/").status_code == 404
    assert "could not remove its shopify webhook subscription" in caplog.text
    assert len(shopify_sim.state()["webhook_subscriptions"]) == 1  # left at the vendor, as deactivate leaves it
