"""Each built-in block on its own: what it returns or raises for a given config."""

from __future__ import annotations

import pytest

from connectors.core import blocks
from connectors.sdk import ActionContext, Retryable, Routed, Stop, TriggerRequest, VendorRejected

CTX = ActionContext(run_id="r", node_id="n", idempotency_key="r:n:1", timeout_s=5)


def test_webhook_output_is_body_headers_query():
    request = TriggerRequest(body={"id": 1}, headers={"X-A": "1"}, query={"q": "x"})
    assert blocks.webhook.run(request) == {"body": {"id": 1}, "headers": {"X-A": "1"}, "query": {"q": "x"}}


def test_manual_output_is_the_payload():
    assert blocks.manual.run(TriggerRequest(body=[1, 2])) == [1, 2]


def test_transform_returns_the_evaluated_expression():
    assert blocks.transform.run(CTX, {"expression": {"a": 1}}) == {"a": 1}


@pytest.mark.parametrize(("value", "expected_port"), [(True, "true"), (False, "false"), (None, "false")])
def test_branch_routes_by_truthiness(value, expected_port):
    result = blocks.branch.run(CTX, {"condition": value})
    assert result == Routed(port=expected_port, output={"result": expected_port == "true"})


def test_filter_stops_when_false_and_passes_when_true():
    assert isinstance(blocks.filter_.run(CTX, {"condition": False}), Stop)
    assert blocks.filter_.run(CTX, {"condition": 1}) == {"passed": True}


def test_http_request_returns_status_headers_and_json_body(upstream):
    upstream.reply = {"id": 7}
    out = blocks.http_request.run(
        CTX, {"method": "PUT", "url": upstream.url + "/x", "body": {"a": 1}, "headers": {"X-Shop": "eu"}}
    )
    assert out["status"] == 200
    assert out["body"] == {"id": 7}
    assert out["headers"]["Content-Type"] == "application/json"
    sent = upstream.received[0]
    assert (sent.method, sent.path, sent.body, sent.headers["X-Shop"]) == ("PUT", "/x", {"a": 1}, "eu")


def test_http_request_without_body_sends_none(upstream):
    blocks.http_request.run(CTX, {"method": "GET", "url": upstream.url})
    assert upstream.received[0].body is None


def test_http_4xx_is_rejected_with_status_and_excerpt(upstream):
    upstream.status, upstream.reply = 404, {"error": "no such order"}
    with pytest.raises(VendorRejected) as caught:
        blocks.http_request.run(CTX, {"url": upstream.url})
    assert caught.value.details["status"] == 404
    assert "no such order" in caught.value.message
    assert not caught.value.retryable


def test_http_sends_the_step_idempotency_key_when_asked(upstream):
    blocks.http_request.run(CTX, {"url": upstream.url, "idempotency_key": True})
    blocks.http_request.run(CTX, {"url": upstream.url})
    assert upstream.received[0].headers["Idempotency-Key"] == "r:n:1"
    assert "Idempotency-Key" not in upstream.received[1].headers


def test_http_request_and_response_are_logged_for_the_step(upstream):
    ctx = ActionContext(run_id="r", node_id="n", idempotency_key="k")
    blocks.http_request.run(ctx, {"url": upstream.url, "headers": {"Authorization": "Bearer s3cret"}})
    assert ctx.http_log[0]["status"] == 200
    assert "s3cret" not in str(ctx.http_log)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_http_5xx_and_429_are_retryable(upstream, status):
    upstream.status = status
    with pytest.raises(Retryable):
        blocks.http_request.run(CTX, {"url": upstream.url})


def test_http_timeout_is_retryable_and_says_so(upstream):
    upstream.delay_s = 1.0
    with pytest.raises(Retryable, match="timed out"):
        blocks.http_request.run(CTX, {"url": upstream.url, "timeout": 0.2})


def test_connection_refused_is_retryable():
    with pytest.raises(Retryable, match="failed"):
        blocks.http_request.run(CTX, {"url": "http://127.0.0.1:9/"})
