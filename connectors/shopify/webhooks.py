"""Shopify webhooks: X-Shopify-Hmac-Sha256 verification, dedup on X-Shopify-Webhook-Id, subscriptions.

Shopify signs the raw body: base64(HMAC-SHA256(body, app secret)). The same webhook id is
sent on every redelivery of one event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.sdk import SignatureInvalid, TriggerRequest
from connectors.sdk.signatures import hmac_matches, hmac_sha256
from connectors.shopify.client import ShopifyClient

HMAC_HEADER = "X-Shopify-Hmac-Sha256"
ID_HEADER = "X-Shopify-Webhook-Id"
TOPIC_HEADER = "X-Shopify-Topic"


def verify(request: TriggerRequest, credential: Mapping[str, Any]) -> None:
    secret = credential.get("webhook_secret")
    if not secret:
        raise SignatureInvalid("the Shopify credential has no webhook_secret, so webhooks cannot be verified")
    sent = request.header(HMAC_HEADER)
    if not sent:
        raise SignatureInvalid(f"no {HMAC_HEADER} header")
    if not hmac_matches(secret, request.raw_body, sent, encoding="base64"):
        raise SignatureInvalid(f"{HMAC_HEADER} does not match the request body")


def dedup_key(request: TriggerRequest) -> str:
    webhook_id = request.header(ID_HEADER)
    if not webhook_id:
        raise KeyError(ID_HEADER)
    return webhook_id


def topic(request: TriggerRequest) -> str:
    """The delivery's topic (`orders/paid`), as Shopify names it in X-Shopify-Topic."""
    return request.header(TOPIC_HEADER)


def sign(body: bytes, secret: str) -> str:
    """The X-Shopify-Hmac-Sha256 value for `body` (used by tests and the simulator)."""
    return hmac_sha256(secret, body, encoding="base64")


def subscribe(credential: Mapping[str, Any], topic: str, url: str) -> dict[str, Any]:
    """Register the flow's URL with webhookSubscriptionCreate; Shopify signs with the app secret already held."""
    subscription = ShopifyClient(credential).subscribe_webhook(topic=topic, url=url)
    return {"id": subscription["id"], "topic": subscription["topic"], "adopted": subscription.get("adopted", False)}


def unsubscribe(credential: Mapping[str, Any], subscription: Mapping[str, Any]) -> None:
    ShopifyClient(credential).unsubscribe_webhook(subscription["id"])
