"""Block declarations: a block is data (key, schemas, sample) plus one function.

The engine is handed these declarations; it never imports a connector's code
directly. See docs/connectors.md.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
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
    credential: str | None = None

    @property
    def connector(self) -> str:
        return self.key.split(".", 1)[0]

    def manifest(self) -> dict[str, Any]:
        """The JSON the API serves for this block (`GET /api/blocks/`)."""
        return {
            "key": self.key,
            "connector": self.connector,
            "kind": str(self.kind),
            "title": self.title,
            "description": self.description,
            "icon": self.icon,
            "credential": self.credential,
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
        **declaration,
    )


@dataclass(frozen=True)
class Connector:
    """A connector's manifest: its key, title, credential schema and the blocks it declares.

    `credential_schema` is a JSON Schema of the credential's `data`; a property with
    `"writeOnly": true` is a secret (never returned by the API, hidden in logs).
    """

    key: str
    title: str
    blocks: tuple[Block, ...]
    icon: str = ""
    description: str = ""
    credential_schema: Mapping[str, Any] | None = None

    def manifest(self) -> dict[str, Any]:
        """The JSON `GET /api/connectors/` serves for this connector."""
        return {
            "key": self.key,
            "title": self.title,
            "description": self.description,
            "icon": self.icon,
            "credential_schema": self.credential_schema,
            "blocks": [block.manifest() for block in self.blocks],
        }
