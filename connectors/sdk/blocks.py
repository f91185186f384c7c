"""Block declarations: a block is data (key, schemas, sample) plus one function.

The engine is handed these declarations; it never imports a connector's code
directly. See docs/connectors.md.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from connectors.sdk.errors import SignatureInvalid


class BlockKind(enum.StrEnum):
    TRIGGER = "trigger"
    ACTION = "action"


@dataclass(frozen=True)
class TriggerRequest:
    """What a trigger block sees of an incoming event (webhook request or manual payload)."""

    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    raw_body: bytes = b""

    def header(self, name: str) -> str:
        """A header's value by case-insensitive name, or "" (proxies change the case)."""
        exact = self.headers.get(name)  # most often: the web framework spells names as vendors do
        if exact is not None:
            return exact
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), "")


@dataclass(frozen=True)
class ActionContext:
    """What an action block may use besides its rendered config.

    Attributes:
        run_id: the run this step belongs to.
        node_id: the flow node being executed.
        idempotency_key: the same across retries of this step, new on a replay.
        credential: the decrypted credential data, or None when the node names none.
        timeout_s: the upper bound for any single outbound call.
        http_log: the connector's HTTP client appends one redacted request/response
            exchange per call here; the step records it (secrets already hidden).
    """

    run_id: str
    node_id: str
    idempotency_key: str
    credential: Mapping[str, Any] | None = None
    timeout_s: float = 30.0
    http_log: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Routed:
    """A block result that leaves through a named port (branch: `true`/`false`)."""

    port: str
    output: Any


@dataclass(frozen=True)
class Stop:
    """A block result that quietly ends this path of the run (filter: condition false)."""

    reason: str
    output: Any = None


@dataclass(frozen=True)
class Wait:
    """A block result that parks the run until `until` (a delay), then goes on with `output`."""

    until: datetime
    output: Any = None


@dataclass(frozen=True)
class Block:
    """One block of a connector, as the editor, the validator and the engine see it.

    Attributes:
        key: `<connector>.<snake_case>`, the public flow-format name.
        kind: trigger (starts a run) or action (runs as a step).
        title, description: shown in the editor's palette.
        config_schema: JSON Schema (draft 2020-12) of the node's `config`.
        output_schema: JSON Schema of what the block returns.
        sample: a realistic output, used by the editor's data picker.
        ports: output ports; `main` unless the block routes (branch).
        expression_fields: top-level config fields holding a bare JSONata
            expression (no `{{ }}` needed), evaluated by the engine before the call.
        credential: the credential kind (a connector key) the block takes, or a tuple of the kinds it
            accepts (core.http_request: any of connectors.sdk.auth.KINDS).
        credential_required: False when the block also runs without a credential.
        idempotent: False when re-executing after a lost outcome could repeat an effect.
        effects: False for a block that only computes (a transform): it touches nothing outside
            the run, so the engine need not record it before it runs; running it again is harmless.
        run: the function. Triggers take a TriggerRequest and return the trigger
            output; actions take (ActionContext, rendered config) and return an output,
            a Routed, or a Stop, or raise a connectors.sdk.errors.BlockError.
    """

    key: str
    kind: BlockKind
    title: str
    description: str
    run: Callable[..., Any]
    config_schema: Mapping[str, Any] = field(
        default_factory=lambda: {"type": "object", "additionalProperties": False, "properties": {}}
    )
    output_schema: Mapping[str, Any] = field(default_factory=dict)
    sample: Any = None
    ports: tuple[str, ...] = ("main",)
    expression_fields: frozenset[str] = frozenset()
    idempotent: bool = True
    effects: bool = True
    icon: str = ""
    credential: str | tuple[str, ...] | None = None
    credential_required: bool = True

    @property
    def connector(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def credential_kinds(self) -> tuple[str, ...]:
        """Every credential kind the block accepts; () when it takes none."""
        if self.credential is None:
            return ()
        return (self.credential,) if isinstance(self.credential, str) else tuple(self.credential)

    def manifest(self) -> dict[str, Any]:
        """The JSON the API serves for this block (`GET /api/blocks/`)."""
        return {
            "key": self.key,
            "connector": self.connector,
            "kind": str(self.kind),
            "title": self.title,
            "description": self.description,
            "icon": self.icon,
            "credential": self.credential if isinstance(self.credential, str | None) else list(self.credential),
            "credential_kinds": list(self.credential_kinds),
            "credential_required": bool(self.credential_kinds) and self.credential_required,
            "ports": list(self.ports),
            "expression_fields": sorted(self.expression_fields),
            "idempotent": self.idempotent,
            "effects": self.effects,
            "config_schema": self.config_schema,
            "output_schema": self.output_schema,
            "sample": self.sample,
        }


def trigger(**declaration: Any) -> Callable[[Callable[..., Any]], Block]:
    """Declare a trigger block: `@trigger(key=..., title=..., ...)` over its function."""

    def wrap(fn: Callable[..., Any]) -> Block:
        return Block(kind=BlockKind.TRIGGER, run=fn, **declaration)

    return wrap


def action(**declaration: Any) -> Callable[[Callable[..., Any]], Block]:
    """Declare an action block: `@action(key=..., title=..., ...)` over its function."""

    def wrap(fn: Callable[..., Any]) -> Block:
        return Block(kind=BlockKind.ACTION, run=fn, **declaration)

    return wrap


def _event_payload(request: TriggerRequest) -> Any:
    return request.body


@dataclass(frozen=True)
class WebhookTrigger(Block):
    """A trigger started by a vendor's signed webhook.

    The ingress calls `verify(request, credential)` on the raw body before accepting the
    event (it raises SignatureInvalid), then `dedup_key(request)` to store it once. When the
    vendor API allows, `subscribe(credential, url)` registers the webhook on activation and
    returns what `unsubscribe(credential, subscription)` needs on deactivation.
    """

    topic: str = ""
    verify_signature: Callable[[TriggerRequest, Mapping[str, Any]], None] | None = None
    dedup: Callable[[TriggerRequest], str] | None = None
    event_type: Callable[[TriggerRequest], str] | None = None
    subscriber: Callable[[Mapping[str, Any], str, str], dict[str, Any]] | None = None
    unsubscriber: Callable[[Mapping[str, Any], Mapping[str, Any]], None] | None = None

    def verify(self, request: TriggerRequest, credential: Mapping[str, Any] | None) -> None:
        """Raise SignatureInvalid unless the request is signed with the credential's secret."""
        if self.verify_signature is None:
            raise SignatureInvalid(f"{self.key} cannot verify webhooks: no verifier declared")
        if not credential:
            raise SignatureInvalid(f"{self.key} needs a credential with the webhook secret to verify requests")
        self.verify_signature(request, credential)

    def dedup_key(self, request: TriggerRequest) -> str:
        """The vendor's delivery id: the same on every redelivery of one event."""
        if self.dedup is None:
            raise ValueError(f"{self.key} declares no dedup key")
        try:
            return self.dedup(request)
        except (KeyError, TypeError, AttributeError) as exc:
            raise SignatureInvalid(f"{self.key}: the request carries no delivery id ({exc})") from exc

    def other_event(self, request: TriggerRequest) -> str | None:
        """The request's event type when it is not this trigger's topic, else None.

        A vendor sends an endpoint only the events it was subscribed to, but a subscription made
        for an earlier version of the flow, or a sender replaying a signed event of another type,
        would otherwise start the flow on the wrong event (a failed payment as a paid one).
        A request whose type cannot be read is not refused for it: the signature decides.
        """
        if self.event_type is None or not self.topic:
            return None
        try:
            sent = self.event_type(request)
        except (KeyError, TypeError, AttributeError, ValueError):
            return None
        return sent if sent and sent != self.topic else None

    def subscribe(self, credential: Mapping[str, Any], url: str) -> dict[str, Any] | None:
        """Register the vendor webhook for `url`; None when the vendor has no API for it."""
        return self.subscriber(credential, self.topic, url) if self.subscriber else None

    def unsubscribe(self, credential: Mapping[str, Any], subscription: Mapping[str, Any]) -> None:
        if self.unsubscriber:
            self.unsubscriber(credential, subscription)

    def manifest(self) -> dict[str, Any]:
        data = super().manifest()
        data["webhook"] = {"topic": self.topic, "subscribes": self.subscriber is not None}
        return data


def webhook_trigger(
    *,
    topic: str,
    verify: Callable[[TriggerRequest, Mapping[str, Any]], None],
    dedup_key: Callable[[TriggerRequest], str],
    subscribe: Callable[[Mapping[str, Any], str, str], dict[str, Any]] | None = None,
    unsubscribe: Callable[[Mapping[str, Any], Mapping[str, Any]], None] | None = None,
    event_type: Callable[[TriggerRequest], str] | None = None,
    run: Callable[[TriggerRequest], Any] = _event_payload,
    **declaration: Any,
) -> WebhookTrigger:
    """Declare a webhook trigger; its output is the vendor's event payload unless `run` says otherwise."""
    return WebhookTrigger(
        kind=BlockKind.TRIGGER,
        run=run,
        topic=topic,
        verify_signature=verify,
        dedup=dedup_key,
        subscriber=subscribe,
        unsubscriber=unsubscribe,
        event_type=event_type,
        **declaration,
    )


@dataclass(frozen=True)
class PollContext:
    """What a poll may use: the flow's credential, a time bound, and the HTTP log.

    Attributes:
        flow_id, node_id: the flow and trigger node being polled (for logs).
        credential: the decrypted credential data, or None when the node names none.
        timeout_s: the upper bound for any single outbound call.
        http_log: the connector's HTTP client appends one redacted exchange per call here.
    """

    flow_id: str
    node_id: str
    credential: Mapping[str, Any] | None = None
    timeout_s: float = 30.0
    http_log: list[dict[str, Any]] = field(default_factory=list)


def utc_now_cursor(now: datetime) -> str:
    """The default first cursor: `now` as an ISO 8601 UTC timestamp to the second (2026-11-27T04:25:05Z)."""
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Longer item ids are hashed to fit Event.dedup_key.
MAX_ITEM_KEY = 200


@dataclass(frozen=True)
class PollingTrigger(Block):
    """A trigger that asks the vendor for items newer than a cursor, on the beat, per flow.

    The engine keeps one cursor per flow: `start(now)` on activation (items from before never
    fire), then `poll(ctx, config, cursor) -> (items, new_cursor)` every `interval_s` (the
    node's `config.interval_s`, never below `min_interval_s`). Each item becomes one event whose
    dedup key is `item_id(item)`, stored in the same transaction that moves the cursor, so a
    poll that overlaps the previous one (or is repeated after a crash) never fires twice. An item
    that can change must put its version in its id (`<id>@<updated_at>`), so an update fires again.
    """

    poller: Callable[[PollContext, Mapping[str, Any], Any], tuple[list[Any], Any]] | None = None
    item_id: Callable[[Any], str] | None = None
    start: Callable[[datetime], Any] = utc_now_cursor
    interval_s: int = 300
    min_interval_s: int = 60

    def poll(self, ctx: PollContext, config: Mapping[str, Any], cursor: Any) -> tuple[list[Any], Any]:
        """The items changed since `cursor`, oldest first, and the cursor to store once they are saved."""
        if self.poller is None:
            raise ValueError(f"{self.key} declares no poll function")
        return self.poller(ctx, config, cursor)

    def item_key(self, item: Any) -> str:
        """The dedup key of one polled item (hashed when longer than an event's dedup key may be)."""
        if self.item_id is None:
            raise ValueError(f"{self.key} declares no item id")
        key = str(self.item_id(item))
        return key if len(key) <= MAX_ITEM_KEY else "sha256:" + hashlib.sha256(key.encode()).hexdigest()

    def start_cursor(self, now: datetime) -> Any:
        return self.start(now)

    def interval_for(self, config: Mapping[str, Any] | None) -> int:
        """Seconds between polls for one flow: its `interval_s`, clamped to `min_interval_s`."""
        try:
            wanted = int((config or {}).get("interval_s") or self.interval_s)
        except (TypeError, ValueError):
            wanted = self.interval_s
        return max(self.min_interval_s, wanted)

    def manifest(self) -> dict[str, Any]:
        data = super().manifest()
        data["polling"] = {"interval_s": self.interval_s, "min_interval_s": self.min_interval_s}
        return data


def _with_interval(schema: Mapping[str, Any] | None, default: int, minimum: int) -> dict[str, Any]:
    """The trigger's config schema plus `interval_s`, the per-flow polling interval."""
    schema = dict(schema or {"type": "object", "additionalProperties": False, "properties": {}})
    interval = {
        "title": "Check every (seconds)",
        "description": f"How often to ask the vendor for changes; at least {minimum} s.",
        "type": "integer",
        "minimum": minimum,
        "default": default,
        "examples": [default],
    }
    schema["properties"] = {**schema.get("properties", {}), "interval_s": interval}
    return schema


def polling_trigger(
    *,
    poll: Callable[[PollContext, Mapping[str, Any], Any], tuple[list[Any], Any]],
    item_id: Callable[[Any], str],
    interval_s: int = 300,
    min_interval_s: int = 60,
    start_cursor: Callable[[datetime], Any] = utc_now_cursor,
    run: Callable[[TriggerRequest], Any] = _event_payload,
    config_schema: Mapping[str, Any] | None = None,
    **declaration: Any,
) -> PollingTrigger:
    """Declare a polling trigger; each new item is one event and the run's trigger output."""
    return PollingTrigger(
        kind=BlockKind.TRIGGER,
        run=run,
        poller=poll,
        item_id=item_id,
        start=start_cursor,
        interval_s=interval_s,
        min_interval_s=min_interval_s,
        config_schema=_with_interval(config_schema, interval_s, min_interval_s),
        **declaration,
    )


@dataclass(frozen=True)
class Connector:
    """A connector's manifest: its key, title, credential schema and the blocks it declares.

    `credential_schema` is a JSON Schema of the credential's `data`; a property with
    `"writeOnly": true` is a secret (never returned by the API, hidden in logs). `test`, when
    given, makes one cheap vendor call with a credential and returns what it saw ("Shop: Acme"),
    or raises the SDK's typed errors (`POST /api/credentials/{id}/test/`).
    """

    key: str
    title: str
    blocks: tuple[Block, ...]
    icon: str = ""
    description: str = ""
    credential_schema: Mapping[str, Any] | None = None
    test: Callable[[Mapping[str, Any]], str] | None = None

    def manifest(self) -> dict[str, Any]:
        """The JSON `GET /api/connectors/` serves for this connector."""
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "icon": self.icon,
            "credential_schema": self.credential_schema,
            "credential_test": self.test is not None,
            "blocks": [block.manifest() for block in self.blocks],
        }
