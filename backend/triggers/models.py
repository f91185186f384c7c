"""Event: one accepted delivery, kept as received (headers redacted) so a run can be replayed."""

from django.db import models


class Event(models.Model):
    class Source(models.TextChoices):
        WEBHOOK = "webhook"
        MANUAL = "manual"

    flow = models.ForeignKey("flows.Flow", on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=16, choices=Source.choices)
    body = models.TextField(help_text="The raw request body as received (UTF-8 JSON).")
    headers = models.JSONField(default=dict, help_text="Request headers, secrets redacted.")
    query = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=("flow", "-received_at"), name="event_flow_received")]

    def __str__(self) -> str:
        return f"{self.source} event {self.pk}"
