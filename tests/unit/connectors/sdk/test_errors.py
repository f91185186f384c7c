"""Error JSON and Retry-After parsing."""

from __future__ import annotations

from datetime import UTC, datetime

from connectors.sdk import CredentialRejected, RateLimited, VendorRejected
from connectors.sdk.errors import parse_retry_after

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=UTC)


def test_retry_after_reads_seconds_and_http_dates():
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(1.5) == 1.5
    assert parse_retry_after("Sat, 01 Mar 2025 12:00:30 GMT", now=NOW) == 30.0
    assert parse_retry_after("Sat, 01 Mar 2025 11:00:00 GMT", now=NOW) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_error_json_has_one_shape():
    assert RateLimited("slow down", retry_after="3").as_json() == {
        "type": "RateLimited",
        "code": "rate_limited",
        "message": "slow down",
        "retryable": True,
        "retry_after_s": 3.0,
    }
    assert CredentialRejected("bad key").as_json()["retryable"] is False
    rejected = VendorRejected("no", status=402, vendor_code="card_declined", field="/amount").as_json()
    assert rejected["vendor"] == {"status": 402, "code": "card_declined"}
    assert rejected["field"] == "/amount"


def test_old_style_vendor_rejected_still_works():
    assert "vendor" not in VendorRejected("no", details={"status": 404}).as_json()
