"""Shopify GraphQL Admin API calls (version 2025-01); the operations themselves are data in operations.py.

All Shopify JSON shaping lives here; blocks call one method each. The contract tests validate
every `query`/`mutation` this module sends (imported from operations.py) against the official
schema, so a renamed field fails a test here, not a shop's flow.

GraphQL answers most failures with HTTP 200: `errors[]` (THROTTLED, ACCESS_DENIED, a query the
schema refuses) and a mutation's `userErrors[]`. `ShopifyClient.execute` turns both into the
SDK's typed errors; non-2xx answers go through the SDK HttpClient's table as for any vendor.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

import requests

from connectors.sdk import (
    ActionContext,
    BlockError,
    CredentialRejected,
    HttpClient,
    RateLimited,
    Retryable,
    VendorDetail,
    VendorRejected,
    pagination,
)
from connectors.sdk.ratelimit import CostBudget, MemoryCostBudget, default_cost_budget
from connectors.sdk.redaction import secret_values
from connectors.shopify.credential import CREDENTIAL_SCHEMA
from connectors.shopify.operations import (
    ADD_ORDER_TAGS,
    ADJUST_INVENTORY,
    CANCEL_ORDER,
    CREATE_CUSTOMER,
    CREATE_FULFILLMENT,
    CREATE_REFUND,
    FIND_VARIANTS,
    FIND_WEBHOOK_SUBSCRIPTIONS,
    GET_ORDER,
    GET_PRODUCT,
    GET_VARIANT,
    ORDER_FULFILLMENT_ORDERS,
    ORDER_NOTE,
    REFUNDABLE_ORDER,
    SEARCH_ORDERS,
    SET_INVENTORY,
    SHOP,
    SUBSCRIBE_WEBHOOK,
    UNSUBSCRIBE_WEBHOOK,
    UPDATE_CUSTOMER,
    UPDATE_ORDER_NOTE,
)

API_VERSION = "2025-01"  # the version of ../shared/api-specs/shopify, which the contract tests check
PATH = f"/admin/api/{API_VERSION}/graphql.json"
# Shopify refuses a query whose requested cost passes 1,000 points; a connection costs 2 + first x its
# children, so a page of 50 orders carrying 10 line items each (15 points an order) stays at 752.
ORDERS_PAGE = 50
SEARCH_LINE_ITEMS = 10
ORDER_LINE_ITEMS = 100
PRODUCT_VARIANTS = 100  # a product's variants in one page: 2 + 100 x 1 points
PAID = ("SALE", "CAPTURE")  # the transactions a refund is paid back from
OPERATION_NAME = re.compile(r"\b(?:query|mutation)\s+(\w+)")

# Shopify's userError when the topic already sends to this URL (a subscription left by an earlier activation).
ADDRESS_TAKEN = "has already been taken"


def gid(kind: str, value: str | int) -> str:
    """A GraphQL id from a numeric id ("5904567812345" -> gid://shopify/Order/5904567812345); gids pass."""
    text = str(value).strip()
    return text if text.startswith("gid://") else f"gid://shopify/{kind}/{text}"


def refund_transactions(order: Mapping[str, Any], amount: Decimal | None) -> list[dict[str, Any]]:
    """REFUND transactions paying `amount` (None: all that is left) back from the order's sales and captures.

    Each successful SALE or CAPTURE is a parent; what earlier refunds took from it is not
    refunded again. Oldest first, as Shopify's own suggested refunds do.

    Raises:
        VendorRejected: less than `amount` is left to refund, or nothing at all for a full refund.
    """
    done = [t for t in order["transactions"] if t["status"] == "SUCCESS"]
    refunded: defaultdict[str, Decimal] = defaultdict(Decimal)
    for t in done:
        if t["kind"] == "REFUND" and t["parentTransaction"]:
            refunded[t["parentTransaction"]["id"]] += Decimal(t["amountSet"]["shopMoney"]["amount"])
    rooms = [(t, Decimal(t["amountSet"]["shopMoney"]["amount"]) - refunded[t["id"]]) for t in done if t["kind"] in PAID]
    left_total = sum((room for _, room in rooms), Decimal(0))
    wanted = left_total if amount is None else amount
    if wanted > left_total or (amount is None and not left_total):
        message = f"Shopify order {order['id']} has {left_total} {order['currencyCode']} left to refund"
        message += "" if amount is None else f", not {amount}"
        raise VendorRejected(message, status=200, vendor_code="REFUND_EXCEEDS_CAPTURED", field="/amount")
    planned = []
    for parent, room in rooms:
        take = min(wanted, room)
        if take > 0:
            planned.append(
                {"orderId": order["id"], "parentId": parent["id"], "gateway": parent["gateway"], "kind": "REFUND"}
                | {"amount": str(take)}
            )
            wanted -= take
    return planned


def describe_error(response: requests.Response) -> VendorDetail:
    """Shopify's non-2xx bodies: {"errors": "text"}, {"errors": [{"message"}]} or {"errors": {"field": [...]}}."""
    try:
        errors = response.json().get("errors")
    except (ValueError, AttributeError):
        errors = None
    if isinstance(errors, list):
        message = "; ".join(str(e.get("message", e)) if isinstance(e, dict) else str(e) for e in errors)
    elif isinstance(errors, dict):
        message = "; ".join(f"{k}: {v}" for k, v in errors.items())
    else:
        message = str(errors or response.text[:500] or response.reason or "")
    return VendorDetail(message=message)


class _Budget:
    """The cost bucket Shopify reported last, per shop: in Redis when REDIS_URL is set, else in this process.

    Shopify restores `restoreRate` points a second up to `maximumAvailable`, one bucket per shop for
    every worker calling it. A call reserves its operation's last requested cost from the bucket
    first; one that does not fit is held back here instead of spending a round trip on THROTTLED.
    Each answer's `throttleStatus` then replaces the estimate with Shopify's own figure.
    """

    def __init__(self, store: CostBudget | None = None) -> None:
        self._store = store or MemoryCostBudget()

    def wait_for(self, key: str, operation: str) -> float:
        return self._store.reserve(key, operation)

    def record(self, key: str, operation: str, cost: Mapping[str, Any]) -> None:
        status = cost.get("throttleStatus") or {}
        if not status.get("restoreRate"):
            return
        requested = cost.get("requestedQueryCost")
        self._store.report(
            key,
            operation,
            requested=float(requested) if requested is not None else None,
            available=float(status["currentlyAvailable"]),
            maximum=float(status["maximumAvailable"]),
            rate=float(status["restoreRate"]),
        )


budget = _Budget(default_cost_budget())


def budget_key(credential: Mapping[str, Any]) -> str:
    """Shopify's bucket is the shop's: every credential and worker calling one shop shares it."""
    return f"shopify:{str(credential.get('shop_domain') or '').lower()}"


def throttle_wait(cost: Mapping[str, Any]) -> float | None:
    """Seconds until the requested cost fits: (requested - currentlyAvailable) / restoreRate."""
    status = cost.get("throttleStatus") or {}
    requested, rate = cost.get("requestedQueryCost"), status.get("restoreRate")
    if requested is None or not rate:
        return None
    return round(max(0.0, (float(requested) - float(status.get("currentlyAvailable", 0))) / float(rate)), 3)


def _graphql_error(errors: list[dict[str, Any]], cost: Mapping[str, Any], operation: str) -> BlockError:
    codes = [str((e.get("extensions") or {}).get("code") or "") for e in errors]
    message = f"Shopify {operation}: " + "; ".join(str(e.get("message", "")) for e in errors)
    if "THROTTLED" in codes:
        return RateLimited(message, retry_after=throttle_wait(cost), details={"cost": dict(cost)})
    if "ACCESS_DENIED" in codes:
        return CredentialRejected(message + " (the app lacks an access scope)")
    if "INTERNAL_SERVER_ERROR" in codes:
        return Retryable(message)
    return VendorRejected(message, status=200, vendor_code=next((c for c in codes if c), None))


def _user_error(payload_name: str, errors: list[dict[str, Any]]) -> VendorRejected:
    first = errors[0]
    field = "/" + "/".join(str(part) for part in first["field"]) if first.get("field") else None
    message = f"Shopify {payload_name}: " + "; ".join(e["message"] for e in errors)
    return VendorRejected(message, status=200, vendor_code=first.get("code"), field=field)


class ShopifyClient:
    def __init__(self, credential: Mapping[str, Any], *, timeout_s: float = 30.0, log: list | None = None):
        token = credential["access_token"]
        self.http = HttpClient(
            base_url=credential.get("base_url") or f"https://{credential['shop_domain']}",
            headers={"X-Shopify-Access-Token": token, "Content-Type": "application/json"},
            timeout_s=timeout_s,
            secrets=secret_values(CREDENTIAL_SCHEMA, credential),
            log=log,
            describe_error=describe_error,
        )
        self.budget_key = budget_key(credential)

    @classmethod
    def from_context(cls, ctx: ActionContext) -> ShopifyClient:
        if not ctx.credential:
            raise ValueError("Shopify blocks need a Shopify credential on the node")
        return cls(ctx.credential, timeout_s=ctx.timeout_s, log=ctx.http_log)

    def execute(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """POST one operation; return `data`, or raise the typed error for `errors[]`.

        Raises:
            RateLimited: THROTTLED (retry_after from throttleStatus), a 429, or our own budget.
            CredentialRejected: 401/403 or ACCESS_DENIED.
            Retryable: network, 5xx, INTERNAL_SERVER_ERROR.
            VendorRejected: any other error, including a query the schema refuses.
        """
        operation = OPERATION_NAME.search(query).group(1)
        wait = budget.wait_for(self.budget_key, operation)
        if wait > 0:
            raise RateLimited(f"Shopify {operation} held back: the shop's cost budget is spent", retry_after=wait)
        body = self.http.post(PATH, json={"query": query, "variables": dict(variables or {})}).json()
        cost = (body.get("extensions") or {}).get("cost") or {}
        budget.record(self.budget_key, operation, cost)
        if body.get("errors"):
            raise _graphql_error(body["errors"], cost, operation)
        return body["data"]

    def mutate(self, query: str, variables: Mapping[str, Any], field: str) -> dict[str, Any]:
        """Run a mutation; return its payload, or raise VendorRejected for its first user error."""
        payload = self.execute(query, variables)[field]
        errors = payload.get("userErrors") or payload.get("orderCancelUserErrors") or []
        if errors:
            raise _user_error(field, errors)
        return payload

    # Shop
    def shop(self) -> dict[str, Any]:
        return self.execute(SHOP)["shop"]

    # Orders
    def get_order(self, order_id: str | int) -> dict[str, Any]:
        order = self.execute(GET_ORDER, {"id": gid("Order", order_id), "lineItems": ORDER_LINE_ITEMS})["order"]
        if order is None:
            raise VendorRejected(f"Shopify has no order {order_id}", status=200, vendor_code="NOT_FOUND")
        return order

    def search_orders(
        self,
        *,
        query: str | None,
        max_items: int,
        sort_key: str | None = None,
        reverse: bool = False,
        page_size: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        def page(after: str | None) -> tuple[list[Any], str | None]:
            variables = {"first": min(max_items, page_size or ORDERS_PAGE), "after": after, "query": query}
            variables |= {"sortKey": sort_key, "reverse": reverse, "lineItems": SEARCH_LINE_ITEMS}
            found = self.execute(SEARCH_ORDERS, variables)["orders"]
            info = found["pageInfo"]
            return found["nodes"], info["endCursor"] if info["hasNextPage"] else None

        return pagination.cursor(page, max_items=max_items)

    def add_order_tags(self, order_id: str | int, tags: list[str]) -> dict[str, Any]:
        node = self.mutate(ADD_ORDER_TAGS, {"id": gid("Order", order_id), "tags": tags}, "tagsAdd")["node"]
        return {"id": node["id"], "tags": node["tags"]}

    def set_order_note(self, order_id: str | int, note: str, *, append: bool) -> dict[str, Any]:
        """Replace the order's note, or add `note` as a new line unless the note already holds it (a retry)."""
        order_gid = gid("Order", order_id)
        if append:
            order = self.execute(ORDER_NOTE, {"id": order_gid})["order"]
            if order is None:
                raise VendorRejected(f"Shopify has no order {order_id}", status=200, vendor_code="NOT_FOUND")
            current = order["note"] or ""
            if note in current:
                return order
            note = f"{current}\n{note}" if current else note
        return self.mutate(UPDATE_ORDER_NOTE, {"input": {"id": order_gid, "note": note}}, "orderUpdate")["order"]

    def create_refund(
        self, order_id: str | int, *, amount: str | None, lines: list[Mapping[str, Any]], **options: Any
    ) -> dict[str, Any]:
        """Refund `amount`, or the lines' price, or everything left, from the order's captures.

        `lines` are refundLineItems ({lineItemId, quantity, restockType, locationId?}); `options`
        are RefundInput fields (note, notify). The answer is the refund with the order's new totals.
        """
        variables = {"id": gid("Order", order_id), "lineItems": ORDER_LINE_ITEMS if lines and amount is None else 0}
        order = self.execute(REFUNDABLE_ORDER, variables)["order"]
        if order is None:
            raise VendorRejected(f"Shopify has no order {order_id}", status=200, vendor_code="NOT_FOUND")
        total = Decimal(amount) if amount is not None else None
        if total is None and lines:
            nodes = order["lineItems"]["nodes"]
            prices = {li["id"]: Decimal(li["discountedUnitPriceSet"]["shopMoney"]["amount"]) for li in nodes}
            unknown = next((i for i, line in enumerate(lines) if line["lineItemId"] not in prices), None)
            if unknown is not None:
                message = f"Shopify order {order_id} has no line {lines[unknown]['lineItemId']}"
                raise VendorRejected(message, status=200, vendor_code="NOT_FOUND", field=f"/line_items/{unknown}")
            total = sum((prices[line["lineItemId"]] * line["quantity"] for line in lines), Decimal(0))
        refund = {"orderId": order["id"], "refundLineItems": list(lines), **options}
        refund["transactions"] = refund_transactions(order, total)
        payload = self.mutate(CREATE_REFUND, {"input": refund}, "refundCreate")
        return {**payload["refund"], "order": payload["order"]}

    def cancel_order(self, order_id: str | int, **options: Any) -> dict[str, Any]:
        variables = {"orderId": gid("Order", order_id), **options}
        return self.mutate(CANCEL_ORDER, variables, "orderCancel")["job"]

    def create_fulfillment(
        self, order_id: str | int, *, tracking: Mapping[str, str], notify_customer: bool
    ) -> dict[str, Any]:
        """Fulfil every open fulfillment order of the order with one tracking number.

        Shopify takes no idempotency key here, so a retry first looks for a fulfillment it
        already made: when nothing is left open and one carries this tracking number, that is
        the answer, and the order is never fulfilled twice.
        """
        order = self.execute(ORDER_FULFILLMENT_ORDERS, {"id": gid("Order", order_id)})["order"]
        if order is None:
            raise VendorRejected(f"Shopify has no order {order_id}", status=200, vendor_code="NOT_FOUND")
        open_ids = [fo["id"] for fo in order["fulfillmentOrders"]["nodes"] if fo["status"] in ("OPEN", "IN_PROGRESS")]
        if not open_ids:
            number = tracking.get("number")
            done = [f for f in order["fulfillments"] if number and number in {t["number"] for t in f["trackingInfo"]}]
            if done:
                return done[-1]
            raise VendorRejected(
                f"Shopify order {order_id} has nothing left to fulfil", status=200, vendor_code="NOTHING_TO_FULFILL"
            )
        fulfillment = {
            "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": i} for i in open_ids],
            "trackingInfo": {k: v for k, v in tracking.items() if v},
            "notifyCustomer": notify_customer,
        }
        return self.mutate(CREATE_FULFILLMENT, {"fulfillment": fulfillment}, "fulfillmentCreate")["fulfillment"]

    # Products and inventory
    def get_product(self, product_id: str | int) -> dict[str, Any]:
        variables = {"id": gid("Product", product_id), "variants": PRODUCT_VARIANTS}
        product = self.execute(GET_PRODUCT, variables)["product"]
        if product is None:
            raise VendorRejected(f"Shopify has no product {product_id}", status=200, vendor_code="NOT_FOUND")
        return product

    def get_variant(self, variant_id: str | int) -> dict[str, Any]:
        variant = self.execute(GET_VARIANT, {"id": gid("ProductVariant", variant_id)})["productVariant"]
        if variant is None:
            raise VendorRejected(f"Shopify has no variant {variant_id}", status=200, vendor_code="NOT_FOUND")
        return variant

    def find_variants_by_sku(self, sku: str) -> list[dict[str, Any]]:
        """Variants whose SKU is exactly `sku` (Shopify's search is case-insensitive and tokenised)."""
        quoted = sku.replace("\\", "\\\\").replace('"', '\\"')
        nodes = self.execute(FIND_VARIANTS, {"query": f'sku:"{quoted}"'})["productVariants"]["nodes"]
        return [v for v in nodes if v["sku"] == sku]

    def inventory_item_for(self, sku: str) -> str:
        variants = self.find_variants_by_sku(sku)
        if len(variants) != 1:
            problem, code = (
                ("no variant has", "SKU_NOT_FOUND") if not variants else ("several variants have", "SKU_AMBIGUOUS")
            )
            raise VendorRejected(f"Shopify: {problem} the SKU {sku!r}", status=200, vendor_code=code, field="/sku")
        return variants[0]["inventoryItem"]["id"]

    def set_inventory(self, *, item_id: str, location_id: str, quantity: int) -> dict[str, Any] | None:
        """Set `available` to `quantity`: the same call twice leaves the same level (no compare check)."""
        quantities = [{"inventoryItemId": item_id, "locationId": gid("Location", location_id), "quantity": quantity}]
        variables = {
            "input": {
                "name": "available",
                "reason": "correction",
                "ignoreCompareQuantity": True,
                "quantities": quantities,
            }
        }
        return self.mutate(SET_INVENTORY, variables, "inventorySetQuantities")["inventoryAdjustmentGroup"]

    def adjust_inventory(self, *, item_id: str, location_id: str, delta: int) -> dict[str, Any] | None:
        changes = [{"inventoryItemId": item_id, "locationId": gid("Location", location_id), "delta": delta}]
        variables = {"input": {"name": "available", "reason": "correction", "changes": changes}}
        return self.mutate(ADJUST_INVENTORY, variables, "inventoryAdjustQuantities")["inventoryAdjustmentGroup"]

    # Customers
    def create_customer(self, customer: Mapping[str, Any]) -> dict[str, Any]:
        return self.mutate(CREATE_CUSTOMER, {"input": dict(customer)}, "customerCreate")["customer"]

    def update_customer(self, customer_id: str | int, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Set the given fields (CustomerInput names); the fields left out keep their values."""
        customer = {"id": gid("Customer", customer_id), **changes}
        return self.mutate(UPDATE_CUSTOMER, {"input": customer}, "customerUpdate")["customer"]

    # Webhook subscriptions (subscribe/unsubscribe on flow activation)
    def subscribe_webhook(self, *, topic: str, url: str) -> dict[str, Any]:
        """Register `url` for `topic` ("orders/paid" -> ORDERS_PAID), JSON format.

        When Shopify answers that the address is taken for the topic, the subscription is already
        there (an activation whose answer was lost, a deactivation that could not remove it): that
        one is adopted (`"adopted": True`) instead of failing the activation.
        """
        enum = topic.upper().replace("/", "_")
        variables = {"topic": enum, "webhookSubscription": {"callbackUrl": url, "format": "JSON"}}
        payload = self.execute(SUBSCRIBE_WEBHOOK, variables)["webhookSubscriptionCreate"]
        errors = payload.get("userErrors") or []
        if errors and all(ADDRESS_TAKEN in e["message"] for e in errors):
            found = self.execute(FIND_WEBHOOK_SUBSCRIPTIONS, {"topics": [enum], "callbackUrl": url})
            existing = [s for s in found["webhookSubscriptions"]["nodes"] if s["callbackUrl"] == url]
            if existing:
                return {**existing[0], "adopted": True}
        if errors:
            raise _user_error("webhookSubscriptionCreate", errors)
        return payload["webhookSubscription"]

    def unsubscribe_webhook(self, subscription_id: str) -> None:
        self.mutate(UNSUBSCRIBE_WEBHOOK, {"id": subscription_id}, "webhookSubscriptionDelete")
