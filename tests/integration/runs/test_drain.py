"""Drainers: queued runs taken from the database oldest first, one broker message per batch."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from backend.runs import advance, doorbell, tasks
from backend.runs.advance import run_advance, run_drain
from backend.runs.models import Run, Step, StepAttempt
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
    """The runs in the order their calls went out (runs claimed together share a start time)."""
    calls = StepAttempt.objects.filter(step__run__in=[r.id for r in runs]).order_by("started_at")
    return list(calls.values_list("step__run_id", flat=True))


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
    settings.RUN_DRAIN_BATCH = 1  # a slice ends after a batch: one run each
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    runs = [start(flow, {"n": n}) for n in range(3)]
    assert run_drain(token=bell.ring()) == 1  # one run, then it rang for the next drainer
    assert len(woken.tokens) == 1
    assert [woken(), woken(), woken()] == [1, 1, 0]  # each hands over; the last finds none
    assert woken.tokens == []
    assert runs_in_order(runs) == [r.id for r in runs]
    assert {r.status for r in Run.objects.filter(id__in=[r.id for r in runs])} == {"succeeded"}
    assert bell.ring() is not None


def test_a_drainer_stopped_by_an_error_leaves_without_waking_another(upstream, bell, woken, monkeypatch, settings):
    settings.RUN_DRAIN_BATCH = 1
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    runs = [start(flow, {"n": n}) for n in range(2)]
    go = advance._advance_together
    failed = []

    def crash_once(runs, *args):
        if not failed:
            failed.append(runs)
            raise RuntimeError("the database went away")
        return go(runs, *args)

    monkeypatch.setattr(advance, "_advance_together", crash_once)
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
    search = advance._NEXT_QUEUED.format(runs=runs, skip_locked="")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {runs}")
        cursor.execute(("EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ") + search, [4])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "run_ready" in plan, plan


@pytest.fixture
def batches(monkeypatch):
    """Runs count as quick however slow this machine is: after its first run alone, a drainer
    claims RUN_DRAIN_BATCH at a time (test_slow_runs_... tests the threshold itself)."""
    monkeypatch.setattr(advance, "QUICK_RUN_S", 60.0)


@pytest.mark.django_db(transaction=True)  # read from the upstream's thread: committed rows only
def test_runs_claimed_together_commit_their_first_steps_in_one_write_before_any_call(upstream, bell, settings, batches):
    """A drainer claims one run, then, while runs are quick, up to RUN_DRAIN_BATCH at once, and
    writes their steps up to the first call as one INSERT: while the batch's first call is in
    flight, every run of the batch shows its calling step as running, committed; the calls go
    out oldest first, one per run."""
    settings.RUN_DRAIN_BATCH = 3
    seen = []

    def look(received):
        try:
            seen.append(sorted(Step.objects.filter(node_id="a").values_list("run_id", "status")))
        finally:
            connections.close_all()  # the server thread's own connection

    upstream.on_request = look
    flow = flow_of(
        {"id": "map", "block": "core.transform", "config": {"expression": "{'n': trigger.n}"}},
        post("a", upstream.url, config={"url": upstream.url, "body": "{{ steps.map }}"}),
        edges=chain("map", "a"),
    )
    runs = [start(flow, {"n": n}) for n in range(5)]
    assert run_drain(token=bell.ring()) == 5
    assert {r.status for r in Run.objects.all()} == {"succeeded"}
    assert [r.body for r in upstream.received] == [{"n": n} for n in range(5)]
    assert seen[0] == [(runs[0].id, "running")]  # the first claim: one run
    assert seen[1] == sorted([(runs[0].id, "succeeded"), *((r.id, "running") for r in runs[1:4])])
    assert seen[4] == sorted([*((r.id, "succeeded") for r in runs[:4]), (runs[4].id, "running")])


@pytest.mark.django_db(transaction=True)
def test_slow_runs_are_claimed_one_at_a_time(upstream, bell, settings):
    """Calls made one after the other would hold back the runs claimed with a slow one, which
    another drainer could take: while runs are slow, a drainer claims them singly."""
    settings.RUN_DRAIN_BATCH = 3
    seen = []

    def look(received):
        try:
            seen.append(Step.objects.filter(node_id="a", status="running").count())
        finally:
            connections.close_all()

    upstream.on_request = look
    upstream.delay_s = advance.QUICK_RUN_S * 1.5
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    for n in range(3):
        start(flow, {"n": n})
    assert run_drain(token=bell.ring()) == 3
    assert seen == [1, 1, 1]


def test_a_run_that_errors_does_not_hold_back_the_runs_claimed_with_it(upstream, bell, settings, batches, monkeypatch):
    settings.RUN_DRAIN_BATCH = 3
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    alone, broken, *others = [start(flow, {"n": n}) for n in range(4)]  # claimed: 1, then 3
    real = advance.run_action

    def run_action(*, ctx, **kwargs):
        if ctx.run_id == str(broken.id):
            raise RuntimeError("the database went away")
        return real(ctx=ctx, **kwargs)

    monkeypatch.setattr(advance, "run_action", run_action)
    with pytest.raises(RuntimeError, match="went away"):
        run_drain(token=bell.ring())
    statuses = {r.id: r.status for r in Run.objects.all()}
    assert [statuses[r.id] for r in (alone, *others)] == ["succeeded", "succeeded", "succeeded"]
    assert statuses[broken.id] == "running"  # its lease runs out, then the sweeper hands it on
    assert len(upstream.received) == 3


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_turn_comes_late_renews_its_lease_before_its_call(upstream, bell, settings, batches):
    """Runs claimed together call one after the other: a run whose lease would not outlast its
    step by the time its turn comes renews it (and so proves it is still its own) first."""
    settings.RUN_DRAIN_BATCH = 2
    settings.RUN_LEASE_S = 1  # a claim leases a run for 2 s; a call needs its timeout + 0.5 s left
    flow = flow_of(post("a", upstream.url, timeout_s=1), edges=chain("a"))
    *_, last = start(flow), start(flow), start(flow)  # claimed: 1, then 2 together
    leases = []

    def look(received):
        try:
            leases.append(Run.objects.get(id=last.id).lease_until)
            if len(leases) == 2:
                time.sleep(0.8)  # this call ends with less than 1.5 s left on the last run's lease
        finally:
            connections.close_all()

    upstream.on_request = look
    assert run_drain(token=bell.ring()) == 3
    assert {r.status for r in Run.objects.all()} == {"succeeded"}
    assert leases[2] - leases[1] >= timedelta(seconds=0.8)  # renewed from the time of its turn


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_a_drainers_claim_and_a_runs_finish_are_prepared_and_other_queries_are_not(upstream, bell):
    """Django leaves psycopg's prepared statements off unless asked; the engine's fixed statements
    are prepared (planned once per connection), the ORM's queries never (backend/core/prepared.py)."""
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    for _ in range(3):
        runs = [start(flow, {"n": n}) for n in range(4)]
        assert run_drain(token=bell.ring()) == 4
    for _ in range(6):  # a dashboard's query, run more often than psycopg's usual threshold (5)
        assert len(Run.objects.filter(status="succeeded").order_by("-created_at")[:5]) == 5
    assert set(Run.objects.filter(id__in=[r.id for r in runs]).values_list("status", flat=True)) == {"succeeded"}
    with connection.cursor() as cursor:
        # This session's statements prepared through the protocol (psycopg), not with PREPARE.
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any(s.startswith("WITH claimed AS (UPDATE") for s in prepared), prepared  # the claim
    assert any(s.startswith('WITH guard AS (UPDATE "runs_run"') for s in prepared), prepared  # a run's finish
    assert any(s.startswith('INSERT INTO "runs_step"') for s in prepared), prepared  # the steps before a call
    assert not [s for s in prepared if s.startswith("SELECT")], prepared
