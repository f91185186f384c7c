"""Shopify (GraphQL Admin API 2025-01): order, product, inventory and customer webhooks; orders, refunds, catalog."""

from connectors.sdk import Connector
from connectors.shopify import actions, polling, probe, triggers
from connectors.shopify.credential import CREDENTIAL_SCHEMA

connector = Connector(
    key="shopify",
    title="Shopify",
    icon="shopify.svg",
    description=(
        "Orders, refunds, fulfillments, products, inventory and customers; "
        "starts flows on order, product, inventory and customer webhooks."
    ),
    credential_schema=CREDENTIAL_SCHEMA,
    blocks=(*triggers.ALL, *polling.ALL, *actions.ALL),
    test=probe.check_credential,
)
