"""POST /hooks/<token>: what a vendor (or curl) sees."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db


@pytest.fixture
def flow():
    flow = services.flow_create(document=webhook_transform_http("http://127.0.0.1:9"))
    return services.flow_activate(flow=flow)


def post(client, token, body, content_type="application/json", **extra):
    return client.post(f"/hooks/{token}", data=body, content_type=content_type, **extra)


def test_event_is_stored_and_run_queued_with_202(client, flow):
    response = post(client, flow.webhook_token, json.dumps(ORDER), QUERY_STRING="source=shop")
    assert response.status_code == 202
    run = Run.objects.get(pk=response.json()["run_id"])
    assert run.status == "queued"  # nothing is executed in the web process
    assert run.flow_version == flow.current_version
    event = Event.objects.get()
    assert json.loads(event.body) == ORDER
    assert event.query == {"source": "shop"}


def test_secret_headers_are_redacted_in_the_stored_event(client, flow):
    post(client, flow.webhook_token, json.dumps(ORDER), HTTP_AUTHORIZATION="Bearer sk_live_123")
    assert Event.objects.get().headers["Authorization"] == "[redacted]"


def test_inactive_flow_answers_404(client, flow):
    services.flow_deactivate(flow=flow)
    response = post(client, flow.webhook_token, json.dumps(ORDER))
    assert response.status_code == 404
    assert Run.objects.count() == 0


def test_unknown_token_answers_404(client, flow):
    assert post(client, "not-a-token", json.dumps(ORDER)).status_code == 404


def test_rotated_token_retires_the_old_url(client, flow):
    old = flow.webhook_token
    services.flow_webhook_token_rotate(flow=flow)
    assert post(client, old, json.dumps(ORDER)).status_code == 404
    flow.refresh_from_db()
    assert post(client, flow.webhook_token, json.dumps(ORDER)).status_code == 202


@override_settings(WEBHOOK_MAX_BODY_BYTES=1000)
def test_body_over_the_limit_answers_413(client, flow):
    response = post(client, flow.webhook_token, json.dumps({"pad": "x" * 2000}))
    assert response.status_code == 413
    assert "limit" in response.json()["message"]
    assert Event.objects.count() == 0


def test_non_json_content_type_answers_415(client, flow):
    response = post(client, flow.webhook_token, "order=1", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]


def test_malformed_json_answers_400_with_the_parse_error(client, flow):
    response = post(client, flow.webhook_token, '{"order": ')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["message"]
    assert Run.objects.count() == 0


def test_get_is_not_allowed(client, flow):
    assert client.get(f"/hooks/{flow.webhook_token}").status_code == 405


def test_token_has_at_least_128_random_bits(flow):
    # token_urlsafe(24) is 24 random bytes, 32 URL-safe characters
    assert len(flow.webhook_token) >= 32


def test_webhook_skips_the_browser_middleware_but_not_the_host_check(client, flow):
    """/hooks/ goes straight to the view (backend/triggers/middleware.py): no session, CSRF or
    framing machinery, which the web app's pages keep; a Host not in ALLOWED_HOSTS is still refused."""
    accepted = post(client, flow.webhook_token, json.dumps(ORDER))
    assert accepted.status_code == 202
    assert "X-Frame-Options" not in accepted.headers
    assert client.get("/").headers["X-Frame-Options"] == "DENY"

    refused = post(client, flow.webhook_token, json.dumps({"id": 2}), HTTP_HOST="shop.attacker.example")
    assert refused.status_code == 400
    assert Event.objects.count() == 1
