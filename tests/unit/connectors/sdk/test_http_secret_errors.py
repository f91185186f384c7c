"""A vendor that echoes the credential's secret back: the typed error carries it hidden, as the log does."""

from __future__ import annotations

import json

import pytest

from connectors.sdk import CredentialRejected, HttpClient, RateLimited, Retryable, VendorDetail, VendorRejected
from connectors.sdk.redaction import REDACTED, redact_excerpt

SECRET = "ERPSECRETVALUE42"


def client_for(upstream, **kwargs) -> HttpClient:
    return HttpClient(base_url=upstream.url, headers={"X-Erp-Auth": SECRET}, secrets=[SECRET], **kwargs)


@pytest.mark.parametrize(
    ("status", "error"),
    [(500, Retryable), (408, Retryable), (503, RateLimited), (429, RateLimited), (401, CredentialRejected),
     (403, CredentialRejected), (400, VendorRejected), (404, VendorRejected)],
)  # fmt: skip
def test_every_typed_error_hides_an_echoed_secret(upstream, status, error):
    upstream.status, upstream.reply = status, {"error": f"bad key {SECRET}"}
    with pytest.raises(error) as caught:
        client_for(upstream).get("orders")
    shown = json.dumps(caught.value.as_json())
    assert f"answered {status}: bad key {REDACTED}" in shown
    assert SECRET not in shown
    assert SECRET not in str(caught.value)


def test_a_vendor_code_and_field_that_echo_the_secret_are_hidden(upstream):
    upstream.status = 400
    upstream.reply = {"error": {"message": f"no key {SECRET}", "code": f"key_{SECRET}", "param": f"key[{SECRET}]"}}
    with pytest.raises(VendorRejected) as caught:
        client_for(upstream).post("refunds", json={})
    shown = caught.value.as_json()
    assert SECRET not in json.dumps(shown)
    assert shown["vendor"] == {"status": 400, "code": f"key_{REDACTED}"}
    assert shown["field"] == f"key[{REDACTED}]"


def test_a_secret_cut_in_two_by_the_excerpt_is_hidden_too(upstream):
    """The default hook reads at most 500 characters of a text body: the key's first half is left at the end."""
    upstream.reply = "x" * 490 + SECRET + " was refused"  # JSON text: no `error` field, so the text is the message
    upstream.status = 500
    log: list[dict] = []
    with pytest.raises(Retryable) as caught:
        client_for(upstream, describe_error=lambda r: VendorDetail(r.text[:500]), log=log).get("orders")
    assert SECRET[:9] not in caught.value.message
    assert caught.value.message.endswith(REDACTED)
    assert SECRET[:9] not in json.dumps(log)


def test_a_refused_connection_hides_a_secret_in_the_url():
    client = HttpClient(base_url="http://127.0.0.1:9", secrets=[SECRET])
    with pytest.raises(Retryable) as caught:
        client.get(f"orders?api_key={SECRET}")
    assert SECRET not in json.dumps(caught.value.as_json())
    assert REDACTED in caught.value.message


def test_redact_excerpt_hides_whole_secrets_and_a_start_left_at_the_end():
    assert redact_excerpt(f"a {SECRET} b", [SECRET]) == f"a {REDACTED} b"
    assert redact_excerpt(f"a {SECRET[:7]}", [SECRET]) == f"a {REDACTED}"
    assert redact_excerpt("a ERP", [SECRET]) == "a ERP"  # three characters are not worth hiding
    assert redact_excerpt("nothing here", (s for s in [SECRET])) == "nothing here"
