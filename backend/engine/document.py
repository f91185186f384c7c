"""The flow document as frozen dataclasses, parsed from JSON that already passed validation.

Parsing never checks anything: `backend.engine.validate` does, and reports every error with a
JSON pointer. Here the defaults of flow.schema.json are filled in so the engine never has to
guess at a missing key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAIN = "main"
ERROR_PORT = "error"


@dataclass(frozen=True)
class RetryPolicy:
    """How a step is retried after a retryable error (Temporal's names, units in the key)."""

    max_attempts: int = 1
    """Tries in total, the first one included; 1 means no retry."""
    initial_delay_s: float = 1.0
    """Wait before the second try."""
    backoff: float = 2.0
    """Each wait is the previous one times this factor."""
    max_delay_s: float = 300.0
    """No wait is longer than this."""

    @classmethod
    def parse(cls, data: Mapping[str, Any] | None) -> RetryPolicy:
        """Build a policy from a node's `retry` object; missing keys take the defaults."""
        data = data or {}
        default = cls()
        return cls(
            max_attempts=int(data.get("max_attempts", default.max_attempts)),
            initial_delay_s=float(data.get("initial_delay_s", default.initial_delay_s)),
            backoff=float(data.get("backoff", default.backoff)),
            max_delay_s=float(data.get("max_delay_s", default.max_delay_s)),
        )


@dataclass(frozen=True)
class Node:
    """One step of a flow: a block, its config and how its errors are handled."""

    id: str
    block: str
    config: Mapping[str, Any] = field(default_factory=dict)
    credential: str | None = None
    title: str = ""
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    on_error: str = "fail"
    """`fail` (the run fails), `continue` (go on through main) or `port` (route to `error`)."""
    timeout_s: float = 30.0
    block_version: int = 1

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Node:
        """Build a node from one item of the document's `nodes`."""
        return cls(
            id=data["id"],
            block=data["block"],
            # A plain dict (not a read-only proxy) so the config stays JSON-serializable for Step rows.
            config=dict(data.get("config") or {}),
            credential=data.get("credential"),
            title=data.get("title") or data["id"],
            retry=RetryPolicy.parse(data.get("retry")),
            on_error=data.get("on_error", "fail"),
            timeout_s=float(data.get("timeout_s", 30.0)),
            block_version=int(data.get("block_version", 1)),
        )


@dataclass(frozen=True)
class Edge:
    """A wire from a port of `source` to `target` (JSON keys `from`, `to`, `port`)."""

    source: str
    target: str
    port: str = MAIN

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> Edge:
        """Build an edge from one item of the document's `edges`."""
        return cls(source=data["from"], target=data["to"], port=data.get("port", MAIN))


@dataclass(frozen=True)
class FlowDocument:
    """A parsed flow document; `raw` keeps the JSON it came from."""

    schema: int
    name: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    ui: Mapping[str, Any] = field(default_factory=dict)
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _by_id: Mapping[str, Node] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # The decider looks nodes up on every step; an index keeps that O(1) on a frozen object.
        object.__setattr__(self, "_by_id", {node.id: node for node in self.nodes})

    @classmethod
    def parse(cls, data: Mapping[str, Any]) -> FlowDocument:
        """Build a document from JSON that `validate()` accepted.

        Raises:
            KeyError: a required key is missing (the data was not validated first).
        """
        return cls(
            schema=data["schema"],
            name=data["name"],
            nodes=tuple(Node.parse(item) for item in data["nodes"]),
            edges=tuple(Edge.parse(item) for item in data["edges"]),
            settings=dict(data.get("settings") or {}),
            ui=dict(data.get("ui") or {}),
            raw=data,
        )

    def node(self, node_id: str) -> Node:
        """The node with this id.

        Raises:
            KeyError: no node has this id.
        """
        return self._by_id[node_id]

    def incoming(self, node_id: str) -> tuple[Edge, ...]:
        """The edges leading into `node_id`, in document order."""
        return tuple(edge for edge in self.edges if edge.target == node_id)

    def outgoing(self, node_id: str, port: str | None = None) -> tuple[Edge, ...]:
        """The edges leaving `node_id`, only those of `port` when it is given."""
        return tuple(edge for edge in self.edges if edge.source == node_id and (port is None or edge.port == port))
