"""The SDK's suite over the Shopify connector, against the Shopify simulator."""

from __future__ import annotations

import json

from connectors import shopify
from connectors.sdk import TriggerRequest
from connectors.sdk.testing import ConnectorSuite
from connectors.shopify import simulator, webhooks


class TestShopifyConnector(ConnectorSuite):
    connector = shopify.connector
    simulator = simulator

    def credential(self, server):
        data = {
            "shop_domain": simulator.SHOP_DOMAIN,
            "access_token": simulator.ACCESS_TOKEN,
            "webhook_secret": simulator.WEBHOOK_SECRET,
        }
        return {**data, "base_url": server.url} if server else data

    def signed_request(self, trigger, credential):
        body = json.dumps(trigger.sample).encode()
        headers = {
            "X-Shopify-Hmac-Sha256": webhooks.sign(body, credential["webhook_secret"]),
            "X-Shopify-Webhook-Id": "w-1",
            "X-Shopify-Topic": trigger.topic,
        }
        return TriggerRequest(body=trigger.sample, headers=headers, raw_body=body)

    def action_config(self, key, server, credential):
        order = server.create_order(email="suite@example.com")["admin_graphql_api_id"]
        stock = {"sku": "MUG-RED-12OZ", "location_id": server.location_id}
        variant = next(v for v in server.state()["variants"] if v["sku"] == "MUG-RED-12OZ")
        customer = server.state()["customers"][0]["id"]
        configs = {
            "shopify.get_order": {"order_id": order},
            "shopify.search_orders": {"query": "email:suite@example.com", "max_items": 3},
            "shopify.add_order_tags": {"order_id": order, "tags": ["suite"]},
            "shopify.add_order_note": {"order_id": order, "note": "Gift wrap requested"},
            "shopify.create_fulfillment": {"order_id": order, "tracking_number": "1Z1", "tracking_company": "UPS"},
            "shopify.set_inventory_level": {**stock, "quantity": 9},
            "shopify.adjust_inventory_level": {**stock, "delta": -1},
            "shopify.find_variant_by_sku": {"sku": "MUG-RED-12OZ"},
            "shopify.get_product": {"product_id": variant["product"]["id"]},
            "shopify.get_variant": {"variant_id": variant["id"]},
            "shopify.create_refund": {"order_id": order, "amount": "5.00", "note": "Suite"},
            "shopify.update_customer": {"customer_id": customer, "note": "Suite"},
            "shopify.cancel_order": {"order_id": order, "reason": "CUSTOMER", "restock": True},
            "shopify.create_customer": {"email": f"new-{key}@example.com", "first_name": "New"},
        }
        return configs[key]
