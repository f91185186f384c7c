"""The Stripe credential test: list one customer, a read every secret and restricted key may make."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.stripe.client import StripeClient

TIMEOUT_S = 10.0


def check_credential(credential: Mapping[str, Any]) -> str:
    """GET /v1/customers?limit=1 with the key; raises the SDK's typed errors (Stripe's message) when refused."""
    StripeClient(credential, timeout_s=TIMEOUT_S).list_customers(limit=1)
    mode = "live" if "_live_" in credential["secret_key"] else "test"
    return f"Stripe accepted the key ({mode} mode)"
