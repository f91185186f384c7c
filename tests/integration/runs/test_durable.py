"""Durable execution through the services a worker calls: retries, error paths, replay, cancel,
crash resume, concurrency, delay, dedup. (tests/faults/ does the same with real processes.)"""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, connections
from django.utils import timezone

from backend.flows import services as flows
from backend.runs import services
from backend.runs.advance import run_advance
from backend.runs.models import Run, Step, StepStatus
from backend.triggers.models import Event
from backend.triggers.services import event_accept
from tests.support.flows import chain, flow_of, post, start

pytestmark = pytest.mark.django_db


def due_now(run):
    """Fast-forward a waiting run to its wake time."""
    past = timezone.now() - timedelta(seconds=1)
    Run.objects.filter(id=run.id).update(wake_at=past)
    Step.objects.filter(run=run, status=StepStatus.WAITING).update(next_attempt_at=past)


FAST_RETRY = {"max_attempts": 3, "initial_delay_s": 0.01, "backoff": 2, "max_delay_s": 1}


def test_5xx_is_retried_as_a_waiting_run_then_succeeds(upstream):
    upstream.script = [(500, {"error": "busy"}, {})]
    flow = flow_of(post("erp", upstream.url, retry=FAST_RETRY), edges=chain("erp"))
    run = run_advance(run_id=start(flow).id)
    assert run.status == "waiting"
    assert run.wake_at is not None
    step = run.steps.get(node_id="erp")
    assert (step.status, step.attempt) == ("waiting", 1)
    assert "busy" in step.error["message"]
    due_now(run)
    run = run_advance(run_id=run.id)
    assert run.status == "succeeded"
    step = run.steps.get(node_id="erp")
    assert (step.status, step.attempt) == ("succeeded", 2)
    assert [a.outcome for a in step.attempts.all()] == ["failed", "succeeded"]
    assert len(upstream.received) == 2


def test_retry_after_sets_the_wake_time(upstream):
    upstream.script = [(429, {"error": "slow down"}, {"Retry-After": "7"})]
    flow = flow_of(post("erp", upstream.url, retry=FAST_RETRY), edges=chain("erp"))
    before = timezone.now()
    run = run_advance(run_id=start(flow).id)
    assert run.status == "waiting"
    assert timedelta(seconds=6.5) <= run.wake_at - before <= timedelta(seconds=9)


def test_a_waiting_run_is_not_advanced_before_its_time(upstream):
    upstream.script = [(503, {}, {"Retry-After": "60"})]
    flow = flow_of(post("erp", upstream.url, retry=FAST_RETRY), edges=chain("erp"))
    run = run_advance(run_id=start(flow).id)
    assert run_advance(run_id=run.id).status == "waiting"
    assert len(upstream.received) == 1


def test_4xx_fails_at_once_despite_a_retry_policy(upstream):
    upstream.status, upstream.reply = 422, {"error": "bad sku"}
    flow = flow_of(post("erp", upstream.url, retry=FAST_RETRY), edges=chain("erp"))
    run = run_advance(run_id=start(flow).id)
    assert run.status == "failed"
    assert len(upstream.received) == 1
    assert "bad sku" in run.error["message"]


def test_retries_stop_after_max_attempts(upstream):
    upstream.status = 500
    flow = flow_of(post("erp", upstream.url, retry=FAST_RETRY), edges=chain("erp"))
    run = run_advance(run_id=start(flow).id)
    for _ in range(2):
        due_now(run)
        run = run_advance(run_id=run.id)
    assert run.status == "failed"
    assert run.steps.get(node_id="erp").attempt == 3
    assert len(upstream.received) == 3


def test_on_error_continue_records_and_goes_on(upstream):
    upstream.script = [(500, {}, {})]
    flow = flow_of(
        post("a", upstream.url + "/a", on_error="continue"), post("b", upstream.url + "/b"), edges=chain("a", "b")
    )
    run = run_advance(run_id=start(flow).id)
    assert run.status == "succeeded"
    assert [(s.node_id, s.status) for s in run.steps.order_by("position")] == [
        ("start", "succeeded"),
        ("a", "failed"),
        ("b", "succeeded"),
    ]


def test_on_error_port_routes_the_error_to_the_handler(upstream):
    upstream.script = [(500, {"error": "down"}, {})]
    handler = {
        "id": "alert",
        "block": "core.http_request",
        "config": {"url": upstream.url + "/alert", "body": {"why": "{{ steps.a.error.message }}"}},
    }
    flow = flow_of(
        post("a", upstream.url + "/a", on_error="port"),
        handler,
        post("b", upstream.url + "/b"),
        edges=[{"from": "start", "to": "a"}, {"from": "a", "port": "error", "to": "alert"}, {"from": "a", "to": "b"}],
    )
    run = run_advance(run_id=start(flow).id)
    assert [r.path for r in upstream.received] == ["/a", "/alert"]
    assert "down" in upstream.received[1].body["why"]
    assert run.status == "succeeded"


def test_a_failed_run_starts_the_error_flow_with_what_failed(upstream):
    upstream.status = 500
    handler = flow_of(post("tell", upstream.url + "/ops"), edges=chain("tell"), name="ops alert")
    flow = flow_of(post("erp", upstream.url + "/erp"), edges=chain("erp"), settings={"error_flow": str(handler.id)})
    run = run_advance(run_id=start(flow).id)
    assert run.status == "failed"
    error_run = Run.objects.get(flow=handler)
    payload = json.loads(error_run.event.body)
    assert payload["run_id"] == str(run.id)
    assert payload["node"] == "erp"
    assert "500" in payload["error"]["message"]


def test_replay_runs_only_from_the_failed_step(upstream):
    upstream.script = [(200, {}, {}), (200, {}, {}), (500, {"error": "erp down"}, {})]
    flow = flow_of(
        post("a", upstream.url + "/a"),
        post("b", upstream.url + "/b"),
        post("c", upstream.url + "/c"),
        post("d", upstream.url + "/d"),
        edges=chain("a", "b", "c", "d"),
    )
    failed = run_advance(run_id=start(flow, {"order": 1}).id)
    assert failed.status == "failed"
    assert failed.error["node"] == "c"
    replay = services.run_replay(run=failed, publish=False)
    replay = run_advance(run_id=replay.id)
    assert replay.status == "succeeded"
    assert [r.path for r in upstream.received] == ["/a", "/b", "/c", "/c", "/d"]
    copied = {s.node_id: s.copied for s in replay.steps.all()}
    assert copied == {"start": True, "a": True, "b": True, "c": False, "d": False}
    assert replay.replay_of_id == failed.id
    assert replay.steps.get(node_id="c").idempotency_key != failed.steps.get(node_id="c").idempotency_key


def test_replay_with_an_edited_payload(upstream):
    upstream.status = 500
    flow = flow_of(
        {"id": "a", "block": "core.http_request", "config": {"url": upstream.url, "body": "{{ trigger }}"}},
        edges=chain("a"),
    )
    failed = run_advance(run_id=start(flow, {"email": "wrong"}).id)
    upstream.status = 200
    replay = run_advance(run_id=services.run_replay(run=failed, trigger={"email": "right"}, publish=False).id)
    assert replay.status == "succeeded"
    assert upstream.received[-1].body == {"email": "right"}


def test_only_failed_runs_can_be_replayed(api, upstream):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    run = run_advance(run_id=start(flow).id)
    response = api.post(f"/api/runs/{run.id}/replay/", {}, format="json")
    assert response.status_code == 409
    assert "succeeded" in response.json()["message"]


def test_retry_api_starts_a_fresh_run_from_the_same_event(api, upstream):
    upstream.status = 500
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    failed = run_advance(run_id=start(flow, {"x": 1}).id)
    response = api.post(f"/api/runs/{failed.id}/retry/")
    assert response.status_code == 202
    fresh = Run.objects.get(id=response.json()["run_id"])
    assert (fresh.event_id, fresh.status, fresh.steps.count()) == (failed.event_id, "queued", 0)


def test_bulk_replay_replays_each_failed_run_once(api, upstream):
    upstream.status = 500
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    failed = [run_advance(run_id=start(flow, {"i": i}).id) for i in range(3)]
    response = api.post("/api/runs/replay/", {"flow": str(flow.id)}, format="json")
    assert response.status_code == 202
    assert {r["replay_of"] for r in response.json()["replayed"]} == {str(r.id) for r in failed}
    again = api.post("/api/runs/replay/", {"flow": str(flow.id)}, format="json")
    assert again.json()["replayed"] == []


def test_cancel_a_queued_run_and_refuse_to_cancel_a_finished_one(api, upstream):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    queued = start(flow)
    assert api.post(f"/api/runs/{queued.id}/cancel/").json()["status"] == "cancelled"
    assert run_advance(run_id=queued.id).status == "cancelled"
    assert upstream.received == []
    done = run_advance(run_id=start(flow).id)
    response = api.post(f"/api/runs/{done.id}/cancel/")
    assert response.status_code == 409


def test_cancel_requested_while_running_stops_before_the_next_step(upstream):
    flow = flow_of(post("a", upstream.url + "/a"), post("b", upstream.url + "/b"), edges=chain("a", "b"))
    run = start(flow)
    Run.objects.filter(id=run.id).update(status="running")
    services.run_cancel(run=run)  # as if a worker were on it
    Run.objects.filter(id=run.id).update(status="queued")
    assert run_advance(run_id=run.id).status == "queued"  # a cancel-requested run is not claimed


def test_resume_after_a_crash_reexecutes_the_interrupted_step_with_the_same_key(upstream):
    upstream.honour_idempotency_key = True
    node = post("a", upstream.url)
    node["config"]["idempotency_key"] = True
    flow = flow_of(node, edges=chain("a"))
    run = start(flow)
    crashed_worker_state(run, interrupted="a", block="core.http_request")
    resumed = run_advance(run_id=run.id)
    assert resumed.status == "succeeded"
    step = resumed.steps.get(node_id="a")
    assert upstream.received[0].headers["Idempotency-Key"] == step.idempotency_key == f"{run.id}:a"
    assert step.attempt == 2


def test_a_non_idempotent_step_interrupted_by_a_crash_is_marked_unknown(upstream, monkeypatch):
    from connectors.sdk import default_registry

    # A block that declares itself non-idempotent, as FedEx's create shipment will.
    registry = default_registry()
    block = registry["core.http_request"]
    monkeypatch.setitem(registry._blocks, "core.http_request", dataclasses.replace(block, idempotent=False))
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    run = start(flow)
    crashed_worker_state(run, interrupted="a", block="core.http_request")
    resumed = run_advance(run_id=run.id)
    assert resumed.status == "failed"
    assert resumed.steps.get(node_id="a").status == "unknown"
    assert "cannot be safely repeated" in resumed.error["message"]
    assert upstream.received == []


def crashed_worker_state(run, *, interrupted, block):
    """What a worker killed mid-step leaves: run running with an expired lease, the step running."""
    past = timezone.now() - timedelta(minutes=5)
    Run.objects.filter(id=run.id).update(status="running", started_at=past, lease_until=past, lease_owner="dead")
    Step.objects.create(
        run=run,
        key="start",
        node_id="start",
        block="core.manual",
        position=0,
        status="succeeded",
        output={},
        port="main",
        started_at=past,
        finished_at=past,
    )
    Step.objects.create(
        run=run,
        key=interrupted,
        node_id=interrupted,
        block=block,
        position=1,
        status="running",
        idempotency_key=f"{run.id}:{interrupted}",
        started_at=past,
    )


def test_a_run_with_a_live_lease_is_not_claimed_twice(upstream):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    run = start(flow)
    Run.objects.filter(id=run.id).update(status="running", lease_until=timezone.now() + timedelta(minutes=1))
    assert run_advance(run_id=run.id).status == "running"
    assert upstream.received == []


def test_same_concurrency_key_parks_the_newer_run_until_the_older_finishes(upstream):
    flow = flow_of(post("a", upstream.url), edges=chain("a"), settings={"concurrency_key": "{{ trigger.sku }}"})
    older, newer, other = start(flow, {"sku": "S1"}), start(flow, {"sku": "S1"}), start(flow, {"sku": "S2"})
    assert (older.concurrency_key, other.concurrency_key) == ("S1", "S2")
    assert run_advance(run_id=newer.id).status == "queued"  # parked behind the older one
    assert run_advance(run_id=other.id).status == "succeeded"  # another key is not held up
    assert run_advance(run_id=older.id).status == "succeeded"
    assert run_advance(run_id=newer.id).status == "succeeded"


def test_max_concurrency_caps_runs_in_flight(upstream):
    flow = flow_of(
        post("a", upstream.url, retry={"max_attempts": 2, "initial_delay_s": 60}),
        edges=chain("a"),
        settings={"max_concurrency": 1},
    )
    upstream.script = [(500, {}, {})]
    first, second = start(flow), start(flow)
    assert run_advance(run_id=first.id).status == "waiting"  # holds its slot while it waits
    assert run_advance(run_id=second.id).status == "queued"


def test_delay_parks_the_run_without_a_worker_then_goes_on(upstream):
    flow = flow_of(
        {"id": "wait", "block": "core.delay", "config": {"seconds": 3600}},
        post("a", upstream.url),
        edges=chain("wait", "a"),
    )
    run = run_advance(run_id=start(flow).id)
    assert run.status == "waiting"
    assert timedelta(minutes=59) < run.wake_at - timezone.now() <= timedelta(hours=1)
    assert upstream.received == []
    due_now(run)
    run = run_advance(run_id=run.id)
    assert run.status == "succeeded"
    assert run.steps.get(node_id="wait").status == "succeeded"
    assert len(upstream.received) == 1


def test_duplicate_delivery_starts_no_run():
    flow = flow_of(edges=[])
    flows.flow_activate(flow=flow)
    first = event_accept(flow=flow, body='{"id": 1}', headers={}, query={}, dedup_key="k1")
    again = event_accept(flow=flow, body='{"id": 1}', headers={}, query={}, dedup_key="k1")
    assert again.duplicate
    assert again.run.id == first.run.id
    assert Run.objects.count() == 1
    assert Event.objects.get().duplicates == 1


@pytest.mark.django_db(transaction=True)
def test_a_step_with_effects_is_committed_running_before_its_call(upstream):
    """What another client of the database sees while each HTTP call is in flight: the steps
    before it, and the calling step as running, already committed (the first call's checkpoint
    is one INSERT outside a transaction, the next ones a transaction with the lease renewal)."""
    seen = []

    def look(received):
        try:
            seen.append(dict(Step.objects.values_list("node_id", "status")))
        finally:
            connections.close_all()  # the server thread's own connection

    upstream.on_request = look
    flow = flow_of(
        {"id": "map", "block": "core.transform", "config": {"expression": "{'n': 1}"}},
        post("a", upstream.url),
        post("b", upstream.url),
        edges=chain("map", "a", "b"),
    )
    run = run_advance(run_id=start(flow).id)
    assert run.status == "succeeded"
    assert seen == [
        {"start": "succeeded", "map": "succeeded", "a": "running"},
        {"start": "succeeded", "map": "succeeded", "a": "succeeded", "b": "running"},
    ]


@pytest.mark.django_db(transaction=True)
def test_event_and_run_are_stored_together_or_not_at_all():
    """Outside any transaction (as the webhook view calls it): the event and its run are one
    statement on PostgreSQL, one transaction on SQLite."""
    flow = flows.flow_activate(flow=flow_of(edges=[]))
    first = event_accept(flow=flow, body='{"id": 1}', headers={}, query={}, dedup_key="k1")
    assert Run.objects.get().event_id == first.run.event_id == Event.objects.get().id
    assert event_accept(flow=flow, body='{"id": 1}', headers={}, query={}, dedup_key="k1").duplicate

    flow.current_version.id = 10**9  # a version that does not exist: the run's row is refused
    with pytest.raises(IntegrityError):
        event_accept(flow=flow, body='{"id": 2}', headers={}, query={}, dedup_key="k2")
    assert list(Event.objects.values_list("dedup_key", flat=True)) == ["k1"]  # no event without its run
    assert Run.objects.count() == 1


def test_webhook_duplicate_body_answers_200_with_the_first_run(client):
    from tests.support.documents import webhook_transform_http

    flow = flows.flow_activate(flow=flows.flow_create(document=webhook_transform_http("http://127.0.0.1:9")))
    url = f"/hooks/{flow.webhook_token}"
    first = client.post(url, data='{"id": 7}', content_type="application/json")
    again = client.post(url, data='{"id": 7}', content_type="application/json")
    assert (first.status_code, again.status_code) == (202, 200)
    assert again.json()["duplicate_of"] == first.json()["run_id"]
    other = client.post(url, data='{"id": 7}', content_type="application/json", HTTP_IDEMPOTENCY_KEY="retry-2")
    assert other.status_code == 202


def test_sweeper_republishes_stale_queued_due_waiting_and_orphaned_runs(upstream, settings):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    old = timezone.now() - timedelta(minutes=10)
    stale = start(flow)
    Run.objects.filter(id=stale.id).update(created_at=old)
    fresh = start(flow)
    orphan = start(flow)
    Run.objects.filter(id=orphan.id).update(status="running", lease_until=old)
    assert services.run_sweep() == 2
    assert fresh.status == "queued"


def test_prune_deletes_old_finished_runs_but_keeps_marked_ones(upstream, settings):
    flow = flow_of(post("a", upstream.url), edges=chain("a"))
    old, kept = run_advance(run_id=start(flow).id), run_advance(run_id=start(flow).id)
    recent = run_advance(run_id=start(flow).id)
    long_ago = timezone.now() - timedelta(days=settings.RUN_RETENTION_DAYS + 1)
    Run.objects.filter(id__in=[old.id, kept.id]).update(finished_at=long_ago)
    Run.objects.filter(id=kept.id).update(keep=True)
    assert services.run_prune() == 1
    assert set(Run.objects.values_list("id", flat=True)) == {kept.id, recent.id}


def test_a_run_past_its_timeout_fails_before_the_next_step(upstream):
    flow = flow_of(
        {"id": "wait", "block": "core.delay", "config": {"seconds": 60}},
        post("a", upstream.url),
        edges=chain("wait", "a"),
        settings={"timeout_s": 30},
    )
    run = run_advance(run_id=start(flow).id)
    due_now(run)
    Run.objects.filter(id=run.id).update(started_at=timezone.now() - timedelta(seconds=61))
    run = run_advance(run_id=run.id)
    assert run.status == "failed"
    assert run.error["code"] == "run_timed_out"
    assert upstream.received == []
