"""run_advance: claim a run, execute its steps one by one, record each, and let go.

Durability comes from four things working together (docs/guarantees.md):
- the claim is a conditional UPDATE taking a lease, so one worker at a time advances a run;
- a step with effects is committed as `running` before its block acts, and its outcome with the
  next write, so a crash leaves a step whose outcome is unknown, never a silent gap;
- steps without effects (the trigger, transforms, filters) are kept in memory and written with that
  next write: a crash before it loses nothing that cannot be computed again, so a run of one
  action costs three commits (claim, before the action, finish), whatever its transforms;
- the decider rebuilds the plan from committed steps, so a resume never re-runs a succeeded step;
- actions get an idempotency key that is stable across retries and resumes of the step.
"""

from __future__ import annotations

import functools
import logging
import os
import socket
import time
import uuid
from collections.abc import Generator
from contextlib import nullcontext
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from backend.core import rows
from backend.core.errors import NotFound
from backend.core.prepared import fixed
from backend.core.redaction import redact
from backend.credentials.services import credential_resolve
from backend.engine.document import FlowDocument, Node
from backend.engine.execute import Outcome, run_action, run_trigger
from backend.engine.plan import Finish, StepState, decide
from backend.engine.retry import next_delay
from backend.flows.models import FlowVersion
from backend.flows.versions import attach_document, version_document
from backend.runs.doorbell import doorbell
from backend.runs.models import RUN_ACTIVE, ConcurrencySlot, Run, RunStatus, Step, StepAttempt, StepStatus
from backend.runs.outputs import step_output, storable_input, storable_outcome, trigger_request
from backend.runs.services import run_finished, run_finished_has_work, run_publish_on_commit, run_ring
from backend.triggers.models import Event
from connectors.sdk import ActionContext, BlockKind, default_registry

logger = logging.getLogger(__name__)
ADVANCEABLE = {RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.WAITING}
# The claim's statuses written into its text, not passed: the statement is prepared, and with them
# as parameters PostgreSQL's plan for any status cost more than a plan for these, so it went back
# to planning every call (backend/core/prepared.py).
_ADVANCEABLE_SQL = ", ".join(f"'{value}'" for value in sorted(status.value for status in ADVANCEABLE))
# A wait this short is a countdown on the broker; anything longer is left to the sweeper (wake_at),
# because a Redis countdown beyond the visibility timeout is redelivered again and again.
COUNTDOWN_MAX_S = 300
# A drainer claims several runs at a time while each takes less than this (run_drain).
QUICK_RUN_S = 0.1
_UNREAD = object()


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def run_advance(*, run_id: uuid.UUID | str, owner: str | None = None) -> Run | None:
    """Advance a run as far as it can go now. Safe to call for any run, any number of times."""
    owner = owner or worker_name()
    now = timezone.now()
    run = _claim("id = %s", [Run._meta.pk.get_db_prep_value(run_id, connection)], owner=owner, now=now)
    if run is None:
        # Not ours to advance now (finished, leased, not due, cancelled) or gone: say how it is.
        return Run.objects.filter(id=run_id).order_by().first()
    return _advance(run, owner, now)


def run_drain(*, token: str, owner: str | None = None) -> int:
    """Advance queued runs, oldest first, until none is left or the slice is used; return how many.

    It claims one run, then, while runs take less than QUICK_RUN_S each, up to `RUN_DRAIN_BATCH`
    at a time, advanced together (`_advance_together`).

    The `drain_runs` task a doorbell ring published (runs/doorbell.py). The token counts this
    drainer while it works; before returning it leaves, then looks once more, so a run queued by a
    publisher that saw the token counted (and did not ring) is taken here. At the end of its slice
    it leaves and rings: the rest goes to the next drainer, after what else waits on the broker.
    """
    bell = doorbell()
    owner = owner or worker_name()
    deadline = time.monotonic() + settings.RUN_DRAIN_SLICE_S
    renewed, done, counted, batch = time.monotonic(), 0, True, 1
    try:
        while True:
            runs, now = _claim_next(owner, batch)
            if not runs:
                bell.leave(token)
                counted = False
                runs, now = _claim_next(owner, batch)
                if not runs:
                    return done
                bell.renew(token)
                counted = True
            started = time.monotonic()
            _advance_together(runs, owner, now)
            done += len(runs)
            # Several at a time only while runs are quick: slow calls made one after the other
            # would hold back runs that another drainer could be taking.
            quick = (time.monotonic() - started) / len(runs) < QUICK_RUN_S
            batch = settings.RUN_DRAIN_BATCH if quick else 1
            if time.monotonic() > deadline:
                bell.leave(token)
                counted = False
                run_ring()
                return done
            if time.monotonic() - renewed > settings.RUN_LEASE_S / 3:
                bell.renew(token)
                renewed = time.monotonic()
    finally:
        if counted:
            # Stopped by an error (the database went away): uncount this drainer. It rings for no
            # other, which would meet the same error at once; the next ring or the sweeper will.
            bell.leave(token)


def _claim_next(owner: str, limit: int) -> tuple[list[Run], datetime]:
    """The oldest queued runs (up to `limit`), claimed, oldest first, and the moment of the claim."""
    now = timezone.now()
    # On PostgreSQL the ids are picked once (an ARRAY is an InitPlan): with `IN (SELECT ... LIMIT
    # n)` the planner may run the search again per row and, skipping its own locks, claim more.
    which = f"id = ANY(ARRAY({_NEXT_QUEUED}))" if connection.vendor == "postgresql" else f"id IN ({_NEXT_QUEUED})"
    return _claim_all(which, [limit], owner=owner, now=now), now


def _execution(run: Run, owner: str, now: datetime) -> _Execution:
    # First claim of a run that is not a replay: it has no steps yet, so none need loading.
    fresh = run.started_at == now and run.replay_of_id is None
    return _Execution(run, owner, run.lease_until, fresh=fresh)


def _advance(run: Run, owner: str, now: datetime) -> Run:
    return _execution(run, owner, now).go()


def _advance_together(runs: list[Run], owner: str, now: datetime) -> list[Run]:
    """Advance runs claimed together, sharing their first write (`_drive`)."""
    return _drive([_execution(run, owner, now) for run in runs])


def _drive(executions: list[_Execution]) -> list[Run]:
    """Advance executions together: each goes as far as its first step with effects (in memory:
    `stages()` pauses there), then the steps of all of them are one INSERT, then each makes its
    call and goes on alone, in the order given. What each would write alone, with one round trip
    for the lot instead of one per run.

    A run that fails with an error does not hold the others back: they are advanced, then the
    first error is raised (the drainer stops, as with one run).
    """
    done: dict[int, Run] = {}
    errors: list[Exception] = []
    paused: list[tuple[int, Generator[_Execution, None, Run]]] = []
    for index, execution in enumerate(executions):
        stages = execution.stages()
        try:
            next(stages)
            paused.append((index, stages))
        except StopIteration as stop:
            done[index] = stop.value
        except Exception as error:  # raised again below, after the other runs
            errors.append(error)
    if paused:
        steps = [step for index, _ in paused for step in executions[index].unsaved]
        with nullcontext() if rows.fits_one_insert(steps) else transaction.atomic():
            rows.insert(steps)
        for index, _ in paused:
            executions[index].unsaved = []
    for index, stages in paused:
        try:
            next(stages)
        except StopIteration as stop:
            done[index] = stop.value
        except Exception as error:  # likewise
            errors.append(error)
        else:
            raise RuntimeError("a run paused twice in one claim")
    if errors:
        raise errors[0]
    return [done[index] for index in sorted(done)]


def _lease() -> timedelta:
    return timedelta(seconds=settings.RUN_LEASE_S)


# The oldest queued run no one holds. A queued run with a wake time is parked (waiting for a
# concurrency slot): the run that frees the slot wakes it by id. SKIP LOCKED lets drainers pass
# each other's claims on PostgreSQL; SQLite has one writer at a time and no row locks.
_NEXT_QUEUED = (
    f"SELECT id FROM {{runs}} WHERE status = '{RunStatus.QUEUED.value}' AND lease_until IS NULL "
    "AND wake_at IS NULL AND NOT cancel_requested ORDER BY created_at LIMIT %s{skip_locked}"
)


def _claim(which: str, which_params: list[Any], *, owner: str, now: datetime) -> Run | None:
    """`_claim_all` of a `which` that selects one run: the run, or None."""
    claimed = _claim_all(which, which_params, owner=owner, now=now)
    return claimed[0] if claimed else None


def _claim_all(which: str, which_params: list[Any], *, owner: str, now: datetime) -> list[Run]:
    """Take the lease of the runs `which` selects that are advanceable, due, not cancelled and not
    leased, oldest first.

    One conditional UPDATE ... RETURNING: the row comes back with the claim (and its version's
    checksum, which names the cached document). On PostgreSQL the same statement joins the run's
    event (a data-modifying WITH); SQLite has none, so there the event is read after, if the run
    has one. Fixed SQL because the worker runs it for every run: as QuerySets, the claim, the
    re-read and their compiles were a quarter of a run's CPU. Datetimes and the id are adapted
    as their fields adapt them, so SQLite and PostgreSQL compare them as the ORM would.
    """
    ops, quote = connection.ops, connection.ops.quote_name
    runs, versions = quote(Run._meta.db_table), quote(FlowVersion._meta.db_table)
    when = ops.adapt_datetimefield_value
    # Twice the lease period: a first step whose timeout is within the period (30 s by default)
    # needs no renewal, so a short run claims, runs and finishes with no lease write between.
    lease_until = now + 2 * _lease()
    skip_locked = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    which = which.format(runs=runs, skip_locked=skip_locked)
    events = quote(Event._meta.db_table)
    sql = (
        f"UPDATE {runs} SET status = %s, lease_until = %s, lease_owner = %s, wake_at = NULL, "
        "started_at = COALESCE(started_at, %s) "
        f"WHERE {which} AND status IN ({_ADVANCEABLE_SQL}) AND NOT cancel_requested "
        "AND (lease_until IS NULL OR lease_until < %s) AND (wake_at IS NULL OR wake_at <= %s) "
        f"RETURNING {rows.columns(Run, runs)}, "
        f"(SELECT v.checksum FROM {versions} v WHERE v.id = {runs}.flow_version_id) AS version_checksum"
    )
    with_event = connection.vendor == "postgresql"
    if with_event:
        sql = (
            f"WITH claimed AS ({sql}) SELECT claimed.*, {rows.columns(Event, 'e')} "
            f"FROM claimed LEFT JOIN {events} e ON e.id = claimed.event_id"
        )
    params = [
        RunStatus.RUNNING.value,
        when(lease_until),
        owner,
        when(now),
        *which_params,
        when(now),
        when(now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(fixed(sql), params)
        found = cursor.fetchall()
    width = len(Run._meta.concrete_fields)
    claimed = []
    for row in found:
        run = rows.load(Run, row[:width])
        run.lease_until = lease_until  # the aware datetime written, whatever the backend reads back
        # The document is read once per version and process (_document), not with every run; the
        # flow only when a failure needs its alert settings.
        run.flow_version = attach_document(
            FlowVersion(id=run.flow_version_id, flow_id=run.flow_id, checksum=row[width])
        )
        if run.event_id is not None:
            run.event = rows.load(Event, row[width + 1 :]) if with_event else _event(run.event_id)
        claimed.append(run)
    claimed.sort(key=lambda run: run.created_at)
    return claimed


def _event(event_id: int) -> Event | None:
    events = connection.ops.quote_name(Event._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {rows.columns(Event, 'e')} FROM {events} e WHERE e.id = %s", [event_id])
        found = cursor.fetchone()
    return rows.load(Event, found) if found else None


class LeaseLost(Exception):
    """Another worker took the run over (our lease expired): stop touching it."""


class _Execution:
    def __init__(self, run: Run, owner: str, lease_until: datetime, *, fresh: bool = False):
        self.run = run
        self.owner = owner
        self.lease_until = lease_until
        self.acted = False  # a step with effects was started in this claim
        self.has_slot = False  # holds a ConcurrencySlot
        self.registry = default_registry()
        self.document = _document(run.flow_version_id, run.flow_version.checksum)
        self.steps: dict[str, Step] = {} if fresh else {s.key: s for s in run.steps.all()}
        # Written at the next checkpoint (before an effect, or when the run stops or parks).
        self.unsaved: list[Step] = []
        self.dirty: dict[int, Step] = {}
        self.attempts: list[StepAttempt] = []
        self.deadline = time.monotonic() + settings.RUN_TIME_SLICE_S
        self.trigger_output: Any = _UNREAD  # what the trigger step output, when computed in this claim

    # -- the loop -----------------------------------------------------------------------------
    def go(self) -> Run:
        """Advance the run as far as it can go now."""
        return _drive([self])[0]

    def stages(self) -> Generator[_Execution, None, Run]:
        """`go()` as a generator: it pauses (yields itself) at most once, before the claim's first
        step with effects, with nothing written yet and only new steps in `unsaved`; whoever
        drives it writes those (alone or with other runs' in one INSERT), empties `unsaved`, and
        resumes it. Its return value is the run as `go()` leaves it.
        """
        missing = [n.block for n in self.document.nodes if n.block not in self.registry]
        if missing:
            return self._finish(
                RunStatus.FAILED,
                {
                    "type": "BlockMissing",
                    "code": "block_missing",
                    "message": f"blocks not installed: {', '.join(missing)}",
                },
            )
        if not self._take_slot():
            return self._reload()
        try:
            context = self._context()
            while True:
                if self._timed_out():
                    limit = self.document.settings["timeout_s"]
                    return self._finish(
                        RunStatus.FAILED,
                        {
                            "type": "RunTimedOut",
                            "code": "run_timed_out",
                            "retryable": False,
                            "message": f"the run did not finish within its {limit:g} s timeout (settings.timeout_s)",
                        },
                    )
                if time.monotonic() > self.deadline:
                    return self._yield()
                decision = decide(self.document, self._states())
                if isinstance(decision, Finish):
                    return self._finish(decision.status, self._run_error())
                node = self.document.node(decision.node_id)
                parked = yield from self._step(node, context)
                if parked is not None:
                    return parked
        except LeaseLost:
            logger.warning("run %s: lease lost to another worker; stopping", self.run.id)
            return self._reload()

    def _states(self) -> dict[str, StepState]:
        return {
            s.node_id: StepState(status=s.status, port=s.port or None)
            for s in self.steps.values()
            if s.status in (StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.SKIPPED)
        }

    def _context(self) -> dict[str, Any]:
        trigger = self._trigger_node()
        step = self.steps.get(trigger.id)
        if step is None:
            step = self._record_trigger(trigger)
        return {
            "trigger": self.trigger_output
            if self.trigger_output is not _UNREAD
            else step_output(step=step, run=self.run),
            "steps": {s.node_id: s.output for s in self.steps.values() if s.node_id != trigger.id},
            "run": {
                "id": str(self.run.id),
                "flow_id": str(self.run.flow_id),
                "started_at": self.run.started_at.isoformat(),
            },
        }

    def _trigger_node(self) -> Node:
        return next(n for n in self.document.nodes if self.registry[n.block].kind == BlockKind.TRIGGER)

    def _record_trigger(self, node: Node) -> Step:
        started = timezone.now()
        if self.run.trigger_override is not None:
            outcome = Outcome("succeeded", None, self.run.trigger_override, "main")
        else:
            outcome = run_trigger(block=self.registry[node.block], request=trigger_request(self.run.event))
        step = Step(
            run=self.run,
            key=node.id,
            node_id=node.id,
            block=node.block,
            position=0,
            started_at=started,
            status=outcome.status,
        )
        self._apply(step, outcome, started)
        self.trigger_output = step.output
        if self.run.trigger_override is None and self.run.event is not None and outcome.status == "succeeded":
            # The event holds this payload already: the step points at it instead of a second copy.
            step.output, step.output_from_event = None, True
        self._save_step(step)
        self.steps[node.id] = step
        return step

    # -- one step -----------------------------------------------------------------------------
    def _step(self, node: Node, context: dict[str, Any]) -> Generator[_Execution, None, Run | None]:
        """Execute (or resume) one node's step. Returns the run when it must stop here."""
        block = self.registry[node.block]
        step = self.steps.get(node.id)
        now = timezone.now()
        if (
            step is not None
            and step.status == StepStatus.WAITING
            and step.next_attempt_at
            and step.output is not None
            and step.error is None
        ):
            # A delay whose time has come: it succeeded by waiting.
            self._save_step(
                step,
                status=StepStatus.SUCCEEDED,
                port="main",
                finished_at=now,
                next_attempt_at=None,
                duration_ms=_ms(step.started_at, now),
            )
            context["steps"][node.id] = step.output
            return None
        if step is not None and step.status == StepStatus.RUNNING and not block.idempotent:
            error = {
                "type": "OutcomeUnknown",
                "code": "outcome_unknown",
                "retryable": False,
                "message": f'step "{node.id}" ({block.title}) was interrupted and cannot be safely repeated: '
                "check the vendor, then replay or cancel the run",
            }
            self._save_step(step, status=StepStatus.UNKNOWN, error=error, finished_at=now)
            return self._finish(RunStatus.FAILED, {"node": node.id, **error})
        first_try = step is None
        if first_try:
            step = Step(
                run=self.run,
                key=node.id,
                node_id=node.id,
                block=node.block,
                position=len(self.steps),
                status=StepStatus.RUNNING,
                started_at=now,
                attempt=1,
                # Only an effect has a use for one (the vendor recognises a repeat by it).
                idempotency_key=f"{self.run.id}:{node.id}" if block.effects else "",
            )
            self._save_step(step)
            self.steps[node.id] = step
        else:
            # A retry that is due, or a step that was running when its worker died (re-run with
            # the same idempotency key: the vendor recognises the repeat).
            self._save_step(step, status=StepStatus.RUNNING, attempt=step.attempt + 1, next_attempt_at=None)
        if block.effects:
            # Committed before the block acts, so a crash leaves a trace of an effect that may
            # have happened. A block without effects (a transform) just runs again.
            stopped = yield from self._checkpoint(node, step, first_try=first_try)
            if stopped is not None:
                return stopped
        else:
            # The lease outlasts the step's own timeout, so a slow call is not mistaken for a dead worker.
            self._keep_lease(for_s=node.timeout_s)
        ctx = ActionContext(
            run_id=str(self.run.id),
            node_id=node.id,
            idempotency_key=step.idempotency_key,
            credential=_credential(node),
            timeout_s=node.timeout_s,
        )
        attempt_started = timezone.now()
        if node.credential and ctx.credential is None:
            error = {
                "type": "CredentialMissing",
                "code": "credential_missing",
                "retryable": False,
                "message": f'node "{node.id}": credential {node.credential} does not exist (deleted?)',
            }
            outcome = Outcome("failed", dict(node.config), None, None, error)
        else:
            outcome = run_action(block=block, node=node, context=context, ctx=ctx)
        finished = timezone.now()
        if block.effects or not first_try or outcome.status != "succeeded":
            # Every external try is a row ("why did it fail" is a query); a transform that worked
            # at once has nothing more to say than its step.
            self.attempts.append(
                StepAttempt(
                    step=step,
                    number=step.attempt,
                    outcome=outcome.status,
                    error=outcome.error,
                    log=ctx.http_log if outcome.status != "succeeded" else _exchange_lines(ctx.http_log),
                    started_at=attempt_started,
                    finished_at=finished,
                    duration_ms=_ms(attempt_started, finished),
                )
            )
        if outcome.status == "waiting":
            return self._wait(node, step, outcome, outcome.output.until, outcome.output.output)
        if outcome.status == "failed":
            delay = next_delay(node.retry, attempt=step.attempt, error=outcome.error or {})
            if delay is not None:
                return self._wait(node, step, outcome, finished + timedelta(seconds=delay), None)
        self._apply(step, outcome, step.started_at, finished, node=node)
        self._save_step(step)
        context["steps"][node.id] = step.output
        return None

    def _wait(self, node: Node, step: Step, outcome: Outcome, until: datetime, output: Any) -> Run:
        """Park the run until `until` (a retry's backoff or a delay block) without holding a worker."""
        _record_input(step, node, outcome.input)
        self._save_step(
            step,
            status=StepStatus.WAITING,
            output=output,
            error=outcome.error if output is None else None,
            next_attempt_at=until,
        )
        with transaction.atomic():
            moved = Run.objects.filter(id=self.run.id, status=RunStatus.RUNNING, lease_owner=self.owner).update(
                status=RunStatus.WAITING, wake_at=until, lease_until=None, lease_owner=""
            )
            if moved:
                self._flush()
        if moved:
            delay = (until - timezone.now()).total_seconds()
            if delay <= COUNTDOWN_MAX_S:
                run_publish_on_commit(run_id=self.run.id, countdown=max(0.0, delay))
        return self._reload()

    def _apply(
        self,
        step: Step,
        outcome: Outcome,
        started: datetime,
        finished: datetime | None = None,
        node: Node | None = None,
    ) -> None:
        finished = finished or timezone.now()
        outcome = storable_outcome(outcome, node)  # never a write refused for the data's shape
        step.status = outcome.status
        _record_input(step, node, outcome.input)
        step.output = outcome.output
        step.port = outcome.port or ""
        step.error = outcome.error
        step.finished_at = finished
        step.duration_ms = _ms(started, finished)

    def _save_step(self, step: Step, **fields: Any) -> None:
        """Change a step; it is written at the next checkpoint (see `_flush`)."""
        for name, value in fields.items():
            setattr(step, name, value)
        if step.pk is None:
            if not any(s is step for s in self.unsaved):
                self.unsaved.append(step)
        else:
            self.dirty[step.pk] = step

    def _flush(self) -> None:
        """Write the steps and attempts changed since the last checkpoint, in the caller's transaction."""
        if self.unsaved:
            rows.insert(self.unsaved)
            self.unsaved = []
        for step in self.dirty.values():
            rows.update(step)
        self.dirty = {}
        if self.attempts:
            rows.insert(self.attempts)
            self.attempts = []

    def _checkpoint(self, node: Node, step: Step, *, first_try: bool) -> Generator[_Execution, None, Run | None]:
        """Before an effect: commit everything so far and the step as `running`, in one transaction.

        The same transaction renews the lease for the step's timeout and proves the run is still
        ours and not cancelled: a cancel lets the current step finish and stops before the next
        one with effects. Returns the run when it must stop here.

        The first effect of a claim needs neither: the claim itself refused a cancelled run, and
        while the claim's lease outlasts the step, no other worker can take the run.
        """
        now = timezone.now()
        if not self.acted and self.lease_until - now >= timedelta(seconds=node.timeout_s) + _lease() / 2:
            if not self.dirty and not self.attempts and rows.fits_one_insert(self.unsaved):
                # Only new steps, one INSERT, committed by itself (a transaction around it cost
                # BEGIN and COMMIT, two more round trips, ~10 % of a short run's CPU): the pause
                # of `stages`, where its driver writes them, maybe with other runs' steps.
                yield self
                # Runs advanced together make their calls one after the other: the lease must
                # still outlast this step when its turn comes.
                self._keep_lease(for_s=node.timeout_s)
            else:
                with transaction.atomic():
                    self._flush()
            self.acted = True
            return None
        self.acted = True
        until = now + _lease() + timedelta(seconds=node.timeout_s)
        with transaction.atomic():
            ours = rows.update_where(
                Run, {"lease_until": until}, id=self.run.id, lease_owner=self.owner, cancel_requested=False
            )
            if ours:
                self._flush()
        if ours:
            self.lease_until = until
            return None
        if not Run.objects.filter(id=self.run.id, cancel_requested=True).exists():
            raise LeaseLost
        # The step never started: no trace of this try.
        if first_try:
            self.steps.pop(node.id, None)
            self.unsaved = [s for s in self.unsaved if s is not step]
        else:
            self.dirty.pop(step.pk, None)
            step.refresh_from_db()
        return self._finish(RunStatus.CANCELLED, None)

    # -- the run ------------------------------------------------------------------------------
    def _run_error(self) -> dict[str, Any] | None:
        for step in sorted(self.steps.values(), key=lambda s: s.position):
            if step.status == StepStatus.FAILED and not step.port:
                return {"node": step.node_id, **(step.error or {})}
        return None

    def _finish(self, status: str, error: dict[str, Any] | None) -> Run:
        finished = timezone.now()
        # A finished run holds no lease: its owner's name would only take room in every row.
        values = {
            "status": status,
            "finished_at": finished,
            "error": error,
            "lease_until": None,
            "lease_owner": "",
            "wake_at": None,
        }
        ours = {"id": self.run.id, "status": RunStatus.RUNNING, "lease_owner": self.owner}
        if not run_finished_has_work(status=status, had_slot=self.has_slot) and all(
            attempt.step.pk is not None for attempt in self.attempts
        ):
            # The common end (no slot to free, no error flow): the run's row and the steps since
            # the last checkpoint in one statement on PostgreSQL, not a five-round-trip transaction.
            done = rows.write_if(
                Run, values, ours, inserts=[self.unsaved, self.attempts], updates=list(self.dirty.values())
            )
            self.unsaved, self.dirty, self.attempts = [], {}, []
        else:
            with transaction.atomic():
                done = rows.update_where(Run, values, **ours)
                if done:
                    self._flush()
                    run_finished(run=self.run, status=status, error=error, had_slot=self.has_slot)
        if not done:
            return self._reload()
        run = self.run
        run.status, run.finished_at, run.error, run.lease_until, run.wake_at = status, finished, error, None, None
        run.lease_owner = ""
        return run

    def _yield(self) -> Run:
        """The time slice is used up: let go and queue the run again, so long runs don't starve others."""
        with transaction.atomic():
            if Run.objects.filter(id=self.run.id, lease_owner=self.owner).update(lease_until=None, lease_owner=""):
                self._flush()
                run_publish_on_commit(run_id=self.run.id)
        return self._reload()

    def _timed_out(self) -> bool:
        limit = self.document.settings.get("timeout_s")
        return bool(limit) and (timezone.now() - self.run.started_at).total_seconds() > limit

    def _keep_lease(self, *, for_s: float) -> None:
        """Make sure the lease outlives the next `for_s` seconds (plus the lease period).

        Renewed only when it would not, so a run of quick steps costs one renewal, not one
        per step; each renewal also proves we still own the run.
        """
        now = timezone.now()
        if self.lease_until - now >= timedelta(seconds=for_s) + _lease() / 2:
            return
        until = now + _lease() + timedelta(seconds=for_s)
        if not rows.update_where(Run, {"lease_until": until}, id=self.run.id, lease_owner=self.owner):
            raise LeaseLost
        self.lease_until = until

    def _reload(self) -> Run:
        self.run.refresh_from_db()
        return self.run

    # -- concurrency --------------------------------------------------------------------------
    def _take_slot(self) -> bool:
        """Hold a slot of the flow's concurrency key, or park the run until one frees.

        Arrival order: an older active run of the same key that holds no slot yet goes first.
        The UNIQUE(flow, key) constraint on ConcurrencySlot is what makes two workers unable
        to hold the same slot, whatever they read before.
        """
        limit = self.document.settings.get("max_concurrency")
        key = self.run.concurrency_key
        if not key and not limit:
            return True
        if ConcurrencySlot.objects.filter(run=self.run).exists():
            self.has_slot = True
            return True  # ours since before a wait or a crash
        older = Run.objects.filter(
            flow_id=self.run.flow_id, concurrency_key=key, status__in=RUN_ACTIVE, slot__isnull=True
        ).filter(Q(created_at__lt=self.run.created_at) | Q(created_at=self.run.created_at, id__lt=self.run.id))
        if not older.exists():
            for index in range(limit or 1):
                try:
                    with transaction.atomic():
                        ConcurrencySlot.objects.create(flow_id=self.run.flow_id, key=f"{key}#{index}", run=self.run)
                    self.has_slot = True
                    return True
                except IntegrityError:
                    continue
        # Parked: back to queued, with a wake time so drainers pass it by; the run that frees a slot
        # wakes the oldest parked one, and the sweeper any whose wake time came first.
        Run.objects.filter(id=self.run.id, lease_owner=self.owner).update(
            status=RunStatus.QUEUED,
            lease_until=None,
            lease_owner="",
            wake_at=timezone.now() + timedelta(seconds=settings.RUN_REPUBLISH_AFTER_S),
        )
        return False


@functools.lru_cache(maxsize=512)
def _document(flow_version_id: int, checksum: str) -> FlowDocument:
    """A flow version's parsed document, once per version and process."""
    return FlowDocument.parse(version_document(flow_version_id, checksum))


def _credential(node: Node) -> dict[str, Any] | None:
    """The node's decrypted credential, or None (none named, or it no longer exists)."""
    if not node.credential:
        return None
    try:
        return credential_resolve(credential_id=node.credential)
    except (NotFound, ValueError, ValidationError):
        return None


# What a try that worked keeps of each HTTP exchange: what was called, the answer's status, how long.
EXCHANGE_LINE = ("method", "url", "status", "duration_ms")


def _exchange_lines(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A succeeded try's HTTP log without headers and bodies: its step's input and output show what
    was sent and received. A failed try keeps the whole exchange, which is why it failed."""
    return [{k: exchange[k] for k in EXCHANGE_LINE if k in exchange} for exchange in log]


def _record_input(step: Step, node: Node | None, given: Any) -> None:
    """Set the step's input, secrets redacted; by reference when it is the node's config unchanged.

    Nothing was rendered into such a config (a transform's expression is recorded as written), and
    the run's flow version keeps it: a row per run would repeat the same text (step_input reads it).
    """
    recorded = redact(storable_input(given))
    by_reference = node is not None and recorded is not None and recorded == node.config
    step.input, step.input_from_flow = (None, True) if by_reference else (recorded, False)


def _ms(start: datetime, end: datetime) -> int:
    return max(0, round((end - start).total_seconds() * 1000))
