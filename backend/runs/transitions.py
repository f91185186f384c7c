"""Every allowed run status change, in one table, and the one way to make one.

A change is a conditional UPDATE whose row count says whether we won: if another worker (or a
cancel) moved the run first, the count is 0 and the caller backs off. This works the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from backend.runs.models import Run, RunStatus

Q, R, W = RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.WAITING
S, F, K, C = RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SKIPPED, RunStatus.CANCELLED

ALLOWED: frozenset[tuple[str, str]] = frozenset(
    {
        (Q, R),  # a worker claims it
        (R, R),  # a worker whose lease expired is replaced by another (crash resume)
        (W, R),  # the retry or delay is due
        (R, Q),  # parked: its concurrency key is busy; woken when the slot frees
        (R, W),  # a retry or a delay is due later
        (R, S),
        (R, F),
        (R, K),
        (Q, C),
        (W, C),
        (R, C),  # cancel: a running run stops after its current step
        (Q, F),  # its flow version cannot be run any more (a block was removed)
    }
)


def run_transition(*, run_id: Any, to: str, frm: frozenset[str] | set[str], **fields: Any) -> bool:
    """Move the run from one of `frm` to `to` (setting `fields`); True when this call did it."""
    assert all((f, to) in ALLOWED for f in frm), f"transition {frm} -> {to} is not in the table"
    return Run.objects.filter(id=run_id, status__in=frm).update(status=to, **fields) == 1
