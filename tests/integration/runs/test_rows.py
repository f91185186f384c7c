"""backend/core/rows.py writes what the ORM would write: same columns, same conversions, same pks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from backend.core import rows
from backend.flows import services as flows
from backend.flows.models import Flow
from backend.runs.models import Run, Step, StepAttempt
from backend.triggers.models import Event
from backend.triggers.services import event_accept_payload
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 27, 8, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture
def run():
    flow = flows.flow_create(document=webhook_transform_http("http://127.0.0.1:9"))
    return event_accept_payload(flow=flow, payload=ORDER, publish=False)


def step(run: Run, key: str, position: int, **fields) -> Step:
    values = {
        "status": "succeeded",
        "input": {"expression": "{{ x }}", "nested": [1, None, "é"]},
        "output": {"total": 12.5, "skus": ["A", "B"], "none": None},
        "started_at": WHEN,
        **fields,
    }
    return Step(run=run, key=key, node_id=key, block="core.transform", position=position, **values)


def as_stored(obj) -> dict:
    fresh = type(obj).objects.get(pk=obj.pk)
    return {k: v for k, v in model_to_dict(fresh).items() if k not in ("id", "key", "node_id", "step")}


def test_insert_stores_the_same_row_as_bulk_create_and_sets_the_pk(run):
    mine, theirs = step(run, "mine", 1), step(run, "theirs", 2)
    rows.insert([mine])
    Step.objects.bulk_create([theirs])
    assert mine.pk is not None
    assert mine.pk != theirs.pk
    assert not mine._state.adding
    stored = as_stored(mine)
    assert stored == {**as_stored(theirs), "position": 1}
    assert stored["output"] == {"total": 12.5, "skus": ["A", "B"], "none": None}
    assert Step.objects.get(pk=mine.pk).started_at == WHEN


def test_insert_of_several_rows_gives_each_its_own_pk_in_order(run):
    batch = [step(run, f"s{n}", n, output={"n": n}) for n in range(5)]
    rows.insert(batch)
    assert [Step.objects.get(pk=s.pk).output for s in batch] == [{"n": n} for n in range(5)]


def test_several_rows_keep_every_awkward_value_as_given(run):
    """One statement for several rows: quotes, commas, braces, NULLs in and around JSON, and a
    column NULL in every row, all come back as they went in."""
    awkward = ['a "quoted", {braced} value', "back\\slash", "", None, "é ✓ \u2028"]
    outputs = [{"text": text, "list": [text, None], "n": n} for n, text in enumerate(awkward)]
    outputs[3] = None
    batch = [step(run, f'k"{n},{{x}}', n, output=output, error=None) for n, output in enumerate(outputs)]
    rows.insert(batch)
    stored = [Step.objects.get(pk=s.pk) for s in batch]
    assert [s.output for s in stored] == outputs
    assert [s.key for s in stored] == [f'k"{n},{{x}}' for n in range(5)]
    assert [s.error for s in stored] == [None] * 5


def test_an_attempt_built_before_its_step_was_saved_points_at_it(run):
    new = step(run, "post", 3)
    attempt = StepAttempt(
        step=new, number=1, outcome="succeeded", log=[{"status": 200}], started_at=WHEN, finished_at=WHEN, duration_ms=4
    )
    rows.insert([new])
    rows.insert([attempt])
    assert StepAttempt.objects.get(pk=attempt.pk).step_id == new.pk


def test_insert_with_parent_stores_what_the_orm_would_for_the_columns_left_out(run):
    """Rows given as a few values: every other column as `.create()` writes it (defaults, NULLs,
    the time for auto_now_add), the child pointing at its new parent."""
    flow_id, version_id = run.flow_id, run.flow_version_id
    event_values = {"flow_id": flow_id, "source": "webhook", "body": '{"id": 1}', "headers": {"X-A": "1"}}
    run_values = {"id": uuid.uuid4(), "flow_id": flow_id, "flow_version_id": version_id}
    before = timezone.now()
    event_id = rows.insert_with_parent(Run, run_values, parent=Event, parent_values=event_values, link="event")

    mine = Run.objects.get(pk=run_values["id"])
    assert mine.event_id == event_id
    theirs = Run.objects.create(event=Event.objects.create(**event_values), **{**run_values, "id": uuid.uuid4()})
    assert as_stored(mine) == {**as_stored(theirs), "event": event_id}
    assert as_stored(Event.objects.get(pk=event_id)) == as_stored(theirs.event)
    assert (mine.status, mine.error, mine.concurrency_key) == ("queued", None, "")
    assert before <= mine.created_at <= timezone.now()
    assert before <= Event.objects.get(pk=event_id).received_at <= timezone.now()


def test_insert_with_parent_writes_only_while_every_guard_matches(run):
    queued, running = (Run, {"id": run.id, "status": "queued"}), (Run, {"id": run.id, "status": "running"})
    flow = (Flow, {"id": run.flow_id, "active": False})

    def insert(*guards):
        values = {"flow_id": run.flow_id, "source": "webhook", "body": "{}"}
        run_values = {"id": uuid.uuid4(), "flow_id": run.flow_id, "flow_version_id": run.flow_version_id}
        return rows.insert_with_parent(
            Run, run_values, parent=Event, parent_values=values, link="event", guards=rows.guards(*guards)
        )

    assert insert(running) is None  # the run is queued
    assert insert(queued, running) is None
    assert insert(running, queued) is None
    assert Event.objects.count() == Run.objects.count() == 1  # neither row of any of those
    written = insert(queued, flow)
    assert written is not None
    assert Run.objects.get(event_id=written).status == "queued"
    assert Event.objects.count() == Run.objects.count() == 2


def test_insert_with_parent_refuses_a_value_for_no_column(run):
    values = {"flow_id": run.flow_id, "source": "webhook", "body": "{}", "colour": "red"}
    with pytest.raises(AssertionError, match="colour"):
        rows.insert_with_parent(Run, {"id": uuid.uuid4()}, parent=Event, parent_values=values, link="event")


def test_update_writes_every_changed_column(run):
    saved = step(run, "post", 3, status="running", output=None)
    rows.insert([saved])
    saved.status, saved.output, saved.error, saved.duration_ms = "failed", None, {"code": "http_500"}, 42
    rows.update(saved)
    fresh = Step.objects.get(pk=saved.pk)
    assert (fresh.status, fresh.output, fresh.error, fresh.duration_ms) == ("failed", None, {"code": "http_500"}, 42)


def test_update_where_changes_only_rows_matching_every_condition(run):
    assert rows.update_where(Run, {"status": "running", "lease_owner": "w1"}, id=run.id, status="queued") == 1
    assert rows.update_where(Run, {"error": {"message": "x"}}, id=run.id, lease_owner="someone else") == 0
    assert rows.update_where(Run, {"error": {"message": "x"}, "wake_at": None}, id=run.id, lease_owner="w1") == 1
    run.refresh_from_db()
    assert (run.status, run.lease_owner, run.error) == ("running", "w1", {"message": "x"})


def test_a_unique_violation_is_djangos_integrity_error_and_rolls_back(run):
    event = Event.objects.get(pk=run.event_id)
    event.dedup_key = "delivery-1"
    event.save()
    copy = Event(flow_id=event.flow_id, source="webhook", body="{}", dedup_key="delivery-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert([copy])
    assert Event.objects.filter(dedup_key="delivery-1").count() == 1


def test_write_if_writes_everything_when_the_guard_holds(run):
    running = step(run, "post", 3, status="running", output=None)
    rows.insert([running])
    running.status, running.output = "succeeded", {"id": "ERP-1"}
    new = step(run, "after", 4)
    attempt = StepAttempt(
        step=running,
        number=1,
        outcome="succeeded",
        log=[{"status": 201}],
        started_at=WHEN,
        finished_at=WHEN,
        duration_ms=3,
    )
    theirs = step(run, "theirs", 5)
    Step.objects.bulk_create([theirs])
    changed = rows.write_if(
        Run, {"status": "succeeded", "finished_at": WHEN}, {"id": run.id}, inserts=[[new], [attempt]], updates=[running]
    )
    assert changed == 1
    assert Run.objects.get(pk=run.pk).status == "succeeded"
    assert Step.objects.get(pk=running.pk).output == {"id": "ERP-1"}
    stored = Step.objects.get(run=run, key="after")
    assert {**as_stored(stored), "position": 5} == as_stored(theirs)
    assert StepAttempt.objects.get().step_id == running.pk


def test_write_if_writes_nothing_when_the_guard_fails(run):
    running = step(run, "post", 3, status="running", output=None)
    rows.insert([running])
    running.status = "succeeded"
    attempt = StepAttempt(
        step=running, number=1, outcome="succeeded", log=[], started_at=WHEN, finished_at=WHEN, duration_ms=3
    )
    changed = rows.write_if(
        Run,
        {"status": "succeeded"},
        {"id": run.id, "lease_owner": "not us"},
        inserts=[[step(run, "after", 4)], [attempt]],
        updates=[running],
    )
    assert changed == 0
    assert Run.objects.get(pk=run.pk).status == "queued"
    assert Step.objects.get(pk=running.pk).status == "running"
    assert not Step.objects.filter(key="after").exists()
    assert not StepAttempt.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite does not enforce a varchar's length")
def test_write_if_refuses_a_value_too_long_for_its_column_and_writes_nothing(run):
    too_long = step(run, "x" * 500, 3)  # the key's column holds fewer characters: refused, never cut short
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.write_if(Run, {"status": "succeeded"}, {"id": run.id}, inserts=[[too_long]])
    assert Run.objects.get(pk=run.pk).status == "queued"
    assert not Step.objects.filter(run=run).exists()
