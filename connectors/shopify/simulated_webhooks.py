"""The REST resource JSON the simulated shop sends as webhook bodies, one builder per resource.

Shopify's webhooks carry the REST Admin representation (snake_case, numeric ids plus
`admin_graphql_api_id`), not the GraphQL shape: orders/*, products/update, customers/* and
inventory_levels/update below follow the payloads Shopify documents for API version 2025-01.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connectors.shopify.simulated_shapes import CURRENCY, legacy_id, now

if TYPE_CHECKING:
    from connectors.shopify.simulated_store import Store


def webhook_body(store: Store, topic: str, key: Any) -> dict[str, Any]:
    """The body of a `topic` webhook about `key` (a gid, or (item gid, location gid) for a level)."""
    resource = topic.split("/", 1)[0]
    builders = {"orders": order_json, "products": product_json, "customers": customer_json}
    if resource == "inventory_levels":
        return inventory_level_json(store, *key)
    return builders[resource](store, key)


def order_json(store: Store, order_id: str) -> dict[str, Any]:
    order = store.orders[order_id]
    view = store.order_view(order)
    customer = store.customers.get(order["customer_id"] or "")
    lines = []
    for line in order["lines"]:
        variant = store.variants[line["variant_id"]]
        lines.append(
            {
                "id": legacy_id(line["id"]),
                "admin_graphql_api_id": line["id"],
                "variant_id": legacy_id(variant["id"]),
                "product_id": legacy_id(variant["product"]["id"]),
                "sku": variant["sku"],
                "title": variant["product"]["title"],
                "variant_title": variant["title"],
                "quantity": line["quantity"],
                "price": variant["price"],
                "fulfillable_quantity": 0 if order["cancelled_at"] else line["quantity"],
                "requires_shipping": True,
            }
        )
    return {
        "id": int(view["legacyResourceId"]),
        "admin_graphql_api_id": order_id,
        "name": order["name"],
        "order_number": order["number"],
        "email": order["email"],
        "created_at": order["created_at"],
        "financial_status": order["financial"].lower(),
        "fulfillment_status": {"FULFILLED": "fulfilled", "PARTIALLY_FULFILLED": "partial"}.get(
            view["displayFulfillmentStatus"]
        ),
        "cancelled_at": order["cancelled_at"],
        "cancel_reason": order["cancel_reason"] and order["cancel_reason"].lower(),
        "currency": CURRENCY,
        "total_price": view["totalPriceSet"]["shopMoney"]["amount"],
        "subtotal_price": view["totalPriceSet"]["shopMoney"]["amount"],
        "total_tax": "0.00",
        "tags": ", ".join(order["tags"]),
        "line_items": lines,
        "shipping_address": None,
        "customer": customer
        and {
            "id": legacy_id(customer["id"]),
            "email": customer["email"],
            "first_name": customer["firstName"],
            "last_name": customer["lastName"],
        },
    }


def product_json(store: Store, product_id: str) -> dict[str, Any]:
    product = store.products[product_id]
    variants = []
    for variant in (v for v in store.variants.values() if v["product"] is product):
        quantity = store.variant_view(variant)["inventoryQuantity"]
        variants.append(
            {
                "id": legacy_id(variant["id"]),
                "admin_graphql_api_id": variant["id"],
                "product_id": legacy_id(product_id),
                "title": variant["title"],
                "sku": variant["sku"],
                "price": variant["price"],
                "compare_at_price": None,
                "position": variant["position"],
                "inventory_policy": "deny",
                "option1": variant["title"],
                "option2": None,
                "option3": None,
                "barcode": None,
                "taxable": True,
                "inventory_item_id": legacy_id(variant["item_id"]),
                "inventory_quantity": quantity,
                "old_inventory_quantity": quantity,
                "created_at": variant["createdAt"],
                "updated_at": product["updatedAt"],
            }
        )
    return {
        "id": legacy_id(product_id),
        "admin_graphql_api_id": product_id,
        "title": product["title"],
        "body_html": product["descriptionHtml"],
        "vendor": product["vendor"],
        "product_type": product["productType"],
        "handle": product["handle"],
        "status": product["status"].lower(),
        "tags": ", ".join(product["tags"]),
        "published_scope": "web",
        "published_at": product["createdAt"] if product["status"] == "ACTIVE" else None,
        "created_at": product["createdAt"],
        "updated_at": product["updatedAt"],
        "template_suffix": None,
        "variants": variants,
        "options": [{"name": "Size", "position": 1, "values": [v["option1"] for v in variants]}],
        "images": [],
        "image": None,
    }


def customer_json(store: Store, customer_id: str) -> dict[str, Any]:
    customer = store.customers[customer_id]
    return {
        "id": legacy_id(customer_id),
        "admin_graphql_api_id": customer_id,
        "email": customer["email"],
        "first_name": customer["firstName"],
        "last_name": customer["lastName"],
        "phone": customer["phone"],
        "state": "disabled",  # no account invitation sent yet
        "verified_email": bool(customer["email"]),
        "tags": ", ".join(customer["tags"]),
        "note": customer["note"],
        "currency": CURRENCY,
        "tax_exempt": False,
        "tax_exemptions": [],
        "multipass_identifier": None,
        "addresses": [],
        "default_address": None,
        "email_marketing_consent": None,
        "sms_marketing_consent": None,
        "created_at": customer["createdAt"],
        "updated_at": customer["updatedAt"],
    }


def inventory_level_json(store: Store, item_id: str, location_id: str) -> dict[str, Any]:
    item, location = legacy_id(item_id), legacy_id(location_id)
    return {
        "inventory_item_id": item,
        "location_id": location,
        "available": store.levels[(item_id, location_id)]["available"],
        "updated_at": now(),
        "admin_graphql_api_id": f"gid://shopify/InventoryLevel/{location}?inventory_item_id={item}",
    }
