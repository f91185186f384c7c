"""The public connector SDK: declare blocks, call vendors, raise typed errors, find connectors."""

from connectors.sdk import auth
from connectors.sdk.blocks import (
    ActionContext,
    Block,
    BlockKind,
    Connector,
    PollContext,
    PollingTrigger,
    Routed,
    Stop,
    TriggerRequest,
    WebhookTrigger,
    action,
    polling_trigger,
    trigger,
    webhook_trigger,
)
from connectors.sdk.errors import (
    BlockError,
    ConfigInvalid,
    CredentialNotConnected,
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
    "CredentialNotConnected",
    "CredentialRejected",
    "HttpClient",
    "PollContext",
    "PollingTrigger",
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
    "auth",
    "default_registry",
    "polling_trigger",
    "trigger",
    "webhook_trigger",
]
