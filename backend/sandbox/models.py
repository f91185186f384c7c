"""InboxRequest: one HTTP request a flow sent to the sandbox inbox (a request bin for trying templates)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class InboxRequest(models.Model):
    """What arrived at /sandbox/inbox/<name>[/<path>], secrets already redacted."""

    name = models.CharField(max_length=64, help_text="The inbox: the first segment after /sandbox/inbox/.")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000, blank=True, help_text="The rest of the path after the name.")
    query = models.JSONField(default=dict, help_text="Query parameters; a repeated one holds a list.")
    headers = models.JSONField(default=dict, help_text="Request headers, secret-looking ones redacted.")
    body = models.JSONField(null=True, help_text="Parsed JSON when the body is JSON, else its text; None if empty.")
    body_bytes = models.PositiveIntegerField(default=0, help_text="The body's size as received.")
    body_truncated = models.BooleanField(default=False, help_text="Only the first SANDBOX_INBOX_MAX_BODY_BYTES kept.")
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["name", "-received_at", "-id"], name="sandbox_inbox_name_newest")]

    def __str__(self) -> str:
        return f"{self.method} {self.name}{self.path}"


class InboxReply(models.Model):
    """What inbox `name` answers instead of the default ack: a stand-in's reply (a carrier's tracking number)."""

    name = models.CharField(max_length=64, unique=True)
    status = models.PositiveSmallIntegerField(default=200)
    body = models.JSONField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"
