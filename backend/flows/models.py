"""Flow (a mutable header) and FlowVersion (an immutable saved document)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models


def new_webhook_token() -> str:
    """192 random bits, URL-safe: the flow's webhook URL is its only secret."""
    return secrets.token_urlsafe(24)


class Flow(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=False)
    webhook_token = models.CharField(max_length=64, unique=True, default=new_webhook_token)
    current_version = models.ForeignKey(
        "flows.FlowVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    webhook_subscription = models.JSONField(
        null=True, blank=True, help_text="What the vendor answered when its webhook was registered on activation."
    )
    alert_email = models.EmailField(blank=True, default="", help_text="Told once per failed run.")
    alert_webhook_url = models.URLField(blank=True, default="", help_text="POSTed once per failed run.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at",)

    def __str__(self) -> str:
        return self.name


class FlowVersion(models.Model):
    """One saved document. Never updated: a save makes a new number, a run records which it ran."""

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    checksum = models.CharField(max_length=64)
    errors = models.JSONField(
        default=list, blank=True, help_text="Validation errors [{pointer, message}] of a draft; empty when valid."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-number",)
        constraints = [models.UniqueConstraint(fields=("flow", "number"), name="flowversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.flow_id} v{self.number}"
