"""The vendor-reported cost budget (Shopify's throttleStatus), in this process."""

from __future__ import annotations

import pytest

from connectors.sdk.ratelimit import MemoryCostBudget


def report(budget, key="shop-a", *, requested=100.0, available=150.0):
    budget.report(key, "Search", requested=requested, available=available, maximum=2000.0, rate=100.0)


def test_nothing_reported_yet_lets_the_call_go():
    assert MemoryCostBudget().reserve("shop-a", "Search") == 0.0


def test_a_call_takes_its_last_cost_and_the_next_one_waits_for_the_refill():
    budget = MemoryCostBudget()
    report(budget)
    assert budget.reserve("shop-a", "Search") == 0.0  # 150 -> 50 left
    wait = budget.reserve("shop-a", "Search")
    assert wait == pytest.approx(0.5, abs=0.01)  # 50 missing at 100 points a second
    assert budget.reserve("shop-b", "Search") == 0.0, "another shop has its own bucket"
