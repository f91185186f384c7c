"""Read side of the sandbox inbox."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, QuerySet

from backend.sandbox.models import InboxRequest


def inbox_list() -> list[dict[str, Any]]:
    """Every inbox that holds requests: name, count, last_received_at; most recently used first."""
    rows = InboxRequest.objects.values("name").annotate(count=Count("id"), last_received_at=Max("received_at"))
    return sorted(rows, key=lambda row: (row["last_received_at"], row["name"]), reverse=True)


def inbox_requests(*, name: str) -> QuerySet[InboxRequest]:
    return InboxRequest.objects.filter(name=name)
