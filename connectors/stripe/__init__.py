"""Stripe: payments, refunds, customers and their webhook events (API version 2023-08-16)."""

from connectors.sdk import Connector
from connectors.stripe import actions, probe, triggers
from connectors.stripe.credential import CREDENTIAL_SCHEMA

connector = Connector(
    key="stripe",
    title="Stripe",
    icon="stripe.svg",
    description="Payments, refunds and customers; starts flows on Stripe events.",
    credential_schema=CREDENTIAL_SCHEMA,
    blocks=(*triggers.ALL, *actions.ALL),
    test=probe.check_credential,
)
