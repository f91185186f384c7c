"""A burst of webhooks from many senders at once: every run done, once, without the sweeper.

Queued runs reach workers through the doorbell (runs/doorbell.py): one broker message wakes a
drainer that takes queued runs from the database until none is left. The sweeper, which would
hide a lost wake-up by republishing queued runs, is held back here for ten minutes.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults.helpers import active_flow, http_chain, runs_of, send, wait_until
from tests.support.stack import start_stack

ORDERS = 120


@pytest.fixture(scope="module")
def stack():
    running, stop = start_stack(extra_env={"RUN_REPUBLISH_AFTER_S": "600", "RUN_DRAIN_SLICE_S": "1"})
    yield running
    stop()


def test_every_order_of_a_burst_from_twelve_senders_is_posted_once_without_the_sweeper(stack, upstream):
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda n: send(flow, {"id": n}), range(ORDERS)))
    assert {a.status_code for a in answers} == {202}
    wait_until(lambda: len(upstream.received) >= ORDERS, timeout_s=60, what=f"{ORDERS} POSTs", stack=stack)
    posted = Counter(r.body["id"] for r in upstream.received)
    assert sorted(posted) == list(range(ORDERS))
    assert set(posted.values()) == {1}
    runs = runs_of(stack, flow)
    assert len(runs) == ORDERS
    assert {r["status"] for r in runs} == {"succeeded"}
