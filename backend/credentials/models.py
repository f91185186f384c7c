"""Credential: a named set of connector secrets, stored encrypted."""

from __future__ import annotations

import uuid

from django.db import models


class Credential(models.Model):
    """`data` is never stored in clear: `data_encrypted` is a Fernet token (backend.credentials.crypto)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    connector = models.CharField(max_length=64)
    data_encrypted = models.TextField()
    tokens_encrypted = models.TextField(
        blank=True, default="", help_text="OAuth2 tokens the backend obtained (Fernet token), empty before."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return f"{self.name} ({self.connector})"
