"""The Shopify credential: the shop's domain, an Admin API access token and the webhook secret."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class ShopifyCredential(TypedDict):
    shop_domain: str
    access_token: str
    webhook_secret: NotRequired[str]
    base_url: NotRequired[str]


CREDENTIAL_SCHEMA = {
    "type": "object",
    "title": "Shopify app",
    "description": "A custom app's Admin API access token and its API secret key (which signs webhooks).",
    "additionalProperties": False,
    "required": ["shop_domain", "access_token"],
    "properties": {
        "shop_domain": {
            "title": "Shop domain",
            "description": "The shop's myshopify.com domain.",
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9-]*\\.myshopify\\.com$",
            "examples": ["dovetail-demo.myshopify.com"],
        },
        "access_token": {
            "title": "Admin API access token",
            "description": "Starts with shpat_; shown once when the custom app is installed.",
            "type": "string",
            "minLength": 1,
            "writeOnly": True,
        },
        "webhook_secret": {
            "title": "Webhook secret",
            "description": "The app's API secret key; Shopify signs webhooks with it (X-Shopify-Hmac-Sha256).",
            "type": "string",
            "minLength": 1,
            "writeOnly": True,
        },
        "base_url": {
            "title": "API base URL",
            "description": "Leave empty for https://<shop domain>; set it to use the local simulator.",
            "type": "string",
            "pattern": "^https?://",
            "examples": ["http://127.0.0.1:8782"],
        },
    },
}
