"""POST /hooks/<token> through the WSGI application granian serves (backend/dovetail/wsgi.py).

That application answers a webhook's POST past Django's request handler (backend/triggers/wsgi.py);
the test client goes through the handler, so these call the WSGI application itself, as granian
does, with real commits (the handler's connection hygiene must not close a test's transaction).
"""

from __future__ import annotations

import io
import json
import logging
import time
from wsgiref.util import setup_testing_defaults

import pytest
from django.db import connection

from backend.dovetail.wsgi import application
from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def flow():
    return services.flow_activate(flow=services.flow_create(document=webhook_transform_http("http://127.0.0.1:9")))


def call(path: str, body: bytes = b"", method: str = "POST", host: str = "127.0.0.1:8000", **headers: str):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "HTTP_HOST": host,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        **{f"HTTP_{k.upper()}": v for k, v in headers.items()},
    }
    setup_testing_defaults(environ)
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    content = b"".join(application(environ, start_response))
    return answer["status"], answer["headers"], content


def test_a_delivery_is_stored_and_answered_202(flow):
    status, headers, content = call(f"/hooks/{flow.webhook_token}", json.dumps(ORDER).encode(), x_request_id="d-1")
    assert status == 202
    assert headers["Content-Type"] == "application/json"
    run = Run.objects.get(pk=json.loads(content)["run_id"])
    assert (run.status, json.loads(run.event.body)) == ("queued", ORDER)
    # The same delivery again: the first one's run, and nothing new.
    status, _, content = call(f"/hooks/{flow.webhook_token}", json.dumps(ORDER).encode(), x_request_id="d-1")
    assert (status, json.loads(content)["duplicate_of"]) == (200, str(run.id))
    assert Event.objects.count() == 1


def test_refusals_are_the_views(flow):
    status, _, content = call("/hooks/not-a-token", json.dumps(ORDER).encode())
    assert (status, json.loads(content)["code"]) == (404, "not_found")
    status, _, content = call(f"/hooks/{flow.webhook_token}", b'{"order": ')
    assert (status, json.loads(content)["code"]) == (400, "invalid_json")
    assert Event.objects.count() == 0


def test_a_host_not_allowed_is_refused(flow):
    status, _, _ = call(f"/hooks/{flow.webhook_token}", json.dumps(ORDER).encode(), host="shop.attacker.example")
    assert status == 400
    assert Event.objects.count() == 0


def test_other_methods_and_paths_go_to_django(flow):
    assert call(f"/hooks/{flow.webhook_token}", method="GET")[0] == 405
    status, headers, _ = call("/api/flows/", method="GET")
    assert status in (401, 403)
    assert headers["X-Frame-Options"] == "DENY"  # the browser middleware ran


def test_an_error_is_a_logged_500_without_the_token(flow, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr("backend.triggers.views.event_accept", broken)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        status, _, _ = call(f"/hooks/{flow.webhook_token}", json.dumps(ORDER).encode())
    assert status == 500
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is not None
    assert "the disk is on fire" in str(record.exc_info[1])
    assert flow.webhook_token not in "".join(h.format(record) for h in logging.getLogger().handlers)


def test_a_connection_past_its_age_is_closed_before_the_delivery(flow, monkeypatch):
    # What Django's request_started signal does for every other request (CONN_MAX_AGE).
    happened = []
    close = connection.close
    monkeypatch.setattr(connection, "close", lambda: happened.append("close") or close())

    def query(execute, sql, params, many, context):
        happened.append("query")
        return execute(sql, params, many, context)

    connection.ensure_connection()
    connection.close_at = time.monotonic() - 1
    with connection.execute_wrapper(query):
        assert call(f"/hooks/{flow.webhook_token}", json.dumps(ORDER).encode())[0] == 202
    assert happened[:2] == ["close", "query"], "a connection past its age was used for the delivery"
    assert Event.objects.count() == 1
