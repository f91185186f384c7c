"""Drainers: queued runs taken from the database oldest first, one broker message per batch."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from backend.runs import advance, doorbell, tasks
from backend.runs.advance import run_advance, run_drain
from backend.runs.models import Run
from tests.support.flows import chain, flow_of, post, start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def bell(settings, tmp_path):
    """A bell of its own (file or Redis key) counting one drainer, so a ring shows who is counted."""
    settings.RUN_DRAINERS = 1
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-{uuid.uuid4().hex[:8]}"
    settings.BROKER_DIR = tmp_path
    doorbell.doorbell.cache_clear()
    yield doorbell.doorbell()
    doorbell.doorbell.cache_clear()


@pytest.fixture
def woken(monkeypatch):
    """The drainers a ring publishes, as tokens; `next_drainer()` runs the oldest, as a worker would."""
    tokens = []
    monkeypatch.setattr(tasks.drain_runs, "apply_async", lambda args, **options: tokens.append(args[0]))

    def next_drainer():
        return run_drain(token=tokens.pop(0))

    next_drainer.tokens = tokens
    return next_drainer


def runs_in_order(runs):
    return [r.id for r in sorted(Run.objects.filter(id__in=[r.id for r in runs]), key=lambda r: r.started_at)]


def test_a_drainer_takes_the_queued_runs_oldest_first_then_leaves(upstream, bell):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    runs = [start(flow, {"n": n}) for n in range(3)]
    token = bell.ring()
    assert run_drain(token=token) == 3
    assert {r.status for r in Run.objects.filter(id__in=[r.id for r in runs])} == {"succeeded"}
    assert runs_in_order(runs) == [r.id for r in runs]
    assert len(upstream.received) == 3
    assert bell.ring() is not None  # it is no longer counted


def test_a_drainer_passes_runs_that_are_parked_cancelled_or_held_by_another_worker(upstream, bell):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    parked, cancelled, held, fresh = (start(flow, {"n": n}) for n in range(4))
    later = timezone.now() + timedelta(minutes=1)
    Run.objects.filter(id=parked.id).update(wake_at=later)
    Run.objects.filter(id=cancelled.id).update(cancel_requested=True)
    Run.objects.filter(id=held.id).update(lease_until=later, lease_owner="another worker")
    assert run_drain(token=bell.ring()) == 1
    statuses = {r.id: r.status for r in Run.objects.all()}
    assert statuses[fresh.id] == "succeeded"
    assert [statuses[r.id] for r in (parked, cancelled, held)] == ["queued", "queued", "queued"]


def test_a_run_parked_for_its_concurrency_key_is_not_claimed_again_and_again(upstream, bell):
    flow = flow_of(
        post("a", upstream.url, retry={"max_attempts": 2, "initial_delay_s": 60}),
        edges=chain("a"),
        settings={"concurrency_key": "{{ trigger.sku }}"},
    )
    upstream.script = [(500, {}, {})]
    older, newer = start(flow, {"sku": "S1"}), start(flow, {"sku": "S1"})
    # The older run waits for its retry holding the key's slot; the newer one parks behind it.
    assert run_drain(token=bell.ring()) == 2
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.status, newer.status) == ("waiting", "queued")
    assert newer.wake_at is not None
    Run.objects.filter(id=older.id).update(wake_at=timezone.now())
    assert run_advance(run_id=older.id).status == "succeeded"  # frees the slot: wakes the newer
    newer.refresh_from_db()
    assert newer.wake_at is None
    assert run_drain(token=bell.ring()) == 1
    newer.refresh_from_db()
    assert newer.status == "succeeded"


def test_a_run_queued_while_the_drainer_was_counted_is_taken_before_it_stops(upstream, bell, monkeypatch):
    """Its publisher rang, saw this drainer counted and published nothing: the drainer must find it."""
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    first = start(flow, {"n": 1})
    queued_late = []
    leave = bell.leave

    def leave_after_a_publisher_rang(token):
        if not queued_late:  # the first time it leaves: a run committed just before
            queued_late.append(start(flow, {"n": 2}))
            assert bell.ring() is None  # counted still: the publisher does not publish
        leave(token)

    monkeypatch.setattr(bell, "leave", leave_after_a_publisher_rang)
    assert run_drain(token=bell.ring()) == 2
    assert {r.status for r in Run.objects.filter(id__in=[first.id, queued_late[0].id])} == {"succeeded"}
    assert bell.ring() is not None  # and it left in the end


def test_a_drainer_at_the_end_of_its_slice_hands_the_rest_to_another(upstream, bell, settings, woken):
    settings.RUN_DRAIN_SLICE_S = 0
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    runs = [start(flow, {"n": n}) for n in range(3)]
    assert run_drain(token=bell.ring()) == 1  # one run, then it rang for the next drainer
    assert len(woken.tokens) == 1
    assert [woken(), woken(), woken()] == [1, 1, 0]  # each hands over; the last finds none
    assert woken.tokens == []
    assert runs_in_order(runs) == [r.id for r in runs]
    assert {r.status for r in Run.objects.filter(id__in=[r.id for r in runs])} == {"succeeded"}
    assert bell.ring() is not None


def test_a_drainer_stopped_by_an_error_leaves_without_waking_another(upstream, bell, woken, monkeypatch):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    runs = [start(flow, {"n": n}) for n in range(2)]
    go = advance._advance
    failed = []

    def crash_once(run, *args):
        if not failed:
            failed.append(run.id)
            raise RuntimeError("the database went away")
        return go(run, *args)

    monkeypatch.setattr(advance, "_advance", crash_once)
    with pytest.raises(RuntimeError):
        run_drain(token=bell.ring())
    assert woken.tokens == []  # another would meet the same error at once
    # It is no longer counted: the next ring wakes a drainer, which takes the queued run. The
    # interrupted one is the sweeper's once its lease expires.
    assert run_drain(token=bell.ring()) == 1
    statuses = {r.id: r.status for r in Run.objects.filter(id__in=[r.id for r in runs])}
    assert statuses == {runs[0].id: "running", runs[1].id: "succeeded"}


def test_a_drainer_finds_the_next_queued_run_without_reading_the_finished_ones(upstream):
    """The claim's search uses an index of queued runs only: with a long history, reading runs
    oldest first through all the finished ones (what both databases chose before) would make every
    claim slower as the history grows."""
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    done = start(flow)
    Run.objects.bulk_create(
        Run(flow_id=done.flow_id, flow_version_id=done.flow_version_id, status="succeeded") for _ in range(2000)
    )
    for _ in range(3):
        start(flow)
    runs = connection.ops.quote_name(Run._meta.db_table)
    search = advance._NEXT_QUEUED.format(runs=runs, skip_locked="").removeprefix("id = (").removesuffix(")")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {runs}")
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + search)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "run_ready" in plan, plan
