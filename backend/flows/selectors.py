"""Read-side helpers for flows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from backend.flows.models import Flow
from backend.flows.services import flow_trigger_block, listens_to_webhooks


def flow_webhook_url(*, flow: Flow, request: HttpRequest | None) -> str | None:
    """The URL a vendor posts to, when the current version starts with a webhook trigger."""
    if flow.current_version is None:
        return None
    block = flow_trigger_block(document=flow.current_version.document)
    if not listens_to_webhooks(block):
        return None
    path = reverse("webhook", kwargs={"token": flow.webhook_token})
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL + path
    return request.build_absolute_uri(path) if request is not None else path


def flow_names(*, ids: Iterable[Any]) -> dict[Any, str]:
    """Flow id -> name, for the dashboard's rows that name many flows (one query)."""
    return dict(Flow.objects.filter(id__in=list(ids)).values_list("id", "name"))
