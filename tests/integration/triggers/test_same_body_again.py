"""A webhook without a delivery id: the same body again is a retry only right after it was sent.

An ERP that posts stock levels (7, then 3, then 7 again) sends bodies it has sent before, and each
is a change that must reach the shop; a sender that retries a delivery it thinks failed sends
the same body at once. Without an Idempotency-Key or X-Request-Id, only the second is a duplicate.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
from tests.support.documents import webhook_transform_http

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow():
    flow = services.flow_create(document=webhook_transform_http("http://127.0.0.1:9"))
    return services.flow_activate(flow=flow)


def stock(client, flow, available, **headers):
    body = json.dumps({"sku": "MUG-RED-12OZ", "location_id": "gid://shopify/Location/1001", "available": available})
    return client.post(f"/hooks/{flow.webhook_token}", data=body, content_type="application/json", **headers)


def runs_of(flow):
    return [json.loads(run.event.body)["available"] for run in Run.objects.filter(flow=flow).order_by("created_at")]


def test_a_stock_level_sent_again_after_another_change_starts_a_run(client, flow):
    assert [stock(client, flow, n).status_code for n in (7, 3, 7)] == [202, 202, 202]
    assert runs_of(flow) == [7, 3, 7]  # the shop ends at 7, as the ERP says


def test_the_same_body_again_at_once_is_a_retry_of_the_latest_delivery(client, flow):
    stock(client, flow, 7)
    stock(client, flow, 3)
    third = stock(client, flow, 7)
    retry = stock(client, flow, 7)
    assert retry.status_code == 200
    assert retry.json()["duplicate_of"] == third.json()["run_id"]
    assert runs_of(flow) == [7, 3, 7]
    assert Event.objects.get(pk=Run.objects.get(pk=third.json()["run_id"]).event_id).duplicates == 1
    # And a first body's retry, before anything else came, as before.
    assert stock(client, flow, 7).status_code == 200
    assert runs_of(flow) == [7, 3, 7]


def test_the_same_body_after_the_window_is_a_new_event(client, flow):
    first = stock(client, flow, 7)
    with override_settings(WEBHOOK_SAME_BODY_WINDOW_S=60):
        assert stock(client, flow, 7).status_code == 200
        Event.objects.filter(pk=Run.objects.get(pk=first.json()["run_id"]).event_id).update(
            received_at=timezone.now() - timedelta(seconds=61)
        )
        later = stock(client, flow, 7)
    assert later.status_code == 202
    assert runs_of(flow) == [7, 7]


def test_a_senders_idempotency_key_decides_whatever_the_body(client, flow):
    assert stock(client, flow, 7, HTTP_IDEMPOTENCY_KEY="erp-1").status_code == 202
    assert stock(client, flow, 3, HTTP_IDEMPOTENCY_KEY="erp-2").status_code == 202
    assert stock(client, flow, 7, HTTP_IDEMPOTENCY_KEY="erp-1").status_code == 200  # its retry, even after 3
    assert stock(client, flow, 7, HTTP_IDEMPOTENCY_KEY="erp-3").status_code == 202
    assert runs_of(flow) == [7, 3, 7]
