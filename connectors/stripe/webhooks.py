"""Stripe webhooks: Stripe-Signature verification, dedup on the event id, endpoint registration.

Stripe signs `f"{t}.{raw_body}"` with the endpoint secret (HMAC-SHA256, hex) and sends
`Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`; several v1 appear while a secret is rolled.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping
from typing import Any

from connectors.sdk import SignatureInvalid, TriggerRequest
from connectors.sdk.signatures import any_matches, hmac_sha256
from connectors.stripe.client import StripeClient

TOLERANCE_S = 300  # Stripe's own default (stripe-python Webhook.DEFAULT_TOLERANCE)
CREATED_BY = "dovetail"  # metadata[created_by] of the endpoints Dovetail makes
HEADER = "Stripe-Signature"


def verify(request: TriggerRequest, credential: Mapping[str, Any], *, now: float | None = None) -> None:
    """Raise SignatureInvalid unless a v1 signature matches and the timestamp is within 300 s."""
    secret = credential.get("webhook_secret")
    if not secret:
        raise SignatureInvalid("the Stripe credential has no webhook_secret, so events cannot be verified")
    header = request.header(HEADER)
    if not header:
        raise SignatureInvalid(f"no {HEADER} header")
    parts = [item.split("=", 1) for item in header.split(",") if "=" in item]
    timestamps = [v for k, v in parts if k.strip() == "t"]
    signatures = [v for k, v in parts if k.strip() == "v1"]
    if not timestamps or not timestamps[0].isdigit() or not signatures:
        raise SignatureInvalid(f"{HEADER} has no t= timestamp or no v1= signature")
    signed = timestamps[0].encode() + b"." + request.raw_body
    if not any_matches(secret, signed, signatures):
        raise SignatureInvalid(f"{HEADER} does not match the request body")
    age = (now if now is not None else time.time()) - int(timestamps[0])
    if age > TOLERANCE_S:
        raise SignatureInvalid(f"{HEADER} timestamp is {int(age)} s old (tolerance {TOLERANCE_S} s)")


def dedup_key(request: TriggerRequest) -> str:
    """The event id (evt_…): Stripe redelivers the same event with the same id."""
    body = request.body if isinstance(request.body, Mapping) else json.loads(request.raw_body)
    return body["id"]


def event_type(request: TriggerRequest) -> str:
    """The event's type (`payment_intent.succeeded`)."""
    body = request.body if isinstance(request.body, Mapping) else json.loads(request.raw_body)
    return body["type"]


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """A Stripe-Signature header value for `payload` (used by the simulator and tests)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={hmac_sha256(secret, str(t).encode() + b'.' + payload)}"


def subscribe(credential: Mapping[str, Any], topic: str, url: str) -> dict[str, Any]:
    """Give the flow's URL a webhook endpoint for `topic`: the one already there if verifiable, else a new one.

    Stripe never refuses a second endpoint at the same URL (every event would then come twice),
    and it shows an endpoint's signing secret only when creating it. So an endpoint already at
    this URL is reused when its events can be verified: one the operator made, whose secret the
    credential holds (`webhook_secret`); it is enabled for `topic` if it was not. One Dovetail
    made before (its secret went with a deactivation that could not delete it), or any when the
    credential holds no secret, is deleted and a new one made, whose secret the flow keeps.
    """
    client = StripeClient(credential)
    existing = [e for e in client.list_webhook_endpoints() if e["url"] == url]
    operators = [e for e in existing if (e.get("metadata") or {}).get("created_by") != CREATED_BY]
    reused = operators[0] if operators and credential.get("webhook_secret") else None
    for stale in existing:
        if stale is not reused:
            client.delete_webhook_endpoint(stale["id"])
    if reused is not None:
        events = reused["enabled_events"]
        if topic not in events and "*" not in events:
            key = f"subscribe:{reused['id']}:{topic}"
            client.update_webhook_endpoint(reused["id"], events=[*events, topic], idempotency_key=key)
        return {"id": reused["id"], "reused": True}
    # A new key each time: Stripe would answer a key seen in the last 24 h with the endpoint it made
    # then, which a deactivation may have deleted since.
    key, metadata = f"subscribe:{topic}:{uuid.uuid4()}", {"created_by": CREATED_BY}
    endpoint = client.create_webhook_endpoint(url=url, events=[topic], idempotency_key=key, metadata=metadata)
    return {"id": endpoint["id"], "secret": endpoint.get("secret"), "replaced": len(existing)}


def unsubscribe(credential: Mapping[str, Any], subscription: Mapping[str, Any]) -> None:
    StripeClient(credential).delete_webhook_endpoint(subscription["id"])
