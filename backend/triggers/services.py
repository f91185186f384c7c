"""Accepting events: store the event and queue its run in one transaction."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from backend.core.redaction import redact
from backend.flows.models import Flow
from backend.runs.models import Run
from backend.runs.services import run_enqueue
from backend.triggers.models import Event


@transaction.atomic
def event_accept(
    *,
    flow: Flow,
    body: str,
    headers: dict[str, str],
    query: dict[str, Any],
    source: str = Event.Source.WEBHOOK,
    is_test: bool = False,
    publish: bool = True,
) -> Run:
    """Store an event and a queued run of the flow's current version; publish after commit.

    Nothing runs here: the run is published to the broker only once both rows are
    committed, so an accepted event is never only in memory.
    """
    event = Event.objects.create(flow=flow, source=source, body=body, headers=redact(headers), query=query)
    return run_enqueue(flow_version=flow.current_version, event=event, is_test=is_test, publish=publish)


def event_accept_payload(
    *,
    flow: Flow,
    payload: Any,
    headers: dict[str, str] | None = None,
    query: dict[str, Any] | None = None,
    publish: bool = True,
) -> Run:
    """A manual (test) run: the payload stands for the request body."""
    return event_accept(
        flow=flow,
        body=json.dumps(payload),
        headers=headers or {},
        query=query or {},
        source=Event.Source.MANUAL,
        is_test=True,
        publish=publish,
    )
