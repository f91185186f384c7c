"""Manual-trigger flows of HTTP steps for tests that call the run services directly."""

from __future__ import annotations

import itertools

from backend.flows import services as flows
from backend.triggers.services import event_accept_payload


def flow_of(*nodes, edges, settings=None, name="t"):
    doc = {"schema": 1, "name": name, "nodes": [{"id": "start", "block": "core.manual"}, *nodes], "edges": edges}
    if settings:
        doc["settings"] = settings
    return flows.flow_create(document=doc)


def post(node_id, url, **extra):
    return {"id": node_id, "block": "core.http_request", "config": {"url": url, "body": {"n": node_id}}, **extra}


def chain(*ids):
    names = ["start", *ids]
    return [{"from": a, "to": b} for a, b in itertools.pairwise(names)]


def start(flow, payload=None):
    """A queued run of the flow with `payload` as its trigger's output; nothing published."""
    return event_accept_payload(flow=flow, payload=payload or {}, publish=False)
