"""kill -9 the worker in the middle of a run: the run still succeeds, each write happens once."""

from __future__ import annotations

import os
import signal

from tests.faults.helpers import active_flow, http_chain, send, wait_until
from tests.support.stack import wait_for_run


def test_killed_worker_mid_run_resumes_and_writes_each_effect_once(stack, upstream):
    # Given a 3-step run whose second call is slow
    flow = active_flow(stack, http_chain(upstream.url, "a", "b", "c", timeout_s=4))
    upstream.path_delay = {"/b": 2.5}
    run_id = send(flow, {"order": 42}).json()["run_id"]

    # When the worker (main process and pool) is killed with SIGKILL while /b is in flight
    wait_until(lambda: any(r.path == "/b" for r in upstream.received), timeout_s=30, what="step b", stack=stack)
    workers = stack.child_pids("backend.dovetail worker")  # the Celery worker, not the web's --workers
    assert workers, "no worker process found"
    for pid in workers:
        os.killpg(pid, signal.SIGKILL)

    # Then serve starts a new worker, the sweeper resumes the run from its last committed step,
    run = wait_for_run(stack, run_id, timeout_s=90)
    assert run["status"] == "succeeded", run
    assert stack.child_pids("backend.dovetail worker") != workers
    assert [s["node_id"] for s in run["steps"]] == ["hook", "a", "b", "c"]
    # and every write took effect once: a repeat of /b carried the same Idempotency-Key.
    paths = [r.path for r in upstream.received]
    assert (paths.count("/a"), paths.count("/c")) == (1, 1)
    assert {r.headers["Idempotency-Key"] for r in upstream.received if r.path == "/b"} == {f"{run_id}:b"}
    assert sorted(r.path for r in upstream.effects.values()) == ["/a", "/b", "/c"]
