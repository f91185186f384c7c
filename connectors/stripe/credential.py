"""The Stripe credential: a secret API key and the webhook endpoint's signing secret."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class StripeCredential(TypedDict):
    secret_key: str
    webhook_secret: NotRequired[str]
    base_url: NotRequired[str]


CREDENTIAL_SCHEMA = {
    "type": "object",
    "title": "Stripe API key",
    "description": "A secret (sk_…) or restricted (rk_…) key from Dashboard → Developers → API keys.",
    "additionalProperties": False,
    "required": ["secret_key"],
    "properties": {
        "secret_key": {
            "title": "Secret key",
            "description": "Starts with sk_test_ or rk_test_ in test mode, sk_live_ or rk_live_ in live mode.",
            "type": "string",
            "pattern": "^(sk|rk)_(test|live)_[A-Za-z0-9]+$",
            "writeOnly": True,
            "examples": ["sk_test_4eC39HqLyjWDarjtT1zdp7dc"],
        },
        "webhook_secret": {
            "title": "Webhook signing secret",
            "description": "The endpoint's whsec_… secret; needed by Stripe triggers to verify events.",
            "type": "string",
            "pattern": "^whsec_[A-Za-z0-9]+$",
            "writeOnly": True,
        },
        "base_url": {
            "title": "API base URL",
            "description": "Leave empty for https://api.stripe.com; set it to use the local simulator.",
            "type": "string",
            "pattern": "^https?://",
            "examples": ["http://127.0.0.1:8781"],
        },
    },
}
