"""Everything a run can do besides advancing: be queued, finish, be cancelled, replayed, retried,
swept and pruned. (Advancing is backend.runs.advance.run_advance.)"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import math
import os
import threading
import time
import uuid
from datetime import timedelta
from typing import Any

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q
from django.utils import timezone

from backend.core import rows
from backend.core.errors import Conflict, FieldError
from backend.engine.expressions import ExpressionError, render
from backend.flows.models import Flow, FlowVersion
from backend.runs.doorbell import doorbell
from backend.runs.models import RUN_ACTIVE, ConcurrencySlot, Run, RunStatus, Step, StepStatus
from backend.runs.outputs import step_input, trigger_request
from backend.runs.selectors import run_filter
from backend.runs.transitions import run_transition
from backend.triggers.models import Event
from connectors.sdk import BlockKind, default_registry

logger = logging.getLogger(__name__)


def run_enqueue(
    *,
    flow_version: FlowVersion,
    event: Event | None,
    is_test: bool = False,
    publish: bool = True,
    replay_of: Run | None = None,
    trigger_override: Any = None,
) -> Run:
    """Create a queued run; it is published to the broker once the transaction commits.

    `publish=False` is for a caller that executes the run itself (the CLI).
    """
    run = run_build(
        flow_version=flow_version, event=event, is_test=is_test, replay_of=replay_of, trigger_override=trigger_override
    )
    rows.insert([run])  # as .create(), without compiling the INSERT for every event
    if publish:
        run_ring_on_commit()
    return run


def run_build(
    *,
    flow_version: FlowVersion,
    event: Event | None,
    is_test: bool = False,
    replay_of: Run | None = None,
    trigger_override: Any = None,
) -> Run:
    """A queued run, not saved yet: `run_enqueue` saves it and rings. (The webhook ingress writes
    its run from column values with its event: triggers/services.event_accept.)"""
    return Run(
        flow_id=flow_version.flow_id,
        flow_version=flow_version,
        event=event,
        is_test=is_test,
        replay_of=replay_of,
        trigger_override=trigger_override,
        concurrency_key=run_concurrency_key(flow_version.document, event, trigger_override),
    )


def run_concurrency_template(document: dict[str, Any]) -> str | None:
    """The flow's `settings.concurrency_key` expression, if it has one."""
    return (document.get("settings") or {}).get("concurrency_key") or None


def run_concurrency_key(document: dict[str, Any], event: Event | None, trigger_override: Any = None) -> str:
    """The run's rendered `settings.concurrency_key`, fixed at arrival so arrival order can be kept;
    "" for a flow without one."""
    template = run_concurrency_template(document)
    if not template:
        return ""
    trigger = trigger_override
    if trigger is None and event is not None:
        node = next((n for n in document["nodes"] if default_registry()[n["block"]].kind == BlockKind.TRIGGER), None)
        trigger = default_registry()[node["block"]].run(trigger_request(event)) if node else None
    try:
        value = render(template, {"trigger": trigger, "steps": {}, "run": {}})
    except ExpressionError:
        logger.warning("concurrency key %r failed to render; the run gets no key", template)
        return ""
    return "" if value is None else str(value)[:200]


def run_ring_on_commit() -> None:
    """Ring the doorbell once the current transaction commits (at once outside one): a drainer
    takes the queued run (runs/doorbell.py), without a broker message per run. Rings of one
    process are coalesced: at most one per `RUN_RING_WINDOW_MS` (`_RingCoalescer`)."""
    db = connections[DEFAULT_DB_ALIAS]
    if db.in_atomic_block:
        db.on_commit(_coalescer.ring)
    else:
        _coalescer.ring()  # what on_commit does outside a transaction, without its checks per event


class _RingCoalescer:
    """One ring for the commits of a burst: the first ring of a quiet process is made at once; a
    commit within `RUN_RING_WINDOW_MS` of this process's last ring is covered by one trailing ring
    at the window's end, which this process's ringer thread makes for every commit the window saw.

    Why no run is left behind: a ring covers each run committed before the ring starts (the holder
    of a counted token scans after it, runs/doorbell.py), and a commit that does not ring itself
    leaves a trailing ring due that has not started yet. A process that exits makes the ring still
    due (atexit); one killed leaves the run to the sweeper, as a kill between a commit and its ring
    always did. Under load the bell is asked at most ~100 times a second per process instead of
    once per event (a Redis round trip, or a file lock on the embedded broker)."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)  # the ringer thread is not forked
        atexit.register(self._flush)

    def _reset(self) -> None:
        self._changed = threading.Condition()
        self._last = -math.inf  # time.monotonic() of this process's last ring
        self._due = False  # a commit waits for the trailing ring
        self._ringer: threading.Thread | None = None

    def ring(self) -> None:
        with self._changed:
            if self._due:
                return  # the trailing ring has not started yet: it covers this commit
            now = time.monotonic()
            if now - self._last < settings.RUN_RING_WINDOW_MS / 1000:
                self._due = True
                if self._ringer is None:
                    self._ringer = threading.Thread(target=self._trailing, name="doorbell-ringer", daemon=True)
                    self._ringer.start()
                self._changed.notify()
                return
            self._last = now
        run_ring()

    def _trailing(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._due)
                wait = self._last + settings.RUN_RING_WINDOW_MS / 1000 - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            with self._changed:
                self._due, self._last = False, time.monotonic()
            try:
                run_ring()
            except Exception:  # the thread must live on; run_ring logs what it can
                logger.exception("trailing doorbell ring failed; the sweeper will publish the queued runs")

    def _flush(self) -> None:
        with self._changed:
            due, self._due = self._due, False
        if due:
            run_ring()


_coalescer = _RingCoalescer()


def run_ring() -> None:
    """Ring, and publish a `drain_runs` for the token when the bell hands one out."""
    from backend.runs.tasks import drain_runs  # tasks import the services

    if not _breaker.allows():
        logger.info("broker marked down; queued runs wait for the sweeper")
        return
    bell = doorbell()
    try:
        token = bell.ring()
    except Exception:
        _breaker.tripped()
        logger.exception("could not ring the doorbell; the sweeper will publish the queued runs")
        return
    if token is not None and not _publish(drain_runs, token):
        with contextlib.suppress(Exception):  # else it expires
            bell.leave(token)  # published nothing: it must not count


def run_publish_on_commit(*, run_id: uuid.UUID, countdown: float | None = None) -> None:
    """Publish `advance_run` once the current transaction commits (at once outside one)."""
    from backend.runs.tasks import advance_run  # tasks import the services

    transaction.on_commit(lambda: _publish(advance_run, str(run_id), countdown))


class _BrokerBreaker:
    """After a failed publish, skip publishing for a while in this process.

    A publish to a broker that is down takes seconds to fail; without this, every webhook
    request during an outage would wait that long. Skipping is safe: the run is committed as
    `queued`, and the sweeper publishes it once the broker is back.
    """

    def __init__(self) -> None:
        self.open_until = 0.0

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def tripped(self) -> None:
        self.open_until = time.monotonic() + settings.BROKER_BACKOFF_S


_breaker = _BrokerBreaker()


def _publish(task: Any, arg: str, countdown: float | None = None) -> bool:
    """Publish `task(arg)` unless the broker is marked down; whether it was published.

    Not publishing loses nothing: what the task would advance is committed `queued` or
    `waiting`, and the sweeper publishes it once the broker is back.
    """
    if not _breaker.allows():
        logger.info("broker marked down; %s(%s) left to the sweeper", task.name, arg)
        return False
    try:
        task.apply_async((arg,), countdown=countdown)
    except Exception:
        _breaker.tripped()
        logger.exception("could not publish %s(%s); the sweeper will publish what it was for", task.name, arg)
        return False
    return True


def run_finished_has_work(*, status: str, had_slot: bool) -> bool:
    """Whether `run_finished` has anything to do for a run that ended so; when not, the executor
    writes the end of the run without calling it."""
    return had_slot or status == RunStatus.FAILED


def run_finished(*, run: Run, status: str, error: dict[str, Any] | None, had_slot: bool = True) -> None:
    """After a run ends: free its concurrency slot, wake the next run of its key, start the error flow.

    `had_slot=False` (the executor knows) saves looking for a slot the run never took. What it
    does is what `run_finished_has_work` tells; keep the two in step.
    """
    if had_slot and ConcurrencySlot.objects.filter(run=run).delete()[0]:
        waiting = (
            Run.objects.filter(flow_id=run.flow_id, concurrency_key=run.concurrency_key, status=RunStatus.QUEUED)
            .order_by("created_at", "id")
            .first()
        )
        if waiting is not None:
            # Parked runs carry a wake time that keeps drainers off them: this one is due now.
            Run.objects.filter(id=waiting.id, status=RunStatus.QUEUED).update(wake_at=None)
            run_publish_on_commit(run_id=waiting.id)
    if status == RunStatus.FAILED:
        _start_error_flow(run=run, error=error)
        if run.flow.alert_email or run.flow.alert_webhook_url:
            from backend.runs.tasks import notify_failure

            transaction.on_commit(lambda: _send_task(notify_failure, run.id))


def _start_error_flow(*, run: Run, error: dict[str, Any] | None) -> None:
    target = (run.flow_version.document.get("settings") or {}).get("error_flow")
    if not target or (run.event is not None and run.event.source == Event.Source.ERROR_FLOW):
        return  # an error flow's own failure does not start another: no loops
    try:
        flow = Flow.objects.select_related("current_version").filter(pk=target).first()
    except Exception:  # not a UUID
        flow = None
    if flow is None or flow.current_version is None:
        logger.warning("run %s failed; its error flow %s does not exist", run.id, target)
        return
    payload = {
        "run_id": str(run.id),
        "flow": {"id": str(run.flow_id), "name": run.flow_version.document.get("name")},
        "node": (error or {}).get("node"),
        "error": error,
    }
    event = Event.objects.create(flow=flow, source=Event.Source.ERROR_FLOW, body=json.dumps(payload))
    run_enqueue(flow_version=flow.current_version, event=event)


def _send_task(task: Any, run_id: uuid.UUID) -> None:
    try:
        task.delay(str(run_id))
    except Exception:
        logger.exception("could not queue %s for run %s", task.name, run_id)


def run_notify_failure(*, run_id: uuid.UUID | str) -> None:
    """Tell the flow's alert email and webhook that a run failed: once per failed run, not per attempt."""
    run = Run.objects.select_related("flow").get(id=run_id)
    flow, error = run.flow, run.error or {}
    link = f"{settings.PUBLIC_URL}/runs/{run.id}" if settings.PUBLIC_URL else f"/runs/{run.id}"
    summary = {
        "run_id": str(run.id),
        "flow": {"id": str(flow.id), "name": flow.name},
        "node": error.get("node"),
        "error": error.get("message"),
        "url": link,
    }
    if flow.alert_email:
        send_mail(
            subject=f"[Dovetail] {flow.name}: a run failed",
            message=f"Run {run.id} of {flow.name} failed at step {summary['node']}:\n\n{summary['error']}\n\n{link}",
            from_email=None,
            recipient_list=[flow.alert_email],
        )
    if flow.alert_webhook_url:
        try:
            requests.post(flow.alert_webhook_url, json=summary, timeout=10)
        except requests.RequestException:
            logger.exception("failure alert webhook of flow %s did not answer", flow.id)


@transaction.atomic
def run_cancel(*, run: Run) -> Run:
    """Cancel: a queued or waiting run stops now; a running one after its current step."""
    if run_transition(
        run_id=run.id,
        to=RunStatus.CANCELLED,
        frm={RunStatus.QUEUED, RunStatus.WAITING},
        finished_at=timezone.now(),
        wake_at=None,
        lease_until=None,
    ):
        Step.objects.filter(run=run, status=StepStatus.WAITING).update(status=StepStatus.SKIPPED, next_attempt_at=None)
        run.refresh_from_db()
        run_finished(run=run, status=RunStatus.CANCELLED, error=None)
        return run
    if not Run.objects.filter(id=run.id, status=RunStatus.RUNNING).update(cancel_requested=True):
        raise Conflict(f"the run is {Run.objects.get(id=run.id).status}; only an unfinished run can be cancelled")
    run.refresh_from_db()
    return run


class AlreadyReplayed(Conflict):
    """The run has a replay or retry already: another one would act on its event twice."""

    code = "already_replayed"


def _lock_unreplayed(*, run: Run, again: bool) -> Run:
    """The run, re-read under a row lock, refused when it already has a replay or a retry.

    The lock (on SQLite, the write lock every IMMEDIATE transaction takes at BEGIN) makes
    check-then-insert safe: a concurrent replay or retry of the same run waits here until this
    transaction commits, then sees its new run and is refused. Call inside a transaction.
    `again` asks for one more anyway.
    """
    run = Run.objects.select_for_update().get(pk=run.pk)
    if again:
        return run
    existing = Run.objects.filter(replay_of=run).order_by("-created_at", "-id").first()
    if existing is not None:
        raise AlreadyReplayed(
            f"run {run.id} was already replayed or retried as run {existing.id} ({existing.status}): "
            f"replay run {existing.id} if it failed, or ask for another run from this one explicitly "
            '({"again": true}); what it does upstream would then be done again',
            errors=[FieldError("/again", f"run {existing.id} already replays this run")],
        )
    return run


@transaction.atomic
def run_replay(*, run: Run, trigger: Any = None, publish: bool = True, again: bool = False) -> Run:
    """A new run of the flow's current version that starts at the failed step.

    Steps that succeeded are copied (not executed again), so only the failed step and what
    follows it run. A new run has new idempotency keys: its input may have been edited.
    `trigger` replaces the trigger's output (the payload) for the new run; then the succeeded steps
    that only computed (no effects) are computed again from it, and only those that acted are copied.

    A run is replayed (or retried) once: a second time is refused with AlreadyReplayed, which
    names the existing replay (replay that one if it failed), unless `again` is set.
    """
    run = _lock_unreplayed(run=run, again=again)
    if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
        raise Conflict(f"only a failed or cancelled run can be replayed; this one is {run.status}")
    flow = Flow.objects.select_related("current_version").get(pk=run.flow_id)
    new = run_enqueue(
        flow_version=flow.current_version,
        event=run.event,
        is_test=run.is_test,
        publish=False,
        replay_of=run,
        trigger_override=trigger,
    )
    document_nodes = {n["id"] for n in flow.current_version.document["nodes"]}
    registry = default_registry()

    def keeps(step: Step) -> bool:
        # With an edited payload, a step that only computed from it (a mapping, a filter) is
        # computed again, or the corrected event's data would go nowhere (QA: the payload said
        # 9002, the ERP got 9001). A step that acted keeps its result: its effect happened.
        block = registry.get(step.block)
        return trigger is None or block is None or block.kind == BlockKind.TRIGGER or block.effects

    kept = [
        s
        for s in run.steps.order_by("position")
        if s.status == StepStatus.SUCCEEDED and s.node_id in document_nodes and keeps(s)
    ]
    now = timezone.now()
    for position, step in enumerate(kept):
        replaced = position == 0 and trigger is not None
        Step.objects.create(
            run=new,
            key=step.key,
            node_id=step.node_id,
            block=step.block,
            position=position,
            status=StepStatus.SUCCEEDED,
            input=step_input(step=step, run=run),  # the new run may be of another version
            output=trigger if replaced else step.output,
            output_from_event=step.output_from_event and not replaced,
            port=step.port,
            copied=True,
            idempotency_key=step.idempotency_key,
            attempt=0,
            started_at=now,
            finished_at=now,
            duration_ms=0,
        )
    if publish:
        run_publish_on_commit(run_id=new.id)
    return new


def run_replay_many(
    *, flow: uuid.UUID | None = None, since=None, until=None, search: str | None = None, limit: int = 100
) -> list[Run]:
    """Replay each failed run that matches, oldest first, each in its own transaction."""
    not_replayed = Run.objects.filter(replays__isnull=True).select_related("event").order_by("created_at")
    failed = run_filter(not_replayed, flow=flow, status=RunStatus.FAILED, since=since, until=until, search=search)
    replayed = []
    for run in failed[:limit]:
        with contextlib.suppress(AlreadyReplayed):  # replayed meanwhile by another request: once is enough
            replayed.append(run_replay(run=run))
    return replayed


@transaction.atomic
def run_retry(*, run: Run, publish: bool = True, again: bool = False) -> Run:
    """A fresh run of the flow's current version from the same event, from the start.

    Like a replay (a retry is stored as one, `replay_of`), a run is retried once: refused with
    AlreadyReplayed when it has a replay or a retry already, unless `again` is set.
    """
    run = _lock_unreplayed(run=run, again=again)
    if run.status in RUN_ACTIVE:
        raise Conflict(f"the run is still {run.status}; cancel it first")
    flow = Flow.objects.select_related("current_version").get(pk=run.flow_id)
    return run_enqueue(
        flow_version=flow.current_version,
        event=run.event,
        is_test=run.is_test,
        publish=publish,
        replay_of=run,
        trigger_override=run.trigger_override,
    )


def run_sweep(*, now=None) -> int:
    """Publish again what no worker is working on but should be: the outbox and crash-recovery sweep.

    - queued runs older than RUN_REPUBLISH_AFTER_S (the broker was down or lost the message);
    - waiting runs whose wake time has come (long retries and delays are not on the broker);
    - running runs whose lease expired (their worker died): resumed from the last committed step.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.RUN_REPUBLISH_AFTER_S)
    due = Run.objects.filter(
        Q(status=RunStatus.QUEUED, created_at__lt=cutoff, lease_until__isnull=True)
        | Q(status=RunStatus.WAITING, wake_at__lte=now)
        | Q(status=RunStatus.RUNNING, lease_until__lt=now)
        | Q(status=RunStatus.RUNNING, lease_until__isnull=True)
    ).order_by("created_at")
    ids = list(due.values_list("id", flat=True)[: settings.SWEEP_BATCH])
    for run_id in ids:
        run_publish_on_commit(run_id=run_id)
    return len(ids)


def run_prune(*, now=None, batch: int = 500) -> int:
    """Delete finished runs (and their events) older than RUN_RETENTION_DAYS, in small batches."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RUN_RETENTION_DAYS)
    total = 0
    while True:
        ids = list(Run.objects.filter(finished_at__lt=cutoff, keep=False).values_list("id", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            total += Run.objects.filter(id__in=ids).delete()[1].get("runs.Run", 0)
    Event.objects.filter(received_at__lt=cutoff, runs__isnull=True).delete()
    return total
