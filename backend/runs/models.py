"""Run (one execution of a flow version) and Step (one node of it)."""

from __future__ import annotations

import uuid

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"  # a filter stopped the run on purpose


class StepStatus(models.TextChoices):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"


class Run(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Denormalised from flow_version so "runs of this flow, newest first" is one index scan.
    flow = models.ForeignKey("flows.Flow", on_delete=models.CASCADE, related_name="runs")
    flow_version = models.ForeignKey("flows.FlowVersion", on_delete=models.CASCADE, related_name="runs")
    event = models.ForeignKey("triggers.Event", null=True, on_delete=models.SET_NULL, related_name="runs")
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    is_test = models.BooleanField(default=False)
    error = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("flow", "-created_at"), name="run_flow_created"),
            models.Index(fields=("status", "-created_at"), name="run_status_created"),
            models.Index(fields=("-created_at", "-id"), name="run_created"),
        ]

    def __str__(self) -> str:
        return f"run {self.id} ({self.status})"

    @property
    def duration_ms(self) -> int | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return round((self.finished_at - self.started_at).total_seconds() * 1000)


class Step(models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="steps")
    key = models.CharField(max_length=200, help_text="Node id, plus an iteration path inside loops.")
    node_id = models.CharField(max_length=63)
    block = models.CharField(max_length=100)
    position = models.PositiveIntegerField(help_text="Execution order within the run.")
    status = models.CharField(max_length=16, choices=StepStatus.choices)
    input = models.JSONField(null=True, blank=True, help_text="The config as rendered, secrets redacted.")
    output = models.JSONField(null=True, blank=True)
    port = models.CharField(max_length=32, blank=True, default="", help_text="Empty when the path stopped here.")
    error = models.JSONField(null=True, blank=True)
    attempt = models.PositiveIntegerField(default=1)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("run", "position")
        constraints = [models.UniqueConstraint(fields=("run", "key"), name="step_unique_key")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status})"
