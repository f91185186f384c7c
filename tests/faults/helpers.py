"""Small flow documents and waits for the fault tests."""

from __future__ import annotations

import itertools
import time
from typing import Any

import requests

from tests.support.stack import Stack


def http_chain(upstream_url: str, *paths: str, timeout_s: float = 30, **node_extra: Any) -> dict[str, Any]:
    """webhook → POST /<path> for each path, each sending its Idempotency-Key."""
    nodes = [{"id": "hook", "block": "core.webhook"}]
    for path in paths:
        nodes.append(
            {
                "id": path,
                "block": "core.http_request",
                "timeout_s": timeout_s,
                "config": {"url": f"{upstream_url}/{path}", "body": "{{ trigger.body }}", "idempotency_key": True},
                **node_extra,
            }
        )
    ids = [n["id"] for n in nodes]
    return {
        "schema": 1,
        "name": f"chain {'-'.join(paths)}",
        "nodes": nodes,
        "edges": [{"from": a, "to": b} for a, b in itertools.pairwise(ids)],
    }


def active_flow(stack: Stack, document: dict[str, Any]) -> dict[str, Any]:
    created = stack.api("POST", "/api/flows/", json=document)
    assert created.status_code == 201, created.text
    return stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()


def send(flow: dict[str, Any], body: Any, **headers: str) -> requests.Response:
    return requests.post(flow["webhook_url"], json=body, headers=headers, timeout=30)


def wait_until(predicate, *, timeout_s: float, what: str, stack: Stack | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what}" + (f"\n{stack.log()}" if stack else ""))


def runs_of(stack: Stack, flow: dict[str, Any]) -> list[dict[str, Any]]:
    runs, url = [], f"/api/runs/?flow={flow['id']}&limit=200"
    while url:
        page = stack.api("GET", url).json()
        runs += page["results"]
        url = page["next"] and page["next"].split(stack.base_url, 1)[-1]
    return runs
