"""The ingress remembers the flows it has accepted events for; what changed since is read again.

A web process skips the flow look-up for a token it has just accepted a delivery at (and, for a
vendor's trigger, the read and decryption of the credential it verifies signatures with), and
writes the event only if the flow and that credential are still as they were then (one statement
on PostgreSQL). Each test here
first delivers once, so the flow is remembered, then changes it as another web process or the
editor would, and checks what the next delivery gets.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.credentials import crypto
from backend.credentials.models import Credential
from backend.credentials.services import credential_create, credential_delete, credential_update
from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
from connectors.shopify import webhooks as shopify
from connectors.stripe.webhooks import sign
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow():
    flow = services.flow_create(document=webhook_transform_http("http://127.0.0.1:9"))
    return services.flow_activate(flow=flow)


def post(client, token, n: int, **extra):
    body = json.dumps({**ORDER, "id": n})  # another order each time, so never a duplicate
    return client.post(f"/hooks/{token}", data=body, content_type="application/json", **extra)


def test_a_second_delivery_does_not_look_the_flow_up(client, flow):
    assert post(client, flow.webhook_token, 1).status_code == 202
    with CaptureQueriesContext(connection) as queries:
        response = post(client, flow.webhook_token, 2)
    assert response.status_code == 202
    assert not [q["sql"] for q in queries if "version_checksum" in q["sql"]], "the flow was looked up again"
    assert Run.objects.get(pk=response.json()["run_id"]).flow_version == flow.current_version


def test_a_flow_deactivated_since_answers_404_and_stores_nothing(client, flow):
    assert post(client, flow.webhook_token, 1).status_code == 202
    services.flow_deactivate(flow=flow)
    assert post(client, flow.webhook_token, 2).status_code == 404
    assert (Event.objects.count(), Run.objects.count()) == (1, 1)


def test_a_version_activated_since_gets_the_next_run(client, flow):
    assert post(client, flow.webhook_token, 1).status_code == 202
    document = webhook_transform_http("http://127.0.0.1:9")
    document["name"] = "Orders to the ERP, second version"
    version = services.flow_version_create(flow=flow, document=document)
    flow = services.flow_activate(flow=flow)
    assert flow.current_version_id == version.id
    response = post(client, flow.webhook_token, 2)
    assert response.status_code == 202
    assert Run.objects.get(pk=response.json()["run_id"]).flow_version_id == version.id


def test_a_token_rotated_since_retires_the_old_url(client, flow):
    old = flow.webhook_token
    assert post(client, old, 1).status_code == 202
    flow = services.flow_webhook_token_rotate(flow=flow)
    assert post(client, old, 2).status_code == 404
    assert post(client, flow.webhook_token, 3).status_code == 202
    assert Run.objects.count() == 2


def test_a_flow_deleted_since_answers_404(client, flow):
    token = flow.webhook_token
    assert post(client, token, 1).status_code == 202
    services.flow_delete(flow=flow)
    assert post(client, token, 2).status_code == 404
    assert Event.objects.count() == 0  # deleted with the flow; nothing new stored


def test_a_vendor_secret_changed_since_is_the_only_one_accepted(client, stripe_sim):
    # Stripe shows an endpoint's signing secret once, when it is made; deactivating deletes the
    # endpoint and activating again makes a new one, with a new secret, on an unchanged flow.
    data = {k: v for k, v in stripe_sim.credential().items() if k != "webhook_secret"}
    credential = credential_create(name="Stripe", connector="stripe", data=data)
    node = {"id": "paid", "block": "stripe.payment_intent_succeeded", "credential": str(credential.id)}
    document = {"schema": 1, "name": "Stripe payments", "nodes": [node], "edges": []}
    url = "http://testserver/hooks/"  # where Stripe would send; the simulator records it
    flow = services.flow_create(document=document)
    flow = services.flow_activate(flow=flow, webhook_url=url + flow.webhook_token)

    def deliver(n: int, secret: str):
        event = {"id": f"evt_{n}", "object": "event", "type": "payment_intent.succeeded", "data": {"object": {}}}
        body = json.dumps(event).encode()
        return client.post(
            f"/hooks/{flow.webhook_token}",
            data=body,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=sign(body, secret),
        )

    def reactivate():
        services.flow_deactivate(flow=flow)
        activated = services.flow_activate(flow=flow, webhook_url=url + flow.webhook_token)
        return crypto.decrypt(activated.webhook_subscription["secret"])["secret"]

    first = crypto.decrypt(flow.webhook_subscription["secret"])["secret"]
    assert deliver(1, first).status_code == 202
    second = reactivate()
    assert second != first
    # Remembered with the first secret: a delivery signed with it must not pass.
    assert deliver(2, first).status_code == 401, "a secret Stripe no longer signs with was trusted"
    assert deliver(3, second).status_code == 202
    third = reactivate()
    # Remembered with the second secret: a delivery signed with the new one must not be refused.
    assert deliver(4, third).status_code == 202
    assert sorted(json.loads(e.body)["id"] for e in Event.objects.all()) == ["evt_1", "evt_3", "evt_4"]


@pytest.fixture
def shopify_flow(shopify_sim):
    credential = credential_create(name="Shop", connector="shopify", data=shopify_sim.credential())
    node = {"id": "paid", "block": "shopify.order_paid", "credential": str(credential.id)}
    document = {"schema": 1, "name": "Paid orders", "nodes": [node], "edges": []}
    return services.flow_activate(flow=services.flow_create(document=document)), credential


def deliver_order(client, flow, n: int, secret: str):
    body = json.dumps({**ORDER, "id": n}).encode()
    return client.post(
        f"/hooks/{flow.webhook_token}",
        data=body,
        content_type="application/json",
        HTTP_X_SHOPIFY_HMAC_SHA256=shopify.sign(body, secret),
        HTTP_X_SHOPIFY_WEBHOOK_ID=f"delivery-{n}",
        HTTP_X_SHOPIFY_TOPIC="orders/paid",
    )


def test_a_second_signed_delivery_does_not_read_the_credential(client, shopify_flow, shopify_sim):
    flow, _ = shopify_flow
    assert deliver_order(client, flow, 1, shopify_sim.webhook_secret).status_code == 202
    with CaptureQueriesContext(connection) as queries:
        response = deliver_order(client, flow, 2, shopify_sim.webhook_secret)
    assert response.status_code == 202
    # The guard names the credential's table in the write; a read selects its columns.
    read = f'SELECT "{Credential._meta.db_table}".'
    assert not [q["sql"] for q in queries if read in q["sql"]], "the credential was read again"
    # ... and a wrong signature is still refused against the remembered secret.
    assert deliver_order(client, flow, 3, "not-the-secret").status_code == 401
    assert Event.objects.count() == 2


def test_a_credential_secret_changed_since_is_the_only_one_accepted(client, shopify_flow, shopify_sim):
    # The shop rotated its app's secret after a leak: the old one must stop working at once,
    # though this process remembered the credential with it.
    flow, credential = shopify_flow
    old = shopify_sim.webhook_secret
    assert deliver_order(client, flow, 1, old).status_code == 202
    credential_update(credential=credential, data={**shopify_sim.credential(), "webhook_secret": "rotated"})
    assert deliver_order(client, flow, 2, old).status_code == 401, "a secret the shop replaced was trusted"
    assert deliver_order(client, flow, 3, "rotated").status_code == 202
    assert sorted(json.loads(e.body)["id"] for e in Event.objects.all()) == [1, 3]


def test_a_credential_deleted_since_verifies_nothing(client, shopify_flow, shopify_sim):
    flow, credential = shopify_flow
    assert deliver_order(client, flow, 1, shopify_sim.webhook_secret).status_code == 202
    credential_delete(credential=credential)
    response = deliver_order(client, flow, 2, shopify_sim.webhook_secret)
    assert response.status_code == 401
    assert "credential" in response.json()["message"]
    assert Event.objects.count() == 1
