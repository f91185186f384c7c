"""Shopify (Admin API 2025-01): order webhooks. Actions over GraphQL are to come (issue 4)."""

from connectors.sdk import Connector
from connectors.shopify import triggers
from connectors.shopify.credential import CREDENTIAL_SCHEMA

connector = Connector(
    key="shopify",
    title="Shopify",
    icon="shopify.svg",
    description="Starts flows on Shopify order webhooks.",
    credential_schema=CREDENTIAL_SCHEMA,
    blocks=triggers.ALL,
)
