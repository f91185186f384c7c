"""Event: one accepted delivery, kept as received (headers redacted) so a run can be replayed."""

from django.db import models


class Event(models.Model):
    class Source(models.TextChoices):
        WEBHOOK = "webhook"
        MANUAL = "manual"
        SCHEDULE = "schedule"
        POLL = "poll"
        ERROR_FLOW = "error_flow"
        RETRY = "retry"

    # No index of its own: event_unique_dedup_key starts with it.
    flow = models.ForeignKey("flows.Flow", on_delete=models.CASCADE, related_name="events", db_index=False)
    source = models.CharField(max_length=16, choices=Source.choices)
    body = models.TextField(help_text="The raw request body as received (UTF-8 JSON).")
    headers = models.JSONField(default=dict, help_text="Request headers, secrets redacted.")
    query = models.JSONField(default=dict)
    # NULL rather than "" so that manual runs, which have no key, never collide.
    dedup_key = models.CharField(  # noqa: DJ001
        max_length=200,
        null=True,
        blank=True,
        help_text="The vendor's delivery id, else a hash of the body; NULL for manual runs (never deduplicated).",
    )
    duplicates = models.PositiveIntegerField(default=0, help_text="Later deliveries of the same event.")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Retention deletes by age. Payload search has an index of its own on PostgreSQL
        # (migration 0005_event_search: the words and numbers of the body).
        indexes = [models.Index(fields=("received_at",), name="event_received")]
        constraints = [models.UniqueConstraint(fields=("flow", "dedup_key"), name="event_unique_dedup_key")]

    def __str__(self) -> str:
        return f"{self.source} event {self.pk}"


class ScheduleState(models.Model):
    """The last cron tick a scheduled flow fired for; missed ticks collapse into the latest one."""

    flow = models.OneToOneField("flows.Flow", on_delete=models.CASCADE, related_name="schedule_state")
    last_tick_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.flow_id} last fired for {self.last_tick_at}"


class PollState(models.Model):
    """A polling flow's cursor and how its last poll went; the cursor moves with the events it found."""

    flow = models.OneToOneField("flows.Flow", on_delete=models.CASCADE, related_name="poll_state")
    block = models.CharField(max_length=100, help_text="The polling trigger the cursor belongs to.")
    cursor = models.JSONField(null=True, help_text="The connector's cursor: where the next poll starts.")
    next_poll_at = models.DateTimeField(help_text="The first beat tick at or after this polls the flow.")
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.JSONField(null=True, blank=True, help_text="The error of the last poll; null after a success.")
    failures = models.PositiveIntegerField(default=0, help_text="Polls failed in a row.")
    armed_at = models.DateTimeField(help_text="When the cursor started: items changed before never fire.")

    class Meta:
        indexes = [models.Index(fields=("next_poll_at",), name="pollstate_next_poll_at")]

    def __str__(self) -> str:
        return f"{self.flow_id} polled from {self.cursor!r}"
