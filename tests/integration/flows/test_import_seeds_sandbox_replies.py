"""Importing a template file (the API's upload, a JSON body, the CLI) in sandbox mode sets its inboxes'
replies (`template.sandbox_replies`) as "Use template" does, so the imported flow's runs succeed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from backend.credentials.services import credential_create
from backend.flows.models import Flow
from backend.flows.services import flow_activate
from tests.integration.flows.test_template_runs import delivered, inbox, only_run

pytestmark = pytest.mark.django_db(transaction=True)

LABEL = Path(__file__).resolve().parents[3] / "flows" / "paid-shopify-order-to-label-and-fulfilment.json"
CARRIER_REPLY = json.loads(LABEL.read_text())["template"]["sandbox_replies"]["carrier"]


@pytest.fixture
def sandbox(live_server, settings):
    settings.SANDBOX_URL = live_server.url
    return live_server.url


def upload(api) -> dict:
    file = SimpleUploadedFile(LABEL.name, LABEL.read_bytes(), content_type="application/json")
    response = api.post("/api/flows/import/", {"file": file}, format="multipart")
    assert response.status_code == 201, response.content
    return response.json()


def carrier_reply(api) -> dict:
    response = api.get("/api/sandbox/inbox/carrier/reply/")
    assert response.status_code == 200, "the carrier inbox has no reply set"
    return {k: response.json()[k] for k in ("status", "body")}


def test_an_uploaded_template_runs_in_the_sandbox_with_its_carriers_reply(sandbox, api, shopify_sim):
    imported = upload(api)
    assert carrier_reply(api) == CARRIER_REPLY

    shop = credential_create(name="Shop", connector="shopify", data=shopify_sim.credential())
    document = imported["document"]
    for node in document["nodes"]:
        if node["block"].startswith("shopify."):
            node["credential"] = str(shop.id)
    assert api.put(f"/api/flows/{imported['id']}/", document, format="json").status_code == 200
    flow = Flow.objects.get(pk=imported["id"])
    # Registered with the simulator at the live server's address (the test client's host is not one).
    flow = flow_activate(flow=flow, webhook_url=f"{sandbox}/hooks/{flow.webhook_token}")

    shopify_sim.create_order(email="ana@example.com")
    delivered(shopify_sim, flow, "orders/paid")
    run = only_run(flow)
    assert run.status == "succeeded", run.error
    assert len(inbox(api, "carrier")) == 1
    [fulfillment] = shopify_sim.state()["fulfillments"]
    assert fulfillment["trackingInfo"] == [{"number": "1Z999AA10123456784", "company": "UPS", "url": None}]


def test_a_json_body_import_seeds_the_replies_too(sandbox, api):
    response = api.post("/api/flows/import/", json.loads(LABEL.read_text()), format="json")
    assert response.status_code == 201, response.content
    assert carrier_reply(api) == CARRIER_REPLY


def test_the_cli_import_seeds_the_replies(sandbox, api):
    call_command("flows", "import", str(LABEL))
    assert carrier_reply(api) == CARRIER_REPLY


def test_a_reply_the_operator_set_is_kept(sandbox, api):
    mine = {"status": 503, "body": {"error": "carrier down"}}
    assert api.put("/api/sandbox/inbox/carrier/reply/", mine, format="json").status_code == 200
    upload(api)
    assert carrier_reply(api) == mine


def test_outside_sandbox_mode_nothing_is_seeded(api, settings):
    settings.SANDBOX_URL = ""
    upload(api)
    assert api.get("/api/sandbox/inbox/carrier/reply/").status_code == 404


def test_an_upload_whose_document_is_refused_seeds_nothing(sandbox, api):
    document = json.loads(LABEL.read_text())
    document["edges"].append({"from": "fulfil", "to": "nowhere"})
    response = api.post("/api/flows/import/", document, format="json")
    assert response.status_code == 400
    assert api.get("/api/sandbox/inbox/carrier/reply/").status_code == 404


def test_malformed_sandbox_replies_in_an_upload_are_ignored(sandbox, api):
    document = json.loads(LABEL.read_text())
    document["template"]["sandbox_replies"] = {"carrier": "not an object", "erp": {"status": 201, "body": {}}}
    response = api.post("/api/flows/import/", document, format="json")
    assert response.status_code == 201, response.content
    assert api.get("/api/sandbox/inbox/carrier/reply/").status_code == 404
    assert api.get("/api/sandbox/inbox/erp/reply/").json()["status"] == 201
