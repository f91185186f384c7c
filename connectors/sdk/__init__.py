"""The public connector SDK: declare blocks, call vendors, raise typed errors, find connectors."""

from connectors.sdk.blocks import (
    ActionContext,
    Block,
    BlockKind,
    Connector,
    Routed,
    Stop,
    TriggerRequest,
    WebhookTrigger,
    action,
    trigger,
    webhook_trigger,
)
from connectors.sdk.errors import (
    BlockError,
    ConfigInvalid,
    CredentialRejected,
    RateLimited,
    Retryable,
    SignatureInvalid,
    VendorRejected,
)
from connectors.sdk.http import HttpClient, VendorDetail
from connectors.sdk.registry import Registry, default_registry

__all__ = [
    "ActionContext",
    "Block",
    "BlockError",
    "BlockKind",
    "ConfigInvalid",
    "Connector",
    "CredentialRejected",
    "HttpClient",
    "RateLimited",
    "Registry",
    "Retryable",
    "Routed",
    "SignatureInvalid",
    "Stop",
    "TriggerRequest",
    "VendorDetail",
    "VendorRejected",
    "WebhookTrigger",
    "action",
    "default_registry",
    "trigger",
    "webhook_trigger",
]
