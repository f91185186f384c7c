"""Built-in blocks: triggers (webhook, manual), control (transform, filter, branch), HTTP."""

from connectors.core import blocks
from connectors.sdk import Connector

connector = Connector(
    key="core",
    title="Core",
    description="Triggers, data mapping, control flow and plain HTTP, built in.",
    blocks=(
        blocks.webhook,
        blocks.manual,
        blocks.schedule,
        blocks.transform,
        blocks.filter_,
        blocks.branch,
        blocks.delay,
        blocks.http_request,
    ),
)
