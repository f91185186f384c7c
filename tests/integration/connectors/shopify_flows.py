"""Helpers for flows started by the Shopify simulator's webhooks: activate one, take a delivery, post it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.advance import run_advance


def active_flow(shopify, trigger: str, action_node: dict[str, Any]):
    """An active two-node flow: the Shopify `trigger`, then `action_node`, both with a sandbox credential."""
    credential = credential_create(name="Shopify sandbox", connector="shopify", data=shopify.credential())
    document = {
        "schema": 1,
        "name": f"On {trigger}",
        "nodes": [
            {"id": "event", "block": trigger, "credential": str(credential.id)},
            {**action_node, "credential": str(credential.id)},
        ],
        "edges": [{"from": "event", "to": action_node["id"]}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def webhook(shopify, topic: str, match: Callable[[dict[str, Any]], bool]):
    """The first `topic` delivery whose body passes `match`, as the simulator signed and sent it."""
    deadline = time.monotonic() + 5
    while True:
        found = [d for d in list(shopify.deliveries) if d.topic == topic and match(json.loads(d.body))]
        if found:
            return found[0]
        assert time.monotonic() < deadline, f"the simulator sent no {topic} webhook"
        time.sleep(0.02)


def deliver(client, flow, delivery, **headers: str):
    """POST the delivery to the flow's hook URL with its own headers (and any given to override them)."""
    sent = {k: v for k, v in delivery.headers.items() if k != "Content-Type"} | headers
    return client.post(
        f"/hooks/{flow.webhook_token}", data=delivery.body, content_type="application/json", headers=sent
    )


def run_from(client, flow, delivery):
    """Deliver, expect 202, and advance the run it started to its end."""
    accepted = deliver(client, flow, delivery)
    assert accepted.status_code == 202, accepted.content
    return run_advance(run_id=accepted.json()["run_id"])
