"""Signed Shopify webhooks to the running product: every web process trusts only the stored secret.

Each web process keeps the credential of a flow it has accepted for (backend/triggers/selectors.py);
here a shop rotates its webhook secret through the API while both of granian's processes hold the
old one, and the old signature must stop working at once, over real sockets.
"""

from __future__ import annotations

import json
import uuid

import pytest
import requests

from connectors.shopify.simulator import ShopifySimulator
from connectors.shopify.webhooks import sign
from tests.support.documents import ORDER

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def shop():
    simulator = ShopifySimulator().start()
    yield simulator
    simulator.stop()


def deliver(url: str, n: int, secret: str) -> int:
    body = json.dumps({**ORDER, "id": n}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Hmac-Sha256": sign(body, secret),
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-Webhook-Id": uuid.uuid4().hex,
    }
    # A new connection each: granian's processes take turns accepting them.
    return requests.post(url, data=body, headers=headers, timeout=10).status_code


def test_a_rotated_secret_is_refused_by_every_web_process(stack, shop):
    shopify = {"name": "Shop", "connector": "shopify", "data": shop.credential()}
    created = stack.api("POST", "/api/credentials/", json=shopify)
    assert created.status_code == 201, created.text
    credential = created.json()["id"]
    node = {"id": "paid", "block": "shopify.order_paid", "credential": credential}
    flow = stack.api("POST", "/api/flows/", json={"schema": 1, "name": "Paid", "nodes": [node], "edges": []}).json()
    hook = stack.api("POST", f"/api/flows/{flow['id']}/activate/").json()["webhook_url"]

    assert [deliver(hook, n, shop.webhook_secret) for n in range(8)] == [202] * 8
    data = {k: v for k, v in shop.credential().items() if k != "access_token"}
    rotated = stack.api("PUT", f"/api/credentials/{credential}/", json={"data": {**data, "webhook_secret": "new"}})
    assert rotated.status_code == 200, rotated.text
    assert [deliver(hook, 100 + n, shop.webhook_secret) for n in range(8)] == [401] * 8
    assert [deliver(hook, 200 + n, "new") for n in range(8)] == [202] * 8
    runs = stack.api("GET", f"/api/runs/?flow={flow['id']}").json()["results"]
    assert len(runs) == 16  # the refused deliveries started nothing
