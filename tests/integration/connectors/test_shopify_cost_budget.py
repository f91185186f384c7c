"""Shopify's cost budget is one per shop for every worker: shared through the real Redis."""

from __future__ import annotations

import os
import threading
import uuid

import pytest
import redis

from connectors.sdk import RateLimited
from connectors.sdk.ratelimit import RedisCostBudget
from connectors.shopify import client as shopify_client
from connectors.shopify.client import ShopifyClient, budget_key

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def prefix():
    """A key prefix of this test's own, removed afterwards."""
    prefix = f"test:costbudget:{uuid.uuid4().hex}:"
    yield prefix
    connection = redis.Redis.from_url(REDIS_URL)
    keys = list(connection.scan_iter(prefix + "*"))
    if keys:
        connection.delete(*keys)


def worker(prefix: str) -> shopify_client._Budget:
    """What one worker process holds: its own connection to the shared Redis."""
    return shopify_client._Budget(RedisCostBudget(REDIS_URL, prefix=prefix))


def test_a_bucket_spent_by_one_worker_holds_back_another_workers_call(shopify_sim, prefix, monkeypatch):
    first, second = worker(prefix), worker(prefix)
    order = shopify_sim.create_order()["admin_graphql_api_id"]
    monkeypatch.setattr(shopify_client, "budget", first)
    ShopifyClient(shopify_sim.credential()).get_order(order)  # learns GetOrder's cost and the shop's bucket
    key = budget_key(shopify_sim.credential())
    spent = {"currentlyAvailable": 0, "maximumAvailable": 2000, "restoreRate": 100}
    first.record(key, "GetOrder", {"requestedQueryCost": 80, "throttleStatus": spent})

    monkeypatch.setattr(shopify_client, "budget", second)  # another process, which never called GetOrder
    sent = len(shopify_sim.requests)
    with pytest.raises(RateLimited, match="cost budget") as caught:
        ShopifyClient(shopify_sim.credential()).get_order(order)
    assert 0.6 < caught.value.retry_after <= 0.8
    assert len(shopify_sim.requests) == sent, "held back without a round trip"


def test_the_bucket_is_the_shops_whatever_the_token():
    one = {"shop_domain": "acme.myshopify.com", "access_token": "shpat_one"}
    other = {"shop_domain": "acme.myshopify.com", "access_token": "shpat_other"}
    assert budget_key(one) == budget_key(other) == "shopify:acme.myshopify.com"
    assert "shpat" not in budget_key(one)


def test_concurrent_workers_never_spend_more_than_the_bucket_holds(prefix):
    budgets = [RedisCostBudget(REDIS_URL, prefix=prefix) for _ in range(8)]
    budgets[0].report("shop", "Search", requested=100.0, available=1000.0, maximum=1000.0, rate=0.001)
    allowed: list[float] = []

    def spend(budget: RedisCostBudget) -> None:
        for _ in range(5):
            if budget.reserve("shop", "Search") == 0.0:
                allowed.append(1.0)

    threads = [threading.Thread(target=spend, args=(b,)) for b in budgets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 10, "1,000 points pay for exactly ten calls of 100, across 40 tries"
