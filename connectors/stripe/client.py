"""Stripe API calls: form-encoded bodies, a pinned Stripe-Version, Idempotency-Key on every write.

All Stripe JSON shaping lives here; blocks call one method each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import requests

from connectors.sdk import ActionContext, HttpClient, VendorDetail, pagination
from connectors.sdk.ratelimit import Rate, credential_key, default_limiter
from connectors.sdk.redaction import secret_values
from connectors.stripe.credential import CREDENTIAL_SCHEMA

API_VERSION = "2023-08-16"  # the version of ../shared/api-specs/stripe, which the contract tests check
DEFAULT_BASE_URL = "https://api.stripe.com"
# Stripe's sandbox allows 25 requests/s per account (live: 100); the lower figure is safe for both.
RATE = Rate(per_second=25, burst=25)


def encode_form(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's bracket notation: {"metadata": {"order": 1}} -> [("metadata[order]", "1")]; None is left out."""
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if value is None:
            continue
        if isinstance(value, Mapping):
            pairs += encode_form(value, name)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                pairs += encode_form({str(i): item}, name)
        elif isinstance(value, bool):
            pairs.append((name, "true" if value else "false"))
        else:
            pairs.append((name, str(value)))
    return pairs


def describe_error(response: requests.Response) -> VendorDetail:
    """Stripe's error object: {"error": {type, code, decline_code, message, param}}.

    `Stripe-Should-Retry` is Stripe's own verdict on retrying and wins over the status table.
    """
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    should_retry = response.headers.get("Stripe-Should-Retry")
    param = error.get("param")
    return VendorDetail(
        message=error.get("message") or response.reason or "",
        code=error.get("decline_code") or error.get("code") or error.get("type"),
        field="/" + param.replace("[", "/").replace("]", "") if param else None,
        retryable={"true": True, "false": False}.get(should_retry or ""),
    )


class StripeClient:
    def __init__(self, credential: Mapping[str, Any], *, timeout_s: float = 30.0, log: list | None = None):
        key = credential["secret_key"]
        self.http = HttpClient(
            base_url=credential.get("base_url") or DEFAULT_BASE_URL,
            headers={"Authorization": f"Bearer {key}", "Stripe-Version": API_VERSION},
            timeout_s=timeout_s,
            secrets=secret_values(CREDENTIAL_SCHEMA, credential),
            log=log,
            describe_error=describe_error,
            limiter=default_limiter(),
            limiter_key=credential_key("stripe", key),
            rate=RATE,
        )

    @classmethod
    def from_context(cls, ctx: ActionContext) -> StripeClient:
        if not ctx.credential:
            raise ValueError("Stripe blocks need a Stripe credential on the node")
        return cls(ctx.credential, timeout_s=ctx.timeout_s, log=ctx.http_log)

    def _get(self, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return self.http.get(path, params=encode_form(params or {})).json()

    def _post(self, path: str, params: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        # Content-Type is set even for an empty body: Stripe's writes are always form-encoded.
        headers = {"Idempotency-Key": idempotency_key, "Content-Type": "application/x-www-form-urlencoded"}
        return self.http.post(path, data=encode_form(params), headers=headers).json()

    def _list(
        self,
        path: str,
        filters: Mapping[str, Any],
        *,
        max_items: int,
        limit: int | None = None,
        starting_after: str | None = None,
    ) -> Iterator[dict[str, Any]]:
        """A Stripe list in pages of `limit` (default: up to 100), from after `starting_after`, until `max_items`."""

        def page(after: str | None) -> dict[str, Any]:
            params = {**filters, "limit": limit or min(max_items, 100), "starting_after": after or starting_after}
            return self._get(path, params)

        return pagination.starting_after(page, max_items=max_items)

    # Customers
    def create_customer(self, params: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        return self._post("/v1/customers", params, idempotency_key=idempotency_key)

    def retrieve_customer(self, customer_id: str) -> dict[str, Any]:
        return self._get(f"/v1/customers/{customer_id}")

    def update_customer(self, customer_id: str, params: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        return self._post(f"/v1/customers/{customer_id}", params, idempotency_key=idempotency_key)

    def list_customers(self, *, limit: int = 10) -> list[dict[str, Any]]:
        """The newest customers (one page)."""
        return self._get("/v1/customers", {"limit": limit})["data"]

    def find_customer_by_email(self, email: str) -> dict[str, Any] | None:
        """The newest customer with exactly this email (the list filter, not the eventually consistent search)."""
        found = self._get("/v1/customers", {"email": email, "limit": 1})["data"]
        return found[0] if found else None

    # Payments
    def create_payment_intent(self, params: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        return self._post("/v1/payment_intents", params, idempotency_key=idempotency_key)

    def retrieve_payment_intent(self, payment_intent_id: str) -> dict[str, Any]:
        return self._get(f"/v1/payment_intents/{payment_intent_id}")

    def retrieve_charge(self, charge_id: str) -> dict[str, Any]:
        return self._get(f"/v1/charges/{charge_id}")

    def list_charges(self, *, customer: str | None = None, max_items: int = 100) -> Iterator[dict[str, Any]]:
        return self._list("/v1/charges", {"customer": customer}, max_items=max_items)

    def list_payment_intents(
        self,
        *,
        customer: str | None = None,
        created: Mapping[str, int] | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        max_items: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """PaymentIntents, newest first; `created` is Stripe's range filter ({"gte": unix seconds, "lt": …})."""
        filters = {"customer": customer, "created": created}
        return self._list(
            "/v1/payment_intents", filters, limit=limit, starting_after=starting_after, max_items=max_items
        )

    def create_refund(self, params: Mapping[str, Any], *, idempotency_key: str) -> dict[str, Any]:
        return self._post("/v1/refunds", params, idempotency_key=idempotency_key)

    # Webhook endpoints (subscribe/unsubscribe)
    def create_webhook_endpoint(
        self, *, url: str, events: list[str], idempotency_key: str, metadata: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        params = {"url": url, "enabled_events": events, "metadata": dict(metadata or {}) or None}
        return self._post("/v1/webhook_endpoints", params, idempotency_key=idempotency_key)

    def list_webhook_endpoints(self) -> Iterator[dict[str, Any]]:
        """Every webhook endpoint of the account (Stripe shows no `secret` here: only when creating one)."""

        def page(after: str | None) -> dict[str, Any]:
            return self._get("/v1/webhook_endpoints", {"limit": 100, "starting_after": after})

        return pagination.starting_after(page)

    def update_webhook_endpoint(self, endpoint_id: str, *, events: list[str], idempotency_key: str) -> dict[str, Any]:
        return self._post(
            f"/v1/webhook_endpoints/{endpoint_id}", {"enabled_events": events}, idempotency_key=idempotency_key
        )

    def delete_webhook_endpoint(self, endpoint_id: str) -> None:
        self.http.request("DELETE", f"/v1/webhook_endpoints/{endpoint_id}")
