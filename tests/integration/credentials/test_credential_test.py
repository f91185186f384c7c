"""POST /api/credentials/{id}/test/: one cheap vendor call says whether the credential works, never a secret."""

from __future__ import annotations

import uuid

import pytest

pytestmark = pytest.mark.django_db


def tried(api, connector: str, data: dict) -> dict:
    """Save a credential, test it; the answer is 200 whatever the vendor said."""
    created = api.post("/api/credentials/", {"name": "c", "connector": connector, "data": data}, format="json")
    assert created.status_code == 201, created.content
    response = api.post(f"/api/credentials/{created.json()['id']}/test/")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_working_shopify_token_names_the_shop(api, shopify_sim):
    result = tried(api, "shopify", shopify_sim.credential())
    assert result == {"ok": True, "detail": "Connected to the shop Dovetail sandbox (dovetail-sandbox.myshopify.com)"}


def test_a_wrong_shopify_token_is_refused_with_shopifys_message(api, shopify_sim):
    result = tried(api, "shopify", {**shopify_sim.credential(), "access_token": "shpat_wrongtoken123"})
    assert result["ok"] is False
    assert result["error"]["status"] == 401
    assert result["error"]["code"] == "credential_rejected"
    assert "Invalid API key or access token" in result["error"]["message"]
    assert "shpat_wrongtoken123" not in str(result)


def test_a_working_stripe_key(api, stripe_sim):
    result = tried(api, "stripe", stripe_sim.credential())
    assert result == {"ok": True, "detail": "Stripe accepted the key (test mode)"}


def test_a_wrong_stripe_key_is_refused_with_stripes_message_and_no_secret(api, stripe_sim):
    result = tried(api, "stripe", {**stripe_sim.credential(), "secret_key": "sk_test_wrongkey987654"})
    assert result["ok"] is False
    assert result["error"]["status"] == 401
    assert result["error"]["message"].endswith("Invalid API Key provided: sk_test_****")
    assert "wrongkey987654" not in str(result)


def test_an_unreachable_vendor_is_not_ok_and_has_no_status(api, stripe_sim):
    stripe_sim.stop()
    result = tried(api, "stripe", stripe_sim.credential())
    assert result["ok"] is False
    assert result["error"]["status"] is None
    assert result["error"]["code"] == "retryable"


def test_an_unknown_credential_is_404(api):
    assert api.post(f"/api/credentials/{uuid.uuid4()}/test/").status_code == 404
    assert api.post("/api/credentials/not-a-uuid/test/").status_code == 404
