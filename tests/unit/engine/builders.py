"""Builders of small flow documents for engine tests (test.hook / test.echo / test.branch)."""

from __future__ import annotations

import itertools
from typing import Any


def node(node_id: str, block: str = "test.echo", **fields: Any) -> dict[str, Any]:
    """A node dict; echo nodes get a valid config unless one is given."""
    if block == "test.echo":
        fields.setdefault("config", {"url": "https://example.com"})
    if block == "test.branch":
        fields.setdefault("config", {"condition": "trigger.ok"})
    return {"id": node_id, "block": block, **fields}


def edge(source: str, target: str, port: str | None = None) -> dict[str, Any]:
    """An edge dict, with the port only when given (as the editor writes it)."""
    return {"from": source, "to": target, **({"port": port} if port else {})}


def flow(*nodes: dict[str, Any], edges: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    """A flow document; without `edges`, the nodes are wired in a line in the given order."""
    if edges is None:
        edges = [edge(a["id"], b["id"]) for a, b in itertools.pairwise(nodes)]
    return {"schema": 1, "name": "Test flow", "nodes": list(nodes), "edges": edges, **extra}
