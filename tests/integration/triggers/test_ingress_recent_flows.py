"""The ingress remembers the flows it has accepted events for; what changed since is read again.

A web process skips the flow look-up for a token it has just accepted a delivery at, and writes
the event only if the flow is still as it was then (one statement on PostgreSQL). Each test here
first delivers once, so the flow is remembered, then changes it as another web process or the
editor would, and checks what the next delivery gets.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from backend.credentials import crypto
from backend.credentials.services import credential_create
from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
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
