"""The built-in blocks. Their keys and config fields are the public flow format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.core import http
from connectors.sdk import ActionContext, ConfigInvalid, Routed, Stop, TriggerRequest, action, auth, trigger
from connectors.sdk.blocks import Wait


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "required": list(required),
    }


_CONDITION = {
    "title": "Condition",
    "description": "A JSONata expression; `{{ }}` is optional here. Truthy passes.",
    "type": "string",
    "minLength": 1,
    "examples": ["trigger.body.total_price > 100"],
}


@trigger(
    key="core.webhook",
    title="Webhook",
    description="Starts the flow when an HTTP POST arrives at the flow's webhook URL.",
    icon="webhook",
    config_schema=_object({}),
    output_schema=_object(
        {
            "body": {"title": "Body", "description": "The request's JSON body."},
            "headers": {"title": "Headers", "type": "object"},
            "query": {"title": "Query", "type": "object"},
        },
        ("body", "headers", "query"),
    ),
    sample={
        "body": {"id": 1001, "email": "ana@example.com", "total_price": "59.00"},
        "headers": {"content-type": "application/json"},
        "query": {},
    },
)
def webhook(request: TriggerRequest) -> dict[str, Any]:
    return {"body": request.body, "headers": dict(request.headers), "query": dict(request.query)}


@trigger(
    key="core.manual",
    title="Manual",
    description="Starts the flow by hand, from the editor, the API or the CLI, with a payload you give.",
    icon="play",
    config_schema=_object({}),
    output_schema={"title": "Payload", "description": "The payload given to the run."},
    sample={"order_id": 1001},
)
def manual(request: TriggerRequest) -> Any:
    return request.body


@trigger(
    key="core.schedule",
    title="Schedule",
    description="Starts the flow on a cron schedule (in a time zone). Ticks missed while Dovetail was down "
    "run once when it is back, not once per missed tick.",
    icon="clock",
    config_schema=_object(
        {
            "cron": {
                "title": "Cron expression",
                "description": "minute hour day-of-month month day-of-week",
                "type": "string",
                "minLength": 9,
                "examples": ["0 8 * * *", "*/15 * * * *"],
            },
            "timezone": {
                "title": "Time zone",
                "description": "IANA name, e.g. Europe/Lisbon.",
                "type": "string",
                "default": "UTC",
                "examples": ["UTC", "Europe/Lisbon", "America/New_York"],
            },
        },
        ("cron",),
    ),
    output_schema=_object(
        {"scheduled_at": {"title": "Scheduled at", "type": "string", "format": "date-time"}},
        ("scheduled_at",),
    ),
    sample={"scheduled_at": "2026-11-26T08:00:00+00:00"},
)
def schedule(request: TriggerRequest) -> Any:
    return request.body


@action(
    key="core.delay",
    title="Delay",
    description="Waits for a number of seconds, or until a time, without holding a worker.",
    icon="hourglass",
    config_schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "seconds": {
                "title": "Seconds",
                "description": "How long to wait.",
                "type": "number",
                "minimum": 0,
                "maximum": 31_536_000,
                "examples": [3600],
            },
            "until": {
                "title": "Until",
                "description": "An ISO 8601 time to wait for, e.g. `{{ trigger.body.ship_date }}`.",
                "type": "string",
                "examples": ["2026-12-01T09:00:00Z"],
            },
        },
        "oneOf": [{"required": ["seconds"]}, {"required": ["until"]}],
    },
    output_schema=_object(
        {"waited_until": {"title": "Waited until", "type": "string", "format": "date-time"}}, ("waited_until",)
    ),
    sample={"waited_until": "2026-11-26T09:00:00+00:00"},
)
def delay(ctx: ActionContext, config: dict[str, Any]) -> Wait:
    if "until" in config:
        try:
            until = datetime.fromisoformat(str(config["until"]).replace("Z", "+00:00"))
        except ValueError as exc:
            raise ConfigInvalid(f"until: {config['until']!r} is not an ISO 8601 time", field="/config/until") from exc
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
    else:
        until = datetime.now(UTC) + timedelta(seconds=float(config["seconds"]))
    return Wait(until=until, output={"waited_until": until.isoformat()})


@action(
    key="core.transform",
    title="Transform",
    description="Maps data with a JSONata expression; the result is this step's output.",
    icon="shuffle",
    config_schema=_object(
        {
            "expression": {
                "title": "Expression",
                "description": "JSONata over `trigger`, `steps.<id>` and `run`.",
                "type": "string",
                "minLength": 1,
                "examples": ['{"order": trigger.body.id, "email": trigger.body.email}'],
            }
        },
        ("expression",),
    ),
    expression_fields=frozenset({"expression"}),
    output_schema={"title": "Result", "description": "Whatever the expression returns."},
    sample={"order": 1001, "email": "ana@example.com"},
    effects=False,
)
def transform(ctx: ActionContext, config: dict[str, Any]) -> Any:
    return config["expression"]


@action(
    key="core.filter",
    title="Filter",
    description="Goes on only when the condition holds; otherwise the run stops quietly (skipped).",
    icon="filter",
    config_schema=_object({"condition": _CONDITION}, ("condition",)),
    expression_fields=frozenset({"condition"}),
    output_schema=_object({"passed": {"title": "Passed", "type": "boolean"}}, ("passed",)),
    sample={"passed": True},
    effects=False,
)
def filter_(ctx: ActionContext, config: dict[str, Any]) -> Any:
    if config["condition"]:
        return {"passed": True}
    return Stop(reason="the filter condition is false", output={"passed": False})


@action(
    key="core.branch",
    title="Branch",
    description="Routes the run through the `true` or the `false` port by a condition.",
    icon="split",
    config_schema=_object({"condition": _CONDITION}, ("condition",)),
    expression_fields=frozenset({"condition"}),
    ports=("true", "false"),
    output_schema=_object({"result": {"title": "Result", "type": "boolean"}}, ("result",)),
    sample={"result": True},
    effects=False,
)
def branch(ctx: ActionContext, config: dict[str, Any]) -> Routed:
    result = bool(config["condition"])
    return Routed(port="true" if result else "false", output={"result": result})


@action(
    key="core.http_request",
    title="HTTP request",
    description="Calls any HTTP API (your ERP, WMS or chat). A non-2xx answer fails the step. "
    "A credential (API key header, basic auth, OAuth2) is optional.",
    icon="globe",
    credential=auth.KINDS,
    credential_required=False,
    config_schema=_object(
        {
            "method": {
                "title": "Method",
                "type": "string",
                "enum": ["GET", "POST", "PUT", "PATCH", "DELETE"],
                "default": "POST",
            },
            "url": {
                "title": "URL",
                "description": "http(s) address; may hold `{{ }}` expressions.",
                "type": "string",
                "pattern": "^(https?://|\\{\\{)",
                "examples": ["https://erp.example.com/api/orders"],
            },
            "headers": {
                "title": "Headers",
                "type": "object",
                "additionalProperties": {"type": "string"},
                "default": {},
            },
            "body": {"title": "Body", "description": "Sent as JSON; leave out for no body."},
            "timeout": {
                "title": "Timeout (s)",
                "type": "number",
                "exclusiveMinimum": 0,
                "maximum": 300,
                "default": 30,
            },
            "idempotency_key": {
                "title": "Send Idempotency-Key",
                "description": "Send the step's idempotency key (the same on every retry of this step) "
                "as an Idempotency-Key header, so an API that supports it applies a repeated call once.",
                "type": "boolean",
                "default": False,
            },
        },
        ("url",),
    ),
    output_schema=_object(
        {
            "status": {"title": "Status", "type": "integer"},
            "headers": {"title": "Headers", "type": "object"},
            "body": {"title": "Body", "description": "JSON when the answer is JSON, else text."},
        },
        ("status", "headers", "body"),
    ),
    sample={"status": 200, "headers": {"content-type": "application/json"}, "body": {"ok": True}},
)
def http_request(ctx: ActionContext, config: dict[str, Any]) -> dict[str, Any]:
    return http.send(
        ctx,
        method=config.get("method", "POST"),
        url=config["url"],
        headers=config.get("headers") or {},
        body=config.get("body", http.NO_BODY),
        timeout_s=min(float(config.get("timeout", 30)), ctx.timeout_s),
        idempotency_key=config.get("idempotency_key", False),
    )
