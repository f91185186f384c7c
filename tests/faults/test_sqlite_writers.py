"""The embedded default's writers (web processes, worker) queue on the database's write lock file."""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

import pytest

from tests.faults.helpers import active_flow, http_chain, send, wait_until

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the write lock is SQLite's; PostgreSQL queues its writers itself"
)


def test_a_webhook_waits_while_another_process_holds_the_write_lock_then_is_stored_and_run(stack, upstream):
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    lock = os.open(Path(stack.env["DOVETAIL_DATA_DIR"]) / "dovetail.sqlite3-writelock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a writer in another process would, mid-transaction
    answers = []
    sender = threading.Thread(target=lambda: answers.append(send(flow, {"n": 1})))
    sender.start()
    try:
        sender.join(1.0)
        # The ingress queues behind the holder rather than writing beside it or failing.
        assert sender.is_alive()
        assert not answers
    finally:
        os.close(lock)  # lets go
    sender.join(30)
    assert [a.status_code for a in answers] == [202], [a.text for a in answers]
    wait_until(lambda: len(upstream.received) == 1, timeout_s=60, what="the event to run", stack=stack)
    assert upstream.received[0].body == {"n": 1}
