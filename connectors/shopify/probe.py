"""The Shopify credential test: the cheapest authenticated query there is, `{ shop { name } }`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.shopify.client import ShopifyClient

TIMEOUT_S = 10.0


def check_credential(credential: Mapping[str, Any]) -> str:
    """Ask the shop its name with the credential's token; raises the SDK's typed errors when refused."""
    shop = ShopifyClient(credential, timeout_s=TIMEOUT_S).shop()
    return f"Connected to the shop {shop['name']} ({shop['myshopifyDomain']})"
