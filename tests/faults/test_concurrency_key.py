"""100 runs for the same concurrency key: never two in flight, all succeed, in arrival order."""

from __future__ import annotations

from tests.faults.helpers import active_flow, http_chain, runs_of, send, wait_until


def test_same_key_runs_one_at_a_time_in_arrival_order(stack, upstream):
    document = http_chain(upstream.url, "stock")
    document["settings"] = {"concurrency_key": "{{ trigger.body.sku }}"}
    flow = active_flow(stack, document)
    upstream.delay_s = 0.02  # long enough for an overlap to show
    for n in range(100):
        assert send(flow, {"sku": "SHIRT-M", "n": n}).status_code == 202

    wait_until(lambda: len(upstream.received) >= 100, timeout_s=240, what="100 runs", stack=stack)
    wait_until(
        lambda: all(r["status"] == "succeeded" for r in runs_of(stack, flow)),
        timeout_s=60,
        what="every run to succeed",
        stack=stack,
    )
    assert upstream.max_in_flight == 1
    assert [r.body["n"] for r in upstream.received] == list(range(100))
