"""Shopify webhook triggers: one factory, one declaration per topic. The output is the REST JSON Shopify sends."""

from __future__ import annotations

from connectors.sdk import WebhookTrigger, webhook_trigger
from connectors.sdk.files import json_loader
from connectors.shopify import webhooks

schemas = json_loader(__file__, "schemas")
samples = json_loader(__file__, "samples")


def _shopify_webhook(
    topic: str, *, name: str, title: str, description: str, schema: str = "order.json"
) -> WebhookTrigger:
    """Every Shopify topic verifies X-Shopify-Hmac-Sha256, dedups on X-Shopify-Webhook-Id and registers itself.

    The output schema is `schema` (the resource's webhook JSON), the sample `samples/<topic with _>.json`.
    """
    return webhook_trigger(
        topic=topic,
        verify=webhooks.verify,
        dedup_key=webhooks.dedup_key,
        event_type=webhooks.topic,
        subscribe=webhooks.subscribe,
        unsubscribe=webhooks.unsubscribe,
        key=f"shopify.{name}",
        title=title,
        description=description,
        icon="shopify.svg",
        credential="shopify",
        output_schema=schemas(schema),
        sample=samples(f"{topic.replace('/', '_')}.json"),
    )


order_created = _shopify_webhook(
    "orders/create",
    name="order_created",
    title="Order created",
    description="Starts the flow when a customer places an order (paid or not).",
)
order_paid = _shopify_webhook(
    "orders/paid",
    name="order_paid",
    title="Order paid",
    description="Starts the flow when an order's payment is captured: the moment to ship.",
)
order_fulfilled = _shopify_webhook(
    "orders/fulfilled",
    name="order_fulfilled",
    title="Order fulfilled",
    description="Starts the flow when every item of an order has shipped; fulfillment_status is fulfilled.",
)
order_cancelled = _shopify_webhook(
    "orders/cancelled",
    name="order_cancelled",
    title="Order cancelled",
    description="Starts the flow when an order is cancelled; cancel_reason says why.",
)

product_updated = _shopify_webhook(
    "products/update",
    name="product_updated",
    title="Product updated",
    description="Starts the flow when a product or one of its variants changes: title, price, tags, status, stock.",
    schema="products_update.json",
)
inventory_level_updated = _shopify_webhook(
    "inventory_levels/update",
    name="inventory_level_updated",
    title="Inventory level updated",
    description="Starts the flow when the available stock of an item at a location changes.",
    schema="inventory_levels_update.json",
)
customer_created = _shopify_webhook(
    "customers/create",
    name="customer_created",
    title="Customer created",
    description="Starts the flow when a customer account is made: at checkout, by signup, in the admin or by an app.",
    schema="customers_create.json",
)

ALL = (
    order_created,
    order_paid,
    order_fulfilled,
    order_cancelled,
    product_updated,
    inventory_level_updated,
    customer_created,
)
