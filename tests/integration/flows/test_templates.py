"""Flow templates (flows/*.json): each is a valid flow, usable from the gallery API and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from backend.credentials.services import credential_create
from backend.engine.validate import validate
from backend.flows.models import Flow
from backend.flows.templates import template_list
from connectors.sdk import default_registry

TEMPLATES = sorted((Path(__file__).resolve().parents[3] / "flows").glob("*.json"))


def test_there_are_templates_for_the_common_jobs():
    assert len(TEMPLATES) >= 8


@pytest.mark.parametrize("template", template_list(), ids=lambda t: t["slug"])
def test_each_template_is_a_valid_flow_that_says_what_it_does(template):
    assert validate(template["document"], default_registry()) == []
    assert template["title"]
    assert template["description"].endswith(".")
    used = {node["block"].split(".")[0] for node in template["document"]["nodes"]}
    assert used == set(template["connectors"])


@pytest.mark.django_db
def test_use_template_makes_a_draft_that_asks_for_its_credentials(api, shopify_sim, stripe_sim):
    listed = {t["slug"]: t for t in api.get("/api/templates/").json()["results"]}
    assert "cancelled-shopify-order-to-stripe-refund" in listed
    response = api.post("/api/templates/cancelled-shopify-order-to-stripe-refund/use/")
    assert response.status_code == 201
    flow = response.json()
    assert flow["active"] is False
    assert flow["credentials_needed"] == [
        {"node_id": "cancelled", "connector": "shopify"},
        {"node_id": "refund", "connector": "stripe"},
    ]
    refused = api.post(f"/api/flows/{flow['id']}/activate/")
    assert refused.status_code == 400
    assert {e["pointer"] for e in refused.json()["errors"]} == {"/nodes/0/credential", "/nodes/2/credential"}

    shop = credential_create(name="Shop", connector="shopify", data=shopify_sim.credential())
    stripe = credential_create(name="Stripe", connector="stripe", data=stripe_sim.credential())
    document = flow["document"]
    document["nodes"][0]["credential"] = str(shop.id)
    document["nodes"][2]["credential"] = str(stripe.id)
    assert api.put(f"/api/flows/{flow['id']}/", document, format="json").status_code == 200
    activated = api.post(f"/api/flows/{flow['id']}/activate/").json()
    assert activated["active"] is True
    # Activation registered the flow's webhook URL with Shopify for orders/cancelled...
    [subscription] = shopify_sim.state()["webhook_subscriptions"]
    assert subscription["callbackUrl"] == activated["webhook_url"]
    assert subscription["topic"] == "ORDERS_CANCELLED"
    # ...and deactivation removes it.
    api.post(f"/api/flows/{flow['id']}/deactivate/")
    assert shopify_sim.state()["webhook_subscriptions"] == []


@pytest.mark.django_db
def test_unknown_template_is_404(api):
    assert api.post("/api/templates/nope/use/").status_code == 404


@pytest.mark.django_db
def test_templates_import_from_the_cli(capsys):
    for path in TEMPLATES:
        call_command("flows", "import", str(path))
    assert Flow.objects.count() == len(TEMPLATES)
