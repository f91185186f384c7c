"""The web server's access log, as `manage.py serve` writes it: off unless asked for, and then no
webhook token in it; a refused webhook is logged either way, without its token."""

from __future__ import annotations

import time

import pytest
import requests

from tests.support.documents import ORDER, webhook_transform_http
from tests.support.stack import start_stack

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def logging_stack():
    running, stop = start_stack(extra_env={"WEB_ACCESS_LOG": "1"})
    yield running
    stop()


def test_the_access_log_shows_webhook_deliveries_without_their_token(logging_stack):
    stack = logging_stack
    created = stack.api("POST", "/api/flows/", json=webhook_transform_http("http://127.0.0.1:9", name="Log check"))
    assert created.status_code == 201, created.text
    flow = stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()
    token = flow["webhook_url"].rsplit("/", 1)[1]
    assert len(token) >= 16

    accepted = requests.post(flow["webhook_url"], json=ORDER, timeout=10)
    refused = requests.post(f"{stack.base_url}/hooks/not-a-token-x9Qz", json=ORDER, timeout=10)
    assert (accepted.status_code, refused.status_code) == (202, 404)

    deadline = time.monotonic() + 10
    log = ""
    while time.monotonic() < deadline and '"POST /hooks/[redacted] HTTP/1.1" 404' not in log:
        time.sleep(0.2)
        log = stack.log_path.read_text(errors="replace")
    # granian's access lines: `[time] addr - "METHOD path HTTP/1.1" status ms`.
    access = "\n".join(line for line in log.splitlines() if ' HTTP/1.1" ' in line)
    assert '"POST /hooks/[redacted] HTTP/1.1" 202' in access, log[-3000:]
    assert '"POST /hooks/[redacted] HTTP/1.1" 404' in access, log[-3000:]
    assert token not in access
    assert "not-a-token-x9Qz" not in access
    # Every other path is logged as it was: the API calls above, for one.
    assert f'"POST /api/flows/{created.json()["id"]}/activate/ HTTP/1.1" 200' in access


def test_by_default_no_line_per_request_but_a_refused_webhook_is_logged_without_its_token(stack):
    created = stack.api("POST", "/api/flows/", json=webhook_transform_http("http://127.0.0.1:9", name="Quiet log"))
    assert created.status_code == 201, created.text
    flow = stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()
    token = flow["webhook_url"].rsplit("/", 1)[1]

    accepted = requests.post(flow["webhook_url"], json=ORDER, timeout=10)
    refused = requests.post(f"{stack.base_url}/hooks/not-a-token-q7Rw", json=ORDER, timeout=10)
    too_big = requests.post(
        flow["webhook_url"], data=b"[" * 200 + b"]" * 200, timeout=10, headers={"Content-Type": "application/json"}
    )
    assert (accepted.status_code, refused.status_code, too_big.status_code) == (202, 404, 400)

    deadline = time.monotonic() + 10
    log = ""
    while time.monotonic() < deadline and "json_too_deep" not in log:
        time.sleep(0.2)
        log = stack.log_path.read_text(errors="replace")
    assert "webhook refused: 404 not_found: no active flow listens at this URL" in log, log[-3000:]
    assert "webhook refused: 400 json_too_deep" in log, log[-3000:]
    assert ' HTTP/1.1" 202' not in log  # no access lines
    assert token not in log
    assert "not-a-token-q7Rw" not in log
