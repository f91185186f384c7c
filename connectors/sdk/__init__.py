"""The public connector SDK: declare blocks, raise typed errors, find connectors."""

from connectors.sdk.blocks import (
    ActionContext,
    Block,
    BlockKind,
    Connector,
    Routed,
    Stop,
    TriggerRequest,
    action,
    trigger,
)
from connectors.sdk.errors import (
    BlockError,
    ConfigInvalid,
    Retryable,
    VendorRejected,
)
from connectors.sdk.registry import Registry, default_registry

__all__ = [
    "ActionContext",
    "Block",
    "BlockError",
    "BlockKind",
    "ConfigInvalid",
    "Connector",
    "Registry",
    "Retryable",
    "Routed",
    "Stop",
    "TriggerRequest",
    "VendorRejected",
    "action",
    "default_registry",
    "trigger",
]
