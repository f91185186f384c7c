"""Stripe actions: each maps its config to one client call. Writes send the step's Idempotency-Key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connectors.sdk import ActionContext, Block, action
from connectors.sdk.files import json_loader
from connectors.stripe.client import StripeClient

schemas = json_loader(__file__, "schemas")
samples = json_loader(__file__, "samples")


def _stripe_action(name: str, *, title: str, description: str, output: str) -> Callable[[Callable[..., Any]], Block]:
    """Declare `stripe.<name>`: config schema `<name>.config.json`, output schema and sample `<output>.json`."""
    return action(
        key=f"stripe.{name}",
        title=title,
        description=description,
        config_schema=schemas(f"{name}.config.json"),
        output_schema=schemas(f"{output}.json"),
        sample=samples(f"{output}.json"),
        icon="stripe.svg",
        credential="stripe",
    )


@_stripe_action(
    "create_customer",
    title="Create customer",
    description="Creates a Stripe customer. Retries reuse the step's idempotency key, so one customer is made.",
    output="customer",
)
def create_customer(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).create_customer(config, idempotency_key=ctx.idempotency_key)


@_stripe_action(
    "update_customer",
    title="Update customer",
    description="Changes a customer's email, name, phone, description or metadata.",
    output="customer",
)
def update_customer(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    fields = {k: v for k, v in config.items() if k != "customer_id"}
    client = StripeClient.from_context(ctx)
    return client.update_customer(config["customer_id"], fields, idempotency_key=ctx.idempotency_key)


@_stripe_action(
    "retrieve_customer",
    title="Get customer",
    description="Fetches a customer by id.",
    output="customer",
)
def retrieve_customer(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).retrieve_customer(config["customer_id"])


@_stripe_action(
    "find_customer_by_email",
    title="Find customer by email",
    description="Looks up the newest customer with exactly this email; `found` is false when there is none.",
    output="find_customer",
)
def find_customer_by_email(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    customer = StripeClient.from_context(ctx).find_customer_by_email(config["email"])
    return {"found": customer is not None, "customer": customer}


@_stripe_action(
    "create_payment_intent",
    title="Create payment",
    description="Creates a PaymentIntent; with a payment method and `confirm`, Stripe charges it at once.",
    output="payment_intent",
)
def create_payment_intent(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).create_payment_intent(config, idempotency_key=ctx.idempotency_key)


@_stripe_action(
    "retrieve_payment_intent",
    title="Get payment",
    description="Fetches a PaymentIntent by id, with its status and latest charge.",
    output="payment_intent",
)
def retrieve_payment_intent(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).retrieve_payment_intent(config["payment_intent_id"])


@_stripe_action(
    "retrieve_charge",
    title="Get charge",
    description="Fetches a charge by id: what was paid, captured and refunded, and its PaymentIntent.",
    output="charge",
)
def retrieve_charge(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).retrieve_charge(config["charge_id"])


@_stripe_action(
    "create_refund",
    title="Refund payment",
    description="Refunds a PaymentIntent or charge, fully or the given amount. Never refunds twice on retry.",
    output="refund",
)
def create_refund(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return StripeClient.from_context(ctx).create_refund(config, idempotency_key=ctx.idempotency_key)


@_stripe_action(
    "list_charges",
    title="List charges",
    description="Lists charges, newest first, following Stripe's pages until `max_items`.",
    output="charge_list",
)
def list_charges(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    client = StripeClient.from_context(ctx)
    charges = list(client.list_charges(customer=config.get("customer"), max_items=config.get("max_items", 100)))
    return {"charges": charges, "count": len(charges)}


@_stripe_action(
    "list_payment_intents",
    title="List payments",
    description="Lists PaymentIntents, newest first, by customer and creation time, following Stripe's pages "
    "until `max_items`.",
    output="payment_intent_list",
)
def list_payment_intents(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    intents = list(
        StripeClient.from_context(ctx).list_payment_intents(
            customer=config.get("customer"),
            created=config.get("created"),
            limit=config.get("limit"),
            starting_after=config.get("starting_after"),
            max_items=config.get("max_items", 100),
        )
    )
    return {"payment_intents": intents, "count": len(intents)}


ALL = (
    create_customer,
    update_customer,
    retrieve_customer,
    find_customer_by_email,
    create_payment_intent,
    retrieve_payment_intent,
    retrieve_charge,
    create_refund,
    list_charges,
    list_payment_intents,
)
