"""The SDK's suite over the Stripe connector, against the Stripe simulator."""

from __future__ import annotations

import json

from connectors import stripe
from connectors.sdk import TriggerRequest
from connectors.sdk.testing import ConnectorSuite
from connectors.stripe import simulator, webhooks


class TestStripeConnector(ConnectorSuite):
    connector = stripe.connector
    simulator = simulator

    def credential(self, server):
        data = {"secret_key": simulator.SECRET_KEY, "webhook_secret": simulator.WEBHOOK_SECRET}
        return {**data, "base_url": server.url} if server else data

    def signed_request(self, trigger, credential):
        body = json.dumps(trigger.sample).encode()
        header = webhooks.sign(body, credential["webhook_secret"])
        return TriggerRequest(body=trigger.sample, headers={"Stripe-Signature": header}, raw_body=body)

    def action_config(self, key, server, credential):
        paid = server.make_payment(amount=2500, email="suite@example.com")
        configs = {
            "stripe.create_customer": {"email": "new@example.com", "name": "New", "metadata": {"src": "suite"}},
            "stripe.update_customer": {"customer_id": paid["customer"], "phone": "+14155550100"},
            "stripe.retrieve_customer": {"customer_id": paid["customer"]},
            "stripe.find_customer_by_email": {"email": "suite@example.com"},
            "stripe.create_payment_intent": {"amount": 1999, "currency": "usd", "customer": paid["customer"]},
            "stripe.retrieve_payment_intent": {"payment_intent_id": paid["id"]},
            "stripe.retrieve_charge": {"charge_id": paid["latest_charge"]},
            "stripe.create_refund": {"payment_intent": paid["id"], "amount": 500},
            "stripe.list_charges": {"customer": paid["customer"], "max_items": 5},
            "stripe.list_payment_intents": {"customer": paid["customer"], "created": {"gte": 0}, "max_items": 5},
        }
        return configs[key]
