"""Replay of a run that failed at step 3 of 4: steps 1-2 are not executed again."""

from __future__ import annotations

from tests.faults.helpers import active_flow, http_chain, send
from tests.support.stack import wait_for_run


def test_replay_executes_only_the_failed_step_and_after(stack, upstream):
    flow = active_flow(stack, http_chain(upstream.url, "a", "b", "c"))
    upstream.script = [(200, {}, {}), (200, {}, {}), (500, {"error": "erp down"}, {})]
    failed = wait_for_run(stack, send(flow, {"order": 7}).json()["run_id"])
    assert failed["status"] == "failed"
    assert failed["error"]["node"] == "c"

    replay = stack.api("POST", f"/api/runs/{failed['id']}/replay/", json={})
    assert replay.status_code == 202
    done = wait_for_run(stack, replay.json()["run_id"])
    assert done["status"] == "succeeded"
    assert [r.path for r in upstream.received] == ["/a", "/b", "/c", "/c"]
    assert [(s["node_id"], s["copied"]) for s in done["steps"]] == [
        ("hook", True),
        ("a", True),
        ("b", True),
        ("c", False),
    ]
