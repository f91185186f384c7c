"""Everything a run can do: be queued, be advanced (executed), be swept."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.core.redaction import redact
from backend.engine.document import FlowDocument
from backend.engine.execute import Outcome, run_action, run_trigger
from backend.engine.plan import Finish, StepState, decide
from backend.flows.models import FlowVersion
from backend.runs.models import Run, RunStatus, Step, StepStatus
from backend.triggers.models import Event
from connectors.sdk import ActionContext, BlockKind, TriggerRequest, default_registry

logger = logging.getLogger(__name__)


def run_enqueue(*, flow_version: FlowVersion, event: Event, is_test: bool = False, publish: bool = True) -> Run:
    """Create a queued run; it is published to the broker once the transaction commits.

    `publish=False` is for a caller that executes the run itself (the CLI).
    """
    run = Run.objects.create(flow_id=flow_version.flow_id, flow_version=flow_version, event=event, is_test=is_test)
    if publish:
        run_publish_on_commit(run_id=run.id)
    return run


def run_publish_on_commit(*, run_id: uuid.UUID) -> None:
    from backend.runs.tasks import advance_run  # tasks import services; break the cycle here

    transaction.on_commit(lambda: _publish(advance_run, run_id))


def _publish(task: Any, run_id: uuid.UUID) -> None:
    try:
        task.delay(str(run_id))
    except Exception:
        # The broker is down: the run stays queued in the database and the sweeper publishes it later.
        logger.exception("could not publish run %s; the sweeper will retry", run_id)


def run_advance(*, run_id: uuid.UUID | str) -> Run | None:
    """Claim a queued run and execute it to its end, recording every step as it goes.

    Safe to call twice for the same run (a redelivered message): only the caller whose
    conditional UPDATE moves the run out of `queued` executes it.
    """
    now = timezone.now()
    claimed = Run.objects.filter(id=run_id, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING, started_at=now)
    run = Run.objects.select_related("flow_version", "event").filter(id=run_id).first()
    if not claimed or run is None:
        return run
    document = FlowDocument.parse(run.flow_version.document)
    registry = default_registry()
    trigger = next(n for n in document.nodes if registry[n.block].kind == BlockKind.TRIGGER)

    outcome = run_trigger(block=registry[trigger.block], request=_trigger_request(run.event))
    recorder = _Recorder(run)
    recorder.record(trigger.id, trigger.block, outcome, started_at=now)
    context: dict[str, Any] = {
        "trigger": outcome.output,
        "steps": {},
        "run": {"id": str(run.id), "flow_id": str(run.flow_id), "started_at": now.isoformat()},
    }
    while True:
        decision = decide(document, recorder.states)
        if isinstance(decision, Finish):
            return recorder.finish(decision.status)
        node = document.node(decision.node_id)
        block = registry[node.block]
        started = recorder.start(node.id, node.block)
        ctx = ActionContext(
            run_id=str(run.id), node_id=node.id, idempotency_key=f"{run.id}:{node.id}:1", timeout_s=node.timeout_s
        )
        outcome = run_action(block=block, node=node, context=context, ctx=ctx)
        recorder.record(node.id, node.block, outcome, started_at=started)
        context["steps"][node.id] = outcome.output


def _trigger_request(event: Event | None) -> TriggerRequest:
    if event is None:
        return TriggerRequest(body=None)
    return TriggerRequest(
        body=json.loads(event.body), headers=event.headers, query=event.query, raw_body=event.body.encode()
    )


class _Recorder:
    """Writes Step rows as a run goes and keeps the decider's view of them."""

    def __init__(self, run: Run):
        self.run = run
        self.states: dict[str, StepState] = {}
        self.errors: list[dict[str, Any]] = []
        self._steps: dict[str, Step] = {}

    def start(self, node_id: str, block: str) -> Any:
        """Commit the step as running before the block acts, so a crash leaves a trace."""
        started = timezone.now()
        self._steps[node_id] = Step.objects.create(
            run=self.run,
            key=node_id,
            node_id=node_id,
            block=block,
            position=len(self.states),
            status=StepStatus.RUNNING,
            started_at=started,
        )
        return started

    def record(self, node_id: str, block: str, outcome: Outcome, *, started_at: Any) -> None:
        finished = timezone.now()
        fields = {
            "status": outcome.status,
            "input": redact(outcome.input),
            "output": outcome.output,
            "port": outcome.port or "",
            "error": outcome.error,
            "finished_at": finished,
            "duration_ms": round((finished - started_at).total_seconds() * 1000),
        }
        step = self._steps.get(node_id)
        if step is None:
            Step.objects.create(
                run=self.run,
                key=node_id,
                node_id=node_id,
                block=block,
                position=len(self.states),
                started_at=started_at,
                **fields,
            )
        else:
            Step.objects.filter(pk=step.pk).update(**fields)
        self.states[node_id] = StepState(status=outcome.status, port=outcome.port)
        if outcome.error and outcome.port is None:
            self.errors.append({"node": node_id, **outcome.error})

    def finish(self, status: str) -> Run:
        Run.objects.filter(pk=self.run.pk).update(
            status=status, finished_at=timezone.now(), error=self.errors[0] if self.errors else None
        )
        self.run.refresh_from_db()
        return self.run


def run_sweep(*, now=None) -> int:
    """Publish again the queued runs that no worker took in time (the broker lost or never got them)."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.RUN_REPUBLISH_AFTER_S)
    stale = list(Run.objects.filter(status=RunStatus.QUEUED, created_at__lt=cutoff).values_list("id", flat=True)[:500])
    for run_id in stale:
        run_publish_on_commit(run_id=run_id)
    return len(stale)
