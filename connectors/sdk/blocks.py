"""Block declarations: a block is data (key, schemas, sample) plus one function.

The engine is handed these declarations; it never imports a connector's code
directly. See docs/connectors.md.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True)
class ActionContext:
    """What an action block may use besides its rendered config.

    Attributes:
        run_id: the run this step belongs to.
        node_id: the flow node being executed.
        idempotency_key: the same across retries of this step, new on a replay.
        credential: the decrypted credential data, or None when the node names none.
        timeout_s: the upper bound for any single outbound call.
    """

    run_id: str
    node_id: str
    idempotency_key: str
    credential: Mapping[str, Any] | None = None
    timeout_s: float = 30.0


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


@dataclass(frozen=True)
class Connector:
    """A connector's manifest: its key, title and the blocks it declares."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    icon: str = ""
    description: str = ""
    credential_schema: Mapping[str, Any] | None = None
