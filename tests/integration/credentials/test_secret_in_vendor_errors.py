"""A vendor that echoes the credential's secret in its error body: the secret is nowhere a user looks.

The run's detail (step error, each attempt's error, the exchange log), the run list, the stats'
error groups, the error flow's payload and the alert webhook. Real sockets: the recording upstream.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run, Step, StepStatus
from backend.runs.services import run_notify_failure
from backend.triggers.services import event_accept_payload
from tests.support.upstream import Upstream

pytestmark = pytest.mark.django_db

SECRET = "ERPSECRETVALUE42"


@pytest.fixture
def alerts_hook():
    server = Upstream().start()
    yield server
    server.stop()


def header_credential(api) -> str:
    data = {"header_name": "X-Erp-Auth", "value": SECRET}
    response = api.post("/api/credentials/", {"name": "ERP", "connector": "http_header", "data": data}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def erp_flow(credential_id: str, url: str, *, retry=None, settings=None, name="Orders to ERP"):
    node = {"id": "erp", "block": "core.http_request", "credential": credential_id, "config": {"url": url}}
    if retry:
        node["retry"] = retry
    document = {
        "schema": 1,
        "name": name,
        "nodes": [{"id": "start", "block": "core.manual"}, node],
        "edges": [{"from": "start", "to": "erp"}],
        **({"settings": settings} if settings else {}),
    }
    return flows.flow_create(document=document)


def advance_until_final(run: Run) -> Run:
    """Advance through its retries, each due at once."""
    run = run_advance(run_id=run.id)
    while run.status == "waiting":
        past = timezone.now() - timedelta(seconds=1)
        Run.objects.filter(id=run.id).update(wake_at=past)
        Step.objects.filter(run=run, status=StepStatus.WAITING).update(next_attempt_at=past)
        run = run_advance(run_id=run.id)
    return run


@pytest.mark.parametrize("status", [500, 401, 429, 422])
def test_an_echoed_secret_is_redacted_in_the_run_its_attempts_the_list_and_the_stats(api, upstream, status):
    upstream.status, upstream.reply = status, {"error": f"bad key {SECRET}", "hint": "check X-Erp-Auth"}
    retry = {"max_attempts": 2, "initial_delay_s": 0.01}
    flow = erp_flow(header_credential(api), upstream.url + "/orders", retry=retry)
    run = advance_until_final(event_accept_payload(flow=flow, payload={}, publish=False))
    assert run.status == "failed"
    assert upstream.received[0].headers["X-Erp-Auth"] == SECRET  # the vendor did get the key

    detail = api.get(f"/api/runs/{run.id}/").json()
    step = next(s for s in detail["steps"] if s["node_id"] == "erp")
    assert "bad key [redacted]" in step["error"]["message"]  # the operator still reads what the vendor said
    assert "check X-Erp-Auth" in step["error"]["message"]
    assert len(step["attempts"]) == (1 if status in (401, 422) else 2)
    for attempt in step["attempts"]:
        assert "bad key [redacted]" in attempt["error"]["message"]
    assert "bad key [redacted]" in detail["error"]["message"]
    listed = api.get(f"/api/runs/?flow={flow.id}").json()
    stats = api.get(f"/api/runs/stats/?window=24h&flow={flow.id}").json()
    assert any("bad key [redacted]" in json.dumps(group) for group in stats["errors"])
    for shown in (detail, listed, stats):
        assert SECRET not in json.dumps(shown)


def test_an_echoed_secret_is_redacted_in_the_error_flow_and_the_alert(api, upstream, alerts_hook):
    upstream.status, upstream.reply = 500, {"error": f"bad key {SECRET}"}
    handler = flows.flow_create(
        document={
            "schema": 1,
            "name": "ops alert",
            "nodes": [
                {"id": "start", "block": "core.manual"},
                {"id": "tell", "block": "core.http_request", "config": {"url": alerts_hook.url + "/ops"}},
            ],
            "edges": [{"from": "start", "to": "tell"}],
        }
    )
    credential_id = header_credential(api)
    flow = erp_flow(credential_id, upstream.url + "/orders", settings={"error_flow": str(handler.id)})
    flow = flows.flow_alerts_set(flow=flow, email="", webhook_url=alerts_hook.url + "/alert")
    run = advance_until_final(event_accept_payload(flow=flow, payload={}, publish=False))
    assert run.status == "failed"

    error_run = Run.objects.get(flow=handler)
    payload = json.loads(error_run.event.body)
    assert "bad key [redacted]" in payload["error"]["message"]
    assert SECRET not in json.dumps(api.get(f"/api/runs/{error_run.id}/").json())
    run_notify_failure(run_id=run.id)
    [alert] = [r for r in alerts_hook.received if r.path == "/alert"]
    assert "bad key [redacted]" in alert.body["error"]
    assert SECRET not in json.dumps(alert.body)
