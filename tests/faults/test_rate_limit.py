"""429 with Retry-After: the run waits without holding a worker, then succeeds."""

from __future__ import annotations

import itertools
from datetime import datetime

from tests.faults.helpers import active_flow, http_chain, send
from tests.support.stack import wait_for_run


def test_retry_after_is_honoured_and_the_worker_serves_others_meanwhile(stack, upstream):
    limited = active_flow(stack, http_chain(upstream.url, "limited", retry={"max_attempts": 5, "initial_delay_s": 0.1}))
    other = active_flow(stack, http_chain(upstream.url, "other"))
    upstream.path_script = {"/limited": [(429, {"error": "slow down"}, {"Retry-After": "2"})] * 2}
    slow_id = send(limited, {"n": 1}).json()["run_id"]
    # While the first run waits out its Retry-After, another run goes through.
    quick_id = send(other, {"n": 2}).json()["run_id"]
    quick = wait_for_run(stack, quick_id, timeout_s=30)
    assert quick["status"] == "succeeded"

    slow = wait_for_run(stack, slow_id, timeout_s=60)
    assert slow["status"] == "succeeded", slow
    step = slow["steps"][1]
    assert step["attempt"] == 3
    starts = [datetime.fromisoformat(a["started_at"]) for a in step["attempts"]]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(starts)]
    assert all(gap >= 2 for gap in gaps), gaps
    assert [a["outcome"] for a in step["attempts"]] == ["failed", "failed", "succeeded"]
    assert datetime.fromisoformat(quick["finished_at"]) < datetime.fromisoformat(slow["finished_at"])
