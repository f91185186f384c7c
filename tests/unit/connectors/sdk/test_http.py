"""HttpClient: what each vendor answer becomes, and what the step's log shows."""

from __future__ import annotations

import pytest

from connectors.sdk import CredentialRejected, HttpClient, RateLimited, Retryable, VendorDetail, VendorRejected
from connectors.sdk.ratelimit import MemoryLimiter, Rate
from connectors.sdk.redaction import REDACTED


def client_for(upstream, **kwargs) -> HttpClient:
    return HttpClient(base_url=upstream.url + "/v1/", **kwargs)


def test_base_url_path_and_default_headers_are_joined(upstream):
    client = client_for(upstream, headers={"X-Api-Version": "7"})
    response = client.get("/orders", params={"limit": 2})
    assert response.json() == {"ok": True}
    sent = upstream.received[0]
    assert (sent.path, sent.headers["X-Api-Version"]) == ("/v1/orders?limit=2", "7")


@pytest.mark.parametrize(
    ("status", "error"),
    [(408, Retryable), (500, Retryable), (502, Retryable), (429, RateLimited), (503, RateLimited)],
)
def test_transient_answers_are_retryable(upstream, status, error):
    upstream.status = status
    with pytest.raises(error) as caught:
        client_for(upstream).get("x")
    assert caught.value.retryable


@pytest.mark.parametrize("status", [401, 403])
def test_auth_failures_reject_the_credential_and_are_final(upstream, status):
    upstream.status, upstream.reply = status, {"message": "Invalid API key"}
    with pytest.raises(CredentialRejected, match="Invalid API key") as caught:
        client_for(upstream).get("x")
    assert not caught.value.retryable


def test_other_4xx_carries_status_vendor_code_message_and_field(upstream):
    upstream.status = 400
    upstream.reply = {"error": {"message": "Amount must be positive", "code": "parameter_invalid", "param": "amount"}}
    with pytest.raises(VendorRejected) as caught:
        client_for(upstream).post("refunds", data={"amount": -1})
    error = caught.value.as_json()
    assert error["code"] == "vendor_rejected"
    assert error["vendor"] == {"status": 400, "code": "parameter_invalid"}
    assert error["field"] == "amount"
    assert "Amount must be positive" in error["message"]
    assert error["retryable"] is False


def test_a_vendor_hook_can_override_the_table(upstream):
    upstream.status = 409
    client = client_for(upstream, describe_error=lambda r: VendorDetail("lock timeout", "lock_timeout", retryable=True))
    with pytest.raises(Retryable, match="lock timeout"):
        client.post("x")


def test_retry_after_seconds_is_carried(upstream):
    upstream.status = 429
    original = upstream.server.RequestHandlerClass.end_headers

    def end_headers(handler):
        handler.send_header("Retry-After", "7")
        original(handler)

    upstream.server.RequestHandlerClass.end_headers = end_headers
    with pytest.raises(RateLimited) as caught:
        client_for(upstream).get("x")
    assert caught.value.retry_after == 7.0
    assert caught.value.as_json()["retry_after_s"] == 7.0


def test_timeout_and_refused_connection_are_retryable(upstream):
    upstream.delay_s = 1.0
    with pytest.raises(Retryable, match="timed out"):
        client_for(upstream, timeout_s=0.2).get("x")
    with pytest.raises(Retryable, match="failed"):
        HttpClient(base_url="http://127.0.0.1:9").get("x")


def test_log_records_each_exchange_with_secrets_hidden(upstream):
    log: list[dict] = []
    client = client_for(
        upstream,
        headers={"Authorization": "Bearer sk_test_abcdef123456", "X-Shop": "eu"},
        secrets=["sk_test_abcdef123456"],
        log=log,
    )
    client.post("customers", data={"email": "ana@example.com", "note": "key sk_test_abcdef123456"})
    [entry] = log
    assert entry["status"] == 200
    assert entry["request"]["headers"] == {"Authorization": REDACTED, "X-Shop": "eu"}
    assert entry["request"]["body"] == {"email": "ana@example.com", "note": f"key {REDACTED}"}
    assert "sk_test_abcdef123456" not in repr(log)


def test_the_local_limiter_holds_back_a_call_without_sending_it(upstream):
    client = client_for(upstream, limiter=MemoryLimiter(), limiter_key="shop-1", rate=Rate(per_second=1, burst=2))
    client.get("a")
    client.get("b")
    with pytest.raises(RateLimited) as caught:
        client.get("c")
    assert 0 < caught.value.retry_after <= 1
    assert len(upstream.received) == 2


def test_the_machines_netrc_passwords_never_ride_along(upstream, tmp_path, monkeypatch):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login admin password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    client_for(upstream).get("x")
    assert "authorization" not in {k.lower() for k in upstream.received[0].headers}


def test_a_cookie_a_vendor_set_is_not_sent_on_later_calls(upstream):
    """Every flow's calls share one session per worker process: a session cookie one flow's call
    was given must not ride along on another's (nor on the same flow's next call)."""
    upstream.script = [(200, {"ok": True}, {"Set-Cookie": "session=flow-a; Path=/"})]
    client_for(upstream).get("login")
    client_for(upstream).get("orders")
    client_for(upstream).get("orders", headers={"Cookie": "chosen=by-the-flow"})
    _login, second, third = upstream.received
    assert "cookie" not in {k.lower() for k in second.headers}
    assert third.headers["Cookie"] == "chosen=by-the-flow"  # a Cookie header the step sets still goes
