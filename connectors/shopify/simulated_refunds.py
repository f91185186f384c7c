"""Refunds in the simulated shop: refundCreate's checks and effects, and the transactions that pay them back.

An order paid at checkout holds one successful SALE; each refund adds REFUND transactions whose
parent is that sale, restocks the lines it returns, and moves the order's financial status to
PARTIALLY_REFUNDED or REFUNDED. The user errors name the input path, as Shopify's do.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from connectors.shopify.simulated_shapes import connection, money_bag, now, user_error

if TYPE_CHECKING:
    from connectors.shopify.simulated_store import Store

PAID = ("SALE", "CAPTURE")
RESTOCKS = ("RETURN", "CANCEL", "LEGACY_RESTOCK")
CANCEL_VOIDED = {"PENDING": "VOIDED", "AUTHORIZED": "VOIDED"}  # nothing was captured: cancelling voids it


def transaction_view(order: dict[str, Any], transaction: dict[str, Any]) -> dict[str, Any]:
    parent = next((t for t in order["transactions"] if t["id"] == transaction["parent_id"]), None)
    return {
        "__typename": "OrderTransaction",
        "id": transaction["id"],
        "kind": transaction["kind"],
        "status": transaction["status"],
        "gateway": transaction["gateway"],
        "amountSet": money_bag(transaction["amount"]),
        "parentTransaction": parent and transaction_view(order, parent),
        "createdAt": transaction["createdAt"],
        "processedAt": transaction["createdAt"],
        "test": True,
    }


def refund_view(store: Store, refund: dict[str, Any]) -> dict[str, Any]:
    order = store.orders[refund["order_id"]]
    lines = {line["id"]: line for line in store.order_view(order)["lineItems"](None)["nodes"]}
    refund_lines = [
        {
            "__typename": "RefundLineItem",
            "lineItem": lines[r["line_item_id"]],
            "quantity": r["quantity"],
            "restockType": r["restockType"],
            "restocked": r["restockType"] in RESTOCKS,
        }
        for r in refund["lines"]
    ]
    transactions = [transaction_view(order, t) for t in order["transactions"] if t["id"] in refund["transaction_ids"]]
    return {
        "__typename": "Refund",
        "id": refund["id"],
        "legacyResourceId": refund["id"].rsplit("/", 1)[1],
        "createdAt": refund["createdAt"],
        "updatedAt": refund["createdAt"],
        "note": refund["note"],
        "totalRefundedSet": money_bag(sum((Decimal(t["amountSet"]["shopMoney"]["amount"]) for t in transactions), 0)),
        "refundLineItems": lambda info, **args: connection(refund_lines, **args),
        "transactions": lambda info, **args: connection(transactions, **args),
        "order": lambda info: store.order_view(order),
    }


def _room(order: dict[str, Any], parent: dict[str, Any]) -> Decimal:
    """What is left to refund from one sale or capture."""
    taken = (Decimal(t["amount"]) for t in order["transactions"] if t["parent_id"] == parent["id"])
    return Decimal(parent["amount"]) - sum(taken, Decimal(0))


def _line_errors(store: Store, order: dict[str, Any], lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {line["id"]: line for line in order["lines"]}
    errors = []
    for i, given in enumerate(lines):
        line = by_id.get(given["lineItemId"])
        field = ["refundLineItems", str(i)]
        if line is None:
            errors.append(user_error([*field, "lineItemId"], "Line item does not exist"))
            continue
        refunded = sum(
            r["quantity"] for f in store.refunds.values() for r in f["lines"] if r["line_item_id"] == line["id"]
        )
        if given["quantity"] < 1 or given["quantity"] > line["quantity"] - refunded:
            message = "Quantity cannot refund more items than were purchased"
            errors.append(user_error([*field, "quantity"], message))
        if given.get("locationId") and given["locationId"] not in store.locations:
            errors.append(user_error([*field, "locationId"], "Location does not exist"))
    return errors


def _transaction_errors(order: dict[str, Any], transactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parents = {t["id"]: t for t in order["transactions"] if t["kind"] in PAID and t["status"] == "SUCCESS"}
    errors = []
    for i, given in enumerate(transactions):
        field = ["transactions", str(i)]
        parent = parents.get(given.get("parentId") or "")
        try:
            wanted = Decimal(given["amount"])
        except InvalidOperation:
            errors.append(user_error([*field, "amount"], "Amount is invalid"))
            continue
        if given["kind"] != "REFUND":
            errors.append(user_error([*field, "kind"], "Kind must be refund"))
        elif given["orderId"] != order["id"]:
            errors.append(user_error([*field, "orderId"], "Transaction must belong to the refunded order"))
        elif parent is None:
            errors.append(user_error([*field, "parentId"], "Parent transaction could not be found"))
        elif wanted <= 0 or wanted > _room(order, parent):
            message = f"Refund amount ${wanted:.2f} is greater than net payment received ${_room(order, parent):.2f}"
            errors.append(user_error([*field, "amount"], message))
    return errors


def record_refund(store: Store, order: dict[str, Any], lines: list[dict], transactions: list[dict], **extra: Any):
    """Add the refund, its REFUND transactions and restocks; move the financial status."""
    refund = {"id": store.new_gid("Refund"), "order_id": order["id"], "createdAt": now()}
    refund |= {"note": extra.get("note"), "notify": bool(extra.get("notify")), "transaction_ids": []}
    refund["lines"] = [
        {
            "line_item_id": r["lineItemId"],
            "quantity": r["quantity"],
            "restockType": r.get("restockType") or "NO_RESTOCK",
        }
        for r in lines
    ]
    location_id = next(iter(store.locations))
    for given, line in zip(lines, refund["lines"], strict=True):
        if line["restockType"] in RESTOCKS:
            variant = store.variants[next(x for x in order["lines"] if x["id"] == line["line_item_id"])["variant_id"]]
            key = (variant["item_id"], given.get("locationId") or location_id)
            level = store.levels.setdefault(key, {"available": 0, "on_hand": 0})
            level["available"] += line["quantity"]
            level["on_hand"] += line["quantity"]
            store.events.append(("inventory_levels/update", key))
    for given in transactions:
        made = {"id": store.new_gid("OrderTransaction"), "kind": "REFUND", "status": "SUCCESS", "createdAt": now()}
        made |= {
            "gateway": given["gateway"],
            "amount": f"{Decimal(given['amount']):.2f}",
            "parent_id": given["parentId"],
        }
        order["transactions"].append(made)
        refund["transaction_ids"].append(made["id"])
    paid = [t for t in order["transactions"] if t["kind"] in PAID and t["status"] == "SUCCESS"]
    if paid and transactions:
        left = sum((_room(order, t) for t in paid), Decimal(0))
        order["financial"] = "REFUNDED" if left <= 0 else "PARTIALLY_REFUNDED"
    order["updated_at"] = now()
    store.refunds[refund["id"]] = refund
    return refund


def refund_create(store: Store, input: dict[str, Any]) -> dict[str, Any]:
    """refundCreate: check every line and transaction first, then change nothing or everything."""
    order = store.orders.get(input["orderId"])
    if order is None:
        return {"refund": None, "order": None, "userErrors": [user_error(["orderId"], "Order does not exist")]}
    lines, transactions = input.get("refundLineItems") or [], input.get("transactions") or []
    errors = _line_errors(store, order, lines) + _transaction_errors(order, transactions)
    if errors:
        return {"refund": None, "order": None, "userErrors": errors}
    refund = record_refund(store, order, lines, transactions, note=input.get("note"), notify=input.get("notify"))
    return {"refund": refund_view(store, refund), "order": store.order_view(order), "userErrors": []}


def cancel_refund(store: Store, order: dict[str, Any]) -> None:
    """orderCancel(refund: true): pay back all that is left of each capture, or void what was never captured."""
    paid = [t for t in order["transactions"] if t["kind"] in PAID and t["status"] == "SUCCESS"]
    transactions = [
        {"orderId": order["id"], "parentId": t["id"], "gateway": t["gateway"], "amount": str(_room(order, t))}
        for t in paid
        if _room(order, t) > 0
    ]
    if transactions:
        record_refund(store, order, [], transactions, note="Order cancelled")
    else:
        order["financial"] = CANCEL_VOIDED.get(order["financial"], order["financial"])
