"""Stripe-Signature verification against a vector computed by hand from Stripe's documented scheme."""

from __future__ import annotations

import json

import pytest

from connectors.sdk import SignatureInvalid, TriggerRequest
from connectors.stripe import triggers, webhooks

BODY = b'{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}'
SECRET = "whsec_test_secret"
T = 1740830400
# hex(HMAC-SHA256(key="whsec_test_secret", msg="1740830400." + BODY)), computed outside the code under test
V1 = "42bed3ac4be4e96452d0ddd170495e7bd34f69c3068d16c23f6f77accce34054"
CREDENTIAL = {"secret_key": "sk_test_x", "webhook_secret": SECRET}


def request(header: str | None, body: bytes = BODY) -> TriggerRequest:
    headers = {"Stripe-Signature": header} if header is not None else {}
    return TriggerRequest(body=json.loads(body), headers=headers, raw_body=body)


def test_a_valid_signature_within_tolerance_passes():
    webhooks.verify(request(f"t={T},v1={V1}"), CREDENTIAL, now=T + 299)


def test_header_names_are_case_insensitive_and_v0_is_ignored():
    webhooks.verify(
        TriggerRequest(body=None, headers={"stripe-signature": f"t={T},v0=abc,v1={V1}"}, raw_body=BODY),
        CREDENTIAL,
        now=T,
    )


def test_any_of_several_v1_signatures_may_match_while_a_secret_is_rolled():
    webhooks.verify(request(f"t={T},v1={'0' * 64},v1={V1}"), CREDENTIAL, now=T)


@pytest.mark.parametrize(
    ("header", "body", "secret", "now", "why"),
    [
        (f"t={T},v1={V1}", BODY, "whsec_other", T, "does not match"),
        (f"t={T},v1={V1}", BODY.replace(b"evt_1", b"evt_2"), SECRET, T, "does not match"),
        (f"t={T},v1={V1}", BODY, SECRET, T + 301, "old"),
        (None, BODY, SECRET, T, "no Stripe-Signature"),
        (f"v1={V1}", BODY, SECRET, T, "no t="),
        (f"t={T + 1},v1={V1}", BODY, SECRET, T, "does not match"),
    ],
    ids=["wrong-secret", "tampered-body", "stale-timestamp", "missing-header", "no-timestamp", "other-timestamp"],
)
def test_bad_requests_are_refused_with_the_reason(header, body, secret, now, why):
    with pytest.raises(SignatureInvalid, match=why):
        webhooks.verify(request(header, body), {**CREDENTIAL, "webhook_secret": secret}, now=now)


def test_a_credential_without_webhook_secret_refuses_rather_than_passes():
    with pytest.raises(SignatureInvalid, match="no webhook_secret"):
        webhooks.verify(request(f"t={T},v1={V1}"), {"secret_key": "sk_test_x"}, now=T)


def test_sign_produces_what_verify_accepts():
    assert webhooks.sign(BODY, SECRET, timestamp=T) == f"t={T},v1={V1}"


def test_trigger_dedups_on_the_event_id_and_outputs_the_event():
    event = request(f"t={T},v1={V1}")
    assert triggers.payment_intent_succeeded.dedup_key(event) == "evt_1"
    assert triggers.payment_intent_succeeded.run(event) == json.loads(BODY)
    assert triggers.payment_intent_succeeded.manifest()["webhook"] == {
        "topic": "payment_intent.succeeded",
        "subscribes": True,
    }
