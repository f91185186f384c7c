"""Scheduled flows: each beat tick fires at most one run per flow, for the latest due cron tick."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from croniter import croniter
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.flows.models import Flow
from backend.runs.services import run_enqueue
from backend.triggers.models import Event, ScheduleState

logger = logging.getLogger(__name__)
SCHEDULE_BLOCK = "core.schedule"


def schedule_latest_tick(*, cron: str, tz: str, now: datetime) -> datetime:
    """The most recent cron tick at or before `now`, in `tz` (as an aware datetime)."""
    local = now.astimezone(ZoneInfo(tz))
    return croniter(cron, local).get_prev(datetime)


def schedule_tick(*, now: datetime | None = None) -> int:
    """Start the runs that are due. Returns how many started.

    A flow seen for the first time (just activated) starts counting from now. After downtime,
    only the latest missed tick runs: a daily report is wanted once, not once per missed day.
    """
    now = now or timezone.now()
    started = 0
    flows = Flow.objects.filter(active=True).select_related("current_version")
    for flow in flows:
        trigger = next((n for n in flow.current_version.document["nodes"] if n["block"] == SCHEDULE_BLOCK), None)
        if trigger is None:
            continue
        config = trigger.get("config") or {}
        try:
            due = schedule_latest_tick(cron=config["cron"], tz=config.get("timezone") or "UTC", now=now)
        except (KeyError, ValueError) as exc:
            logger.warning("flow %s: bad schedule %r: %s", flow.id, config, exc)
            continue
        state, created = ScheduleState.objects.get_or_create(flow=flow, defaults={"last_tick_at": now})
        if created or due <= state.last_tick_at:
            continue
        started += _fire(flow=flow, due=due)
    return started


def _fire(*, flow: Flow, due: datetime) -> int:
    body = json.dumps({"scheduled_at": due.isoformat()})
    try:
        with transaction.atomic():
            ScheduleState.objects.filter(flow=flow).update(last_tick_at=due)
            # The dedup key makes a second scheduler (or a re-run tick) harmless.
            event = Event.objects.create(
                flow=flow, source=Event.Source.SCHEDULE, body=body, dedup_key=f"schedule:{due.isoformat()}"
            )
            run_enqueue(flow_version=flow.current_version, event=event)
    except IntegrityError:
        return 0
    return 1


def schedule_disarm(*, flow: Flow) -> None:
    """Forget the flow's last tick, so re-activating it does not fire for ticks missed while it was off."""
    ScheduleState.objects.filter(flow=flow).delete()
