"""X-Shopify-Hmac-Sha256 verification against a vector computed by hand (the SDK suite is in test_suite.py)."""

from __future__ import annotations

import json

import pytest

from connectors.sdk import SignatureInvalid, TriggerRequest
from connectors.shopify import triggers, webhooks

BODY = b'{"id":820982911946154508,"email":"jon@example.com"}'
SECRET = "shpss_test_secret"
# base64(HMAC-SHA256(key="shpss_test_secret", msg=BODY)), computed outside the code under test
HMAC = "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc="
CREDENTIAL = {"shop_domain": "demo.myshopify.com", "access_token": "shpat_x", "webhook_secret": SECRET}


def request(
    hmac: str | None = HMAC, body: bytes = BODY, webhook_id: str | None = "b54557e4-bdd9-4b37"
) -> TriggerRequest:
    headers = {"X-Shopify-Topic": "orders/paid"}
    if hmac is not None:
        headers["X-Shopify-Hmac-Sha256"] = hmac
    if webhook_id is not None:
        headers["X-Shopify-Webhook-Id"] = webhook_id
    return TriggerRequest(body=json.loads(body), headers=headers, raw_body=body)


def test_a_valid_signature_passes_and_dedups_on_the_webhook_id():
    triggers.order_paid.verify(request(), CREDENTIAL)
    assert triggers.order_paid.dedup_key(request()) == "b54557e4-bdd9-4b37"
    assert triggers.order_paid.run(request()) == json.loads(BODY)


def test_header_names_are_case_insensitive():
    lower = TriggerRequest(body=None, headers={"x-shopify-hmac-sha256": HMAC}, raw_body=BODY)
    webhooks.verify(lower, CREDENTIAL)


@pytest.mark.parametrize(
    ("req", "credential", "why"),
    [
        (request(), {**CREDENTIAL, "webhook_secret": "other"}, "does not match"),
        (request(body=BODY.replace(b"jon", b"eve")), CREDENTIAL, "does not match"),
        (request(hmac=None), CREDENTIAL, "no X-Shopify-Hmac-Sha256"),
        (request(), {**CREDENTIAL, "webhook_secret": ""}, "no webhook_secret"),
        (request(), None, "needs a credential"),
    ],
    ids=["wrong-secret", "tampered-body", "missing-header", "no-secret", "no-credential"],
)
def test_bad_requests_are_refused_with_the_reason(req, credential, why):
    with pytest.raises(SignatureInvalid, match=why):
        triggers.order_created.verify(req, credential)


def test_a_delivery_without_webhook_id_cannot_be_deduplicated():
    with pytest.raises(SignatureInvalid, match="no delivery id"):
        triggers.order_created.dedup_key(request(webhook_id=None))
