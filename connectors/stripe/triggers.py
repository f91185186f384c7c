"""Stripe webhook triggers: one factory, one line per event type. The output is the Stripe event."""

from __future__ import annotations

from typing import Any

from connectors.sdk import WebhookTrigger, webhook_trigger
from connectors.sdk.files import json_loader
from connectors.stripe import webhooks

schemas = json_loader(__file__, "schemas")
samples = json_loader(__file__, "samples")


def _event_schema(event_type: str) -> dict[str, Any]:
    schema = schemas("event.json")
    properties = {**schema["properties"], "type": {**schema["properties"]["type"], "const": event_type}}
    return {**schema, "properties": properties}


def _stripe_event(event_type: str, *, title: str, description: str) -> WebhookTrigger:
    """Every Stripe event verifies Stripe-Signature, dedups on the event id and registers an endpoint."""
    name = event_type.replace(".", "_")
    return webhook_trigger(
        topic=event_type,
        verify=webhooks.verify,
        dedup_key=webhooks.dedup_key,
        event_type=webhooks.event_type,
        subscribe=webhooks.subscribe,
        unsubscribe=webhooks.unsubscribe,
        key=f"stripe.{name}",
        title=title,
        description=description,
        icon="stripe.svg",
        credential="stripe",
        output_schema=_event_schema(event_type),
        sample=samples(f"{name}.json"),
    )


payment_intent_succeeded = _stripe_event(
    "payment_intent.succeeded",
    title="Payment succeeded",
    description="Starts the flow when a PaymentIntent is paid; data.object is the PaymentIntent.",
)
payment_intent_payment_failed = _stripe_event(
    "payment_intent.payment_failed",
    title="Payment failed",
    description="Starts the flow when a payment attempt fails; data.object.last_payment_error says why.",
)
charge_refunded = _stripe_event(
    "charge.refunded",
    title="Charge refunded",
    description="Starts the flow when a charge is refunded, fully or in part; data.object is the Charge.",
)
checkout_session_completed = _stripe_event(
    "checkout.session.completed",
    title="Checkout completed",
    description="Starts the flow when a customer completes a Checkout Session.",
)
customer_created = _stripe_event(
    "customer.created",
    title="Customer created",
    description="Starts the flow when a Stripe customer is created.",
)
charge_dispute_created = _stripe_event(
    "charge.dispute.created",
    title="Dispute opened",
    description="Starts the flow when a customer disputes a charge; respond before the evidence deadline.",
)

ALL = (
    payment_intent_succeeded,
    payment_intent_payment_failed,
    charge_refunded,
    checkout_session_completed,
    customer_created,
    charge_dispute_created,
)
