"""Accepting events: store the event and queue its run together (one statement on PostgreSQL), once per event."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from django.db.models import F
from django.utils import timezone

from backend.core import rows
from backend.core.redaction import redact, redact_query
from backend.flows.models import Flow
from backend.runs.models import Run, RunStatus
from backend.runs.services import run_concurrency_key, run_concurrency_template, run_ring_on_commit
from backend.triggers.models import Event


@dataclass(frozen=True)
class Accepted:
    """What the ingress answers with: the run's id and status, and whether an earlier delivery of
    the same event started it."""

    run_id: uuid.UUID
    status: str
    duplicate: bool = False

    @property
    def run(self) -> Run:
        """The run's row, read (the ingress answers without it)."""
        return Run.objects.get(pk=self.run_id)


BODY_KEY = "sha256:"  # a webhook's dedup key when its sender gives none: the body's hash
_AFTER = ":after:"


def event_dedup_key(*, raw_body: bytes, headers: dict[str, str]) -> str:
    """The sender's idempotency key when it gives one, else a hash of the exact body (which
    `event_accept` takes for a retry only within a window: `_same_body_again`)."""
    for name in ("Idempotency-Key", "X-Idempotency-Key", "X-Request-Id"):
        for key, value in headers.items():
            if key.lower() == name.lower() and value:
                return f"{name.lower()}:{value[:150]}"
    return BODY_KEY + hashlib.sha256(raw_body).hexdigest()


def _same_body_again(flow: Flow, dedup_key: str) -> tuple[Event | None, str | None]:
    """A webhook without a key whose body an earlier event had: a retry of that delivery, or a new event?

    A retry when the flow's latest webhook event has this body and came less than
    WEBHOOK_SAME_BODY_WINDOW_S ago: (that event, None). Otherwise it is a new event that happens
    to carry a body seen before (stock 7, then 3, then 7 again): (None, a key of its own). That
    key names the latest event, so concurrent retries of this delivery compute the same key and
    the UNIQUE constraint still lets one through.
    """
    base = dedup_key.split(_AFTER, 1)[0]
    webhooks = Event.objects.filter(flow=flow, source=Event.Source.WEBHOOK)
    latest = webhooks.order_by("-id").only("dedup_key", "received_at").first()
    if latest is None:
        return None, None
    window = timezone.now() - timedelta(seconds=settings.WEBHOOK_SAME_BODY_WINDOW_S)
    if (latest.dedup_key or "").split(_AFTER, 1)[0] == base and latest.received_at > window:
        return latest, None
    again = f"{base}{_AFTER}{latest.pk}"
    return None, (again if again != dedup_key else None)


def event_accept(
    *,
    flow: Flow,
    body: str,
    headers: dict[str, str],
    query: dict[str, Any],
    source: str = Event.Source.WEBHOOK,
    dedup_key: str | None = None,
    is_test: bool = False,
    publish: bool = True,
    guards: rows.Guards | None = None,
) -> Accepted | None:
    """Store an event and a queued run of the flow's current version; publish after commit.

    Nothing runs here: the run is published to the broker only once both rows are committed,
    so an accepted event is never only in memory. A second delivery with the same `dedup_key`
    starts no run: the UNIQUE(flow, dedup_key) constraint decides, even for concurrent
    deliveries, and the answer names the first delivery's run. With `guards`, only while each one's
    row matches (`rows.insert_with_parent`); None when one did not, and nothing was written.
    """
    # The trigger verified the request as it came; what is kept (and shown) hides secret-named
    # headers and query parameters (`?api_key=…`).
    event = {
        "flow_id": flow.id,
        "source": source,
        "body": body,
        "headers": redact(headers),
        "query": redact_query(query),
        "dedup_key": dedup_key,
    }
    version = flow.current_version
    # A key is rendered from the trigger's output, which needs the event as a model (rare).
    key = run_concurrency_key(version.document, Event(**event)) if run_concurrency_template(version.document) else ""
    run = {
        "id": uuid.uuid4(),
        "flow_id": flow.id,
        "flow_version_id": version.id,
        "is_test": is_test,
        "concurrency_key": key,
    }
    try:
        # Both rows or neither, in one statement on PostgreSQL (core/rows.py); the other columns
        # take their defaults (a queued run).
        written = rows.insert_with_parent(Run, run, parent=Event, parent_values=event, link="event", guards=guards)
        if written is None:
            return None
    except IntegrityError:
        # A duplicate delivery if an event holds its key; any other refusal is the caller's error.
        original = None if dedup_key is None else Event.objects.filter(flow=flow, dedup_key=dedup_key).first()
        if original is None:
            raise
        if source == Event.Source.WEBHOOK and dedup_key.startswith(BODY_KEY):
            retried, again = _same_body_again(flow, dedup_key)
            if again is not None:
                return event_accept(
                    flow=flow,
                    body=body,
                    headers=headers,
                    query=query,
                    source=source,
                    dedup_key=again,
                    is_test=is_test,
                    publish=publish,
                    guards=guards,
                )
            original = retried or original
    else:
        if publish:
            run_ring_on_commit()
        return Accepted(run["id"], RunStatus.QUEUED)
    Event.objects.filter(pk=original.pk).update(duplicates=F("duplicates") + 1)
    first = original.runs.order_by("created_at").only("id", "status").first()
    return Accepted(first.id, first.status, duplicate=True)


def event_accept_payload(
    *,
    flow: Flow,
    payload: Any,
    headers: dict[str, str] | None = None,
    query: dict[str, Any] | None = None,
    publish: bool = True,
) -> Run:
    """A manual (test) run: the payload stands for the request body. Never deduplicated."""
    return event_accept(
        flow=flow,
        body=json.dumps(payload, ensure_ascii=False),  # as a webhook stores it: searchable as written
        headers=headers or {},
        query=query or {},
        source=Event.Source.MANUAL,
        is_test=True,
        publish=publish,
    ).run
