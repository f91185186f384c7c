"""The same event delivered again, in sequence or all at once, starts exactly one run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.faults.helpers import active_flow, http_chain, runs_of, send, wait_until


def test_five_sequential_and_ten_concurrent_deliveries_make_one_run(stack, upstream):
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    order = {"id": 5001, "email": "ana@example.com"}
    first = send(flow, order, **{"X-Request-Id": "delivery-5001"})
    assert first.status_code == 202
    again = [send(flow, order, **{"X-Request-Id": "delivery-5001"}) for _ in range(4)]
    assert {r.status_code for r in again} == {200}
    assert {r.json()["duplicate_of"] for r in again} == {first.json()["run_id"]}

    other = {"id": 5002}
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: send(flow, other), range(10)))
    assert sorted(r.status_code for r in answers) == [200] * 9 + [202]
    run_ids = {r.json().get("run_id") or r.json()["duplicate_of"] for r in answers}
    assert len(run_ids) == 1

    wait_until(lambda: len(upstream.received) >= 2, timeout_s=30, what="both runs", stack=stack)
    assert len(runs_of(stack, flow)) == 2
    assert sorted(r.body["id"] for r in upstream.received) == [5001, 5002]
