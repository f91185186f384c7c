"""core.schedule: one run per due cron tick; ticks missed during downtime run once."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from backend.flows import services as flows
from backend.runs.models import Run
from backend.triggers.schedules import schedule_latest_tick, schedule_tick

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 26, 7, 59, 30, tzinfo=UTC)


@pytest.fixture
def daily_8am():
    document = {
        "schema": 1,
        "name": "Daily report",
        "nodes": [
            {"id": "tick", "block": "core.schedule", "config": {"cron": "0 8 * * *", "timezone": "UTC"}},
            {"id": "shape", "block": "core.transform", "config": {"expression": "trigger.scheduled_at"}},
        ],
        "edges": [{"from": "tick", "to": "shape"}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def test_first_tick_after_activation_only_starts_counting(daily_8am):
    assert schedule_tick(now=T0) == 0
    assert Run.objects.count() == 0


def test_a_due_tick_starts_one_run_and_not_twice(daily_8am):
    schedule_tick(now=T0)
    assert schedule_tick(now=T0 + timedelta(minutes=1)) == 1
    assert schedule_tick(now=T0 + timedelta(minutes=2)) == 0
    run = Run.objects.get()
    assert json.loads(run.event.body) == {"scheduled_at": "2026-11-26T08:00:00+00:00"}


def test_ticks_missed_during_downtime_run_once(daily_8am):
    schedule_tick(now=T0)
    three_days_later = T0 + timedelta(days=3, minutes=1)
    assert schedule_tick(now=three_days_later) == 1
    assert json.loads(Run.objects.get().event.body) == {"scheduled_at": "2026-11-29T08:00:00+00:00"}


def test_inactive_flows_do_not_fire(daily_8am):
    schedule_tick(now=T0)
    flows.flow_deactivate(flow=daily_8am)
    assert schedule_tick(now=T0 + timedelta(minutes=1)) == 0


def test_time_zones_are_honoured():
    tick = schedule_latest_tick(cron="0 8 * * *", tz="America/New_York", now=datetime(2026, 11, 26, 14, 0, tzinfo=UTC))
    assert tick.astimezone(UTC) == datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
