"""Run (one execution of a flow version), Step (one node of it), StepAttempt (one try of a step),
ConcurrencySlot (who may run now, per flow and concurrency key)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class RunStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    WAITING = "waiting"  # a retry or a delay is due at `wake_at`
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # a filter stopped the run on purpose
    CANCELLED = "cancelled"


class StepStatus(models.TextChoices):
    RUNNING = "running"
    WAITING = "waiting"  # the next attempt (or the end of a delay) is due at `next_attempt_at`
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNKNOWN = "unknown"  # a non-idempotent step whose outcome was lost in a crash: an operator decides


RUN_TERMINAL = frozenset({RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.SKIPPED, RunStatus.CANCELLED})
RUN_ACTIVE = frozenset({RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.WAITING})
# Sorted: an index condition must render the same SQL every time (makemigrations compares them).
_TERMINAL = sorted(RUN_TERMINAL)
_ACTIVE = sorted(RUN_ACTIVE)
STEP_FINAL = frozenset({StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.SKIPPED})


class Run(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Denormalised from flow_version so "runs of this flow, newest first" is one index scan.
    # No index of its own: run_flow_created starts with it.
    flow = models.ForeignKey("flows.Flow", on_delete=models.CASCADE, related_name="runs", db_index=False)
    flow_version = models.ForeignKey("flows.FlowVersion", on_delete=models.CASCADE, related_name="runs")
    event = models.ForeignKey("triggers.Event", null=True, on_delete=models.SET_NULL, related_name="runs")
    replay_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replays",
        help_text="The failed run this one replays or retries.",
        db_index=False,  # run_replay_of: only the few runs that are replays
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    is_test = models.BooleanField(default=False)
    keep = models.BooleanField(default=False, help_text="Never pruned by retention.")
    concurrency_key = models.CharField(max_length=200, blank=True, default="")
    trigger_override = models.JSONField(
        null=True, blank=True, help_text="An edited trigger output given to a replay, instead of the event's."
    )
    error = models.JSONField(null=True, blank=True)
    wake_at = models.DateTimeField(null=True, blank=True, help_text="Not to be advanced before this time.")
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=100, blank=True, default="")
    cancel_requested = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        # A run's row is written three times (queued, running, finished) and each write adds an
        # entry to every index whose condition it meets: the indexes by status hold either the
        # finished runs (the runs list's status filter) or the active ones (the sweeper, the
        # concurrency queue), so a run costs one entry in them rather than three each.
        # Ascending, though the list reads newest first (a backward scan): new runs land on the
        # rightmost leaf, which splits 90/10, where a descending index splits its leftmost leaf
        # 50/50 and stays half empty.
        indexes = [
            models.Index(fields=("flow", "created_at"), name="run_flow_created"),
            models.Index(
                fields=("status", "created_at"), name="run_finished_status", condition=Q(status__in=_TERMINAL)
            ),
            models.Index(fields=("created_at", "id"), name="run_created"),
            models.Index(fields=("status", "created_at"), name="run_active", condition=Q(status__in=_ACTIVE)),
            # What a drainer takes next (runs/advance._NEXT_QUEUED): queued and not parked. Only
            # those runs are in it, so no statistics can make a claim walk the finished ones.
            models.Index(
                fields=("created_at",), name="run_ready", condition=Q(status=RunStatus.QUEUED, wake_at__isnull=True)
            ),
            models.Index(
                fields=("flow", "concurrency_key", "status"),
                name="run_active_flow_key",
                condition=Q(status__in=_ACTIVE),
            ),
            models.Index(fields=("replay_of",), name="run_replay_of", condition=Q(replay_of__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"run {self.id} ({self.status})"

    @property
    def duration_ms(self) -> int | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds() * 1000)


class Step(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="steps", db_index=False)  # step_unique_key
    key = models.CharField(max_length=200, help_text="Node id, plus an iteration path inside loops.")
    node_id = models.CharField(max_length=63)
    block = models.CharField(max_length=100)
    position = models.PositiveIntegerField(help_text="Execution order within the run.")
    status = models.CharField(max_length=16, choices=StepStatus.choices)
    input = models.JSONField(null=True, blank=True, help_text="The config as rendered, secrets redacted.")
    input_from_flow = models.BooleanField(
        default=False,
        help_text="The input is the node's config in the run's flow version, unchanged: stored once, there.",
    )
    output = models.JSONField(null=True, blank=True)
    output_from_event = models.BooleanField(
        default=False,
        help_text="A trigger step whose output is its block's reading of the run's event: stored once, there.",
    )
    port = models.CharField(max_length=32, blank=True, default="", help_text="Empty when the path stopped here.")
    error = models.JSONField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=200, blank=True, default="")
    attempt = models.PositiveIntegerField(default=1, help_text="Tries made so far.")
    copied = models.BooleanField(default=False, help_text="Carried over from the replayed run, not executed.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("run", "position")
        constraints = [models.UniqueConstraint(fields=("run", "key"), name="step_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"


class StepAttempt(models.Model):
    """One try of a step: "why did it fail" is a query, not a log search."""

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="attempts", db_index=False
    )  # stepattempt_unique_number starts with it
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=16)
    error = models.JSONField(null=True, blank=True)
    log = models.JSONField(default=list, blank=True, help_text="Redacted HTTP exchanges of this try.")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()

    class Meta:
        ordering = ("step", "number")
        constraints = [models.UniqueConstraint(fields=("step", "number"), name="stepattempt_unique_number")]

    def __str__(self) -> str:
        return f"attempt {self.number} of step {self.step_id}: {self.outcome}"


class ConcurrencySlot(models.Model):
    """Held by a run while it is in flight; the UNIQUE constraint is the lock."""

    flow = models.ForeignKey("flows.Flow", on_delete=models.CASCADE)
    key = models.CharField(max_length=220)
    run = models.OneToOneField(Run, on_delete=models.CASCADE, related_name="slot")

    class Meta:
        constraints = [models.UniqueConstraint(fields=("flow", "key"), name="slot_unique_key")]

    def __str__(self) -> str:
        return f"{self.flow_id}/{self.key}: {self.run_id}"
