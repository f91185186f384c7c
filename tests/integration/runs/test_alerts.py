"""Failure alerts: told once per failed run, by email and/or webhook."""

from __future__ import annotations

import pytest
from django.core import mail

from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.services import run_notify_failure
from backend.triggers.services import event_accept_payload
from tests.support.upstream import Upstream

pytestmark = pytest.mark.django_db


@pytest.fixture
def alerts_hook():
    server = Upstream().start()
    yield server
    server.stop()


def failing_flow(upstream, retry=None):
    node = {"id": "erp", "block": "core.http_request", "config": {"url": upstream.url}}
    if retry:
        node["retry"] = retry
    document = {
        "schema": 1,
        "name": "Orders to ERP",
        "nodes": [{"id": "start", "block": "core.manual"}, node],
        "edges": [{"from": "start", "to": "erp"}],
    }
    return flows.flow_create(document=document)


def test_alerts_are_set_through_the_api(api, upstream):
    flow = failing_flow(upstream)
    response = api.put(f"/api/flows/{flow.id}/alerts/", {"email": "ops@shop.example", "webhook_url": ""}, format="json")
    assert response.json() == {"email": "ops@shop.example", "webhook_url": ""}
    assert api.get(f"/api/flows/{flow.id}/").json()["alerts"]["email"] == "ops@shop.example"
    bad = api.put(f"/api/flows/{flow.id}/alerts/", {"email": "not-an-email"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["pointer"] == "/email"


def test_a_failed_run_queues_one_alert_and_it_says_what_failed(
    upstream, alerts_hook, django_capture_on_commit_callbacks
):
    upstream.status, upstream.reply = 422, {"error": "sku unknown"}
    flow = flows.flow_alerts_set(flow=failing_flow(upstream), email="ops@shop.example", webhook_url=alerts_hook.url)
    run = event_accept_payload(flow=flow, payload={}, publish=False)
    with django_capture_on_commit_callbacks() as callbacks:
        run = run_advance(run_id=run.id)
    assert run.status == "failed"
    assert [c.__qualname__ for c in callbacks] == ["run_finished.<locals>.<lambda>"]  # one alert task

    run_notify_failure(run_id=run.id)
    [email] = mail.outbox
    assert email.to == ["ops@shop.example"]
    assert "Orders to ERP" in email.subject
    assert "sku unknown" in email.body
    [posted] = alerts_hook.received
    assert posted.body["run_id"] == str(run.id)
    assert posted.body["node"] == "erp"
    assert "sku unknown" in posted.body["error"]


def test_retries_do_not_alert_only_the_final_failure_does(upstream, django_capture_on_commit_callbacks):
    upstream.status = 500
    flow = flows.flow_alerts_set(
        flow=failing_flow(upstream, retry={"max_attempts": 2, "initial_delay_s": 60}),
        email="ops@shop.example",
        webhook_url="",
    )
    run = event_accept_payload(flow=flow, payload={}, publish=False)
    with django_capture_on_commit_callbacks() as callbacks:
        run = run_advance(run_id=run.id)
    assert run.status == "waiting"
    # only the wake-up of the retry is queued, no alert
    assert [c.__qualname__ for c in callbacks] == ["run_publish_on_commit.<locals>.<lambda>"]
