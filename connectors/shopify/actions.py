"""Shopify actions over the GraphQL Admin API: each maps its config to one client call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.sdk import ActionContext, Block, action
from connectors.sdk.files import json_loader
from connectors.shopify.client import ShopifyClient, gid

schemas = json_loader(__file__, "schemas")
samples = json_loader(__file__, "samples")


def _shopify_action(
    name: str, *, title: str, description: str, output: str, idempotent: bool = True
) -> Callable[[Callable[..., Any]], Block]:
    """Declare `shopify.<name>`: config schema `<name>.config.json`, output schema and sample `<output>.json`."""
    return action(
        key=f"shopify.{name}",
        title=title,
        description=description,
        config_schema=schemas(f"{name}.config.json"),
        output_schema=schemas(f"{output}.json"),
        sample=samples(f"{output}.json"),
        idempotent=idempotent,
        icon="shopify.svg",
        credential="shopify",
    )


@_shopify_action(
    "get_order", title="Get order", description="Fetches an order by id or number.", output="graphql_order"
)
def get_order(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return ShopifyClient.from_context(ctx).get_order(config["order_id"])


@_shopify_action(
    "search_orders",
    title="Search orders",
    description="Finds orders with Shopify's search syntax, following cursor pages until `max_items`.",
    output="order_list",
)
def search_orders(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    found = ShopifyClient.from_context(ctx).search_orders(
        query=config.get("query") or None,
        max_items=config.get("max_items", 50),
        sort_key=config.get("sort_key", "CREATED_AT"),
        reverse=config.get("reverse", True),
    )
    orders = list(found)
    return {"orders": orders, "count": len(orders)}


@_shopify_action(
    "add_order_tags",
    title="Add order tags",
    description="Adds tags to an order; adding a tag it has already changes nothing.",
    output="order_tags",
)
def add_order_tags(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return ShopifyClient.from_context(ctx).add_order_tags(config["order_id"], config["tags"])


@_shopify_action(
    "add_order_note",
    title="Add order note",
    description="Adds a line to an order's staff note (once, however often retried), or replaces the note.",
    output="order_note",
)
def add_order_note(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    client = ShopifyClient.from_context(ctx)
    return client.set_order_note(config["order_id"], config["note"], append=config.get("append", True))


@_shopify_action(
    "create_refund",
    title="Refund order",
    description="Pays back an amount, some lines or all that is left of an order, from its captured payments.",
    output="refund",
    # API 2025-01 takes no idempotency key for refundCreate (the @idempotent directive comes with
    # 2026-01), so a refund whose outcome was lost is left for an operator, never repeated.
    idempotent=False,
)
def create_refund(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    location = config.get("location_id")
    lines = [
        {"lineItemId": gid("LineItem", line["line_item_id"]), "quantity": line["quantity"]}
        | {"restockType": line.get("restock_type", "NO_RESTOCK")}
        | ({"locationId": gid("Location", location)} if location else {})
        for line in config.get("line_items", [])
    ]
    return ShopifyClient.from_context(ctx).create_refund(
        config["order_id"],
        amount=config.get("amount"),
        lines=lines,
        notify=config.get("notify", False),
        **({"note": config["note"]} if config.get("note") else {}),
    )


@_shopify_action(
    "create_fulfillment",
    title="Fulfil order",
    description="Ships every open fulfillment order of the order with a tracking number; a retry never ships twice.",
    output="fulfillment",
)
def create_fulfillment(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    tracking = {
        "number": config.get("tracking_number"),
        "company": config.get("tracking_company"),
        "url": config.get("tracking_url"),
    }
    client = ShopifyClient.from_context(ctx)
    return client.create_fulfillment(
        config["order_id"], tracking=tracking, notify_customer=config.get("notify_customer", True)
    )


def _level(config: dict[str, Any], item_id: str, group: dict[str, Any] | None, available: int | None) -> dict[str, Any]:
    """The output of both inventory actions, from the adjustment group Shopify answers (null: no change)."""
    change = next((c for c in (group or {}).get("changes", []) if c["name"] == "available"), None)
    if change is not None and change["quantityAfterChange"] is not None:
        available = change["quantityAfterChange"]
    return {
        "sku": config["sku"],
        "inventory_item_id": item_id,
        "location_id": gid("Location", config["location_id"]),
        "available": available,
        "delta": change["delta"] if change else 0,
    }


@_shopify_action(
    "set_inventory_level",
    title="Set inventory",
    description="Sets the available quantity of a SKU at a location. Setting it twice leaves the same number.",
    output="inventory_level",
)
def set_inventory_level(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    client = ShopifyClient.from_context(ctx)
    item_id = client.inventory_item_for(config["sku"])
    group = client.set_inventory(item_id=item_id, location_id=config["location_id"], quantity=config["quantity"])
    return _level(config, item_id, group, config["quantity"])


@_shopify_action(
    "adjust_inventory_level",
    title="Adjust inventory",
    description="Adds or removes units of a SKU at a location. Never repeated after an unknown outcome.",
    output="inventory_level",
    idempotent=False,  # Shopify takes no idempotency key, and a second delta moves the stock again
)
def adjust_inventory_level(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    client = ShopifyClient.from_context(ctx)
    item_id = client.inventory_item_for(config["sku"])
    group = client.adjust_inventory(item_id=item_id, location_id=config["location_id"], delta=config["delta"])
    return _level(config, item_id, group, None)


@_shopify_action(
    "find_variant_by_sku",
    title="Find variant by SKU",
    description="Looks up the product variant with exactly this SKU; `found` is false when there is none.",
    output="find_variant",
)
def find_variant_by_sku(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    variants = ShopifyClient.from_context(ctx).find_variants_by_sku(config["sku"])
    return {"found": len(variants) == 1, "variant": variants[0] if len(variants) == 1 else None}


@_shopify_action(
    "get_product",
    title="Get product",
    description="Fetches a product by id with its variants, prices and stock.",
    output="product",
)
def get_product(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return ShopifyClient.from_context(ctx).get_product(config["product_id"])


@_shopify_action(
    "get_variant",
    title="Get variant",
    description="Fetches a product variant by id: SKU, price, stock and its product.",
    output="variant",
)
def get_variant(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return ShopifyClient.from_context(ctx).get_variant(config["variant_id"])


@_shopify_action(
    "cancel_order",
    title="Cancel order",
    description="Cancels an order, optionally refunding and restocking it; Shopify finishes it in a background job.",
    output="cancellation",
)
def cancel_order(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    job = ShopifyClient.from_context(ctx).cancel_order(
        config["order_id"],
        reason=config.get("reason", "OTHER"),
        refund=config.get("refund", False),
        restock=config.get("restock", True),
        notifyCustomer=config.get("notify_customer", False),
        staffNote=config.get("staff_note"),
    )
    return {"order_id": gid("Order", config["order_id"]), "job_id": job["id"], "done": job["done"]}


@_shopify_action(
    "create_customer",
    title="Create customer",
    description="Creates a Shopify customer with an email, phone or name. Never repeated after an unknown outcome.",
    output="customer",
    idempotent=False,  # customerCreate takes no idempotency key; only email and phone are unique
)
def create_customer(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return ShopifyClient.from_context(ctx).create_customer(_customer_input(config))


@_shopify_action(
    "update_customer",
    title="Update customer",
    description="Changes the given fields of a customer (email, phone, name, tags, note); the rest stay.",
    output="customer",
)
def update_customer(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    changes = _customer_input({k: v for k, v in config.items() if k != "customer_id"})
    return ShopifyClient.from_context(ctx).update_customer(config["customer_id"], changes)


def _customer_input(config: dict[str, Any]) -> dict[str, Any]:
    """CustomerInput from a block config: first_name/last_name become firstName/lastName."""
    names = {"first_name": "firstName", "last_name": "lastName"}
    return {names.get(k, k): v for k, v in config.items()}


ALL = (
    get_order,
    search_orders,
    add_order_tags,
    add_order_note,
    create_fulfillment,
    set_inventory_level,
    adjust_inventory_level,
    get_product,
    get_variant,
    find_variant_by_sku,
    cancel_order,
    create_refund,
    create_customer,
    update_customer,
)
