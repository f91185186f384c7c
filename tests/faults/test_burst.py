"""A burst of webhooks from many senders at once: every run done, once, without the sweeper.

Queued runs reach workers through the doorbell (runs/doorbell.py): one broker message wakes a
drainer that takes queued runs from the database until none is left. The sweeper, which would
hide a lost wake-up by republishing queued runs, is held back here for ten minutes.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

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


def test_a_webhook_sent_in_chunks_is_accepted_and_posted_once(stack, upstream):
    """A sender that streams its body (`Transfer-Encoding: chunked`, no Content-Length) is served
    like any other: Django alone read such a body as empty and answered 400, which senders do not
    retry. And one past the size limit is still refused."""
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    body = json.dumps({"id": "chunked-1", "lines": [{"sku": "SHIRT-M", "qty": 2}] * 50}).encode()
    chunks = (body[i : i + 100] for i in range(0, len(body), 100))  # requests sends a generator chunked
    answer = requests.post(flow["webhook_url"], data=chunks, headers={"Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == 202, answer.text
    wait_until(lambda: len(upstream.received) >= 1, timeout_s=30, what="the POST", stack=stack)
    assert [r.body["id"] for r in upstream.received] == ["chunked-1"]
    assert [r["status"] for r in runs_of(stack, flow)] in (["queued"], ["running"], ["succeeded"])

    big = b'{"pad": "' + b"x" * (1024 * 1024) + b'"}'
    chunks = (big[i : i + 65536] for i in range(0, len(big), 65536))
    answer = requests.post(flow["webhook_url"], data=chunks, headers={"Content-Type": "application/json"}, timeout=30)
    assert answer.status_code == 413, answer.text
    assert len(runs_of(stack, flow)) == 1
