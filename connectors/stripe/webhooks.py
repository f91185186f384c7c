"""Stripe webhooks: Stripe-Signature verification, dedup on the event id, endpoint registration.

Stripe signs `f"{t}.{raw_body}"` with the endpoint secret (HMAC-SHA256, hex) and sends
`Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…]`; several v1 appear while a secret is rolled.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from connectors.sdk import SignatureInvalid, TriggerRequest
from connectors.sdk.signatures import any_matches, hmac_sha256
from connectors.stripe.client import StripeClient

TOLERANCE_S = 300  # Stripe's own default (stripe-python Webhook.DEFAULT_TOLERANCE)
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


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """A Stripe-Signature header value for `payload` (used by the simulator and tests)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={hmac_sha256(secret, str(t).encode() + b'.' + payload)}"


def subscribe(credential: Mapping[str, Any], topic: str, url: str) -> dict[str, Any]:
    """Create a webhook endpoint for `topic`; its `secret` must go into the credential's webhook_secret."""
    endpoint = StripeClient(credential).create_webhook_endpoint(
        url=url, events=[topic], idempotency_key=f"subscribe:{topic}:{url}"
    )
    return {"id": endpoint["id"], "secret": endpoint.get("secret")}


def unsubscribe(credential: Mapping[str, Any], subscription: Mapping[str, Any]) -> None:
    StripeClient(credential).delete_webhook_endpoint(subscription["id"])
