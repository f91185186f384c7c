"""A value nesting too deep for the database is never what fails a step's write after its call:
that write failing left the step `running`, the sweeper resumed the run and the call was made
again, every lease, for ever (a duplicate effect). The step fails instead, once, and says why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.core.jsondepth import STORED_MAX_DEPTH
from backend.runs.advance import run_advance
from backend.runs.models import Run
from tests.support.flows import chain, flow_of, post, start

pytestmark = pytest.mark.django_db


def nested(levels: int, leaf=1):
    value = leaf
    for _ in range(levels):
        value = {"a": value}
    return value


def advance_twice(run):
    """The worker, then the sweeper once the lease is over (as it would be, ~68 s later)."""
    first = run_advance(run_id=run.id)
    Run.objects.filter(id=run.id).update(lease_until=timezone.now() - timedelta(seconds=1))
    run_advance(run_id=run.id)
    return first


def test_a_response_nesting_3000_levels_fails_the_step_and_the_call_is_made_once(upstream):
    upstream.reply = nested(3000)  # SQLite refuses JSON deeper than 1000 levels
    flow = flow_of(post("erp", upstream.url), edges=chain("erp"))
    run = advance_twice(start(flow, {"order": 2}))
    assert len(upstream.received) == 1
    run.refresh_from_db()
    assert run.status == "failed"
    step = run.steps.get(node_id="erp")
    assert step.status == "failed"
    assert step.output is None
    assert step.error["code"] == "output_too_deep"
    assert step.error["retryable"] is False
    assert f"response nests deeper than {STORED_MAX_DEPTH} levels" in step.error["message"]
    assert run.error["code"] == "output_too_deep"


def test_a_response_too_deep_takes_the_error_port_when_asked(upstream):
    upstream.reply = nested(STORED_MAX_DEPTH + 10)
    flow = flow_of(post("erp", upstream.url, on_error="continue"), edges=chain("erp"))
    run = advance_twice(start(flow, {"order": 2}))
    assert len(upstream.received) == 1
    assert run.status == "succeeded"
    step = run.steps.get(node_id="erp")
    assert (step.status, step.port) == ("failed", "main")
    assert step.output == {"error": step.error}


def test_a_stored_payload_nesting_3000_levels_never_reaches_the_call(upstream):
    """An event stored before the ingress limit, or a payload from the CLI: the trigger step fails."""
    node = post("erp", upstream.url)
    node["config"]["body"] = "{{ trigger }}"
    flow = flow_of(node, edges=chain("erp"))
    run = advance_twice(start(flow, nested(3000)))
    assert upstream.received == []
    run.refresh_from_db()
    assert run.status == "failed"
    assert run.steps.get(node_id="start").error["code"] == "output_too_deep"


def test_an_input_too_deep_to_store_is_recorded_as_a_note_and_the_call_is_made_once(upstream):
    # The payload fits; the config wraps it deeper than a stored value may nest.
    node = post("erp", upstream.url)
    node["config"]["body"] = nested(20, "{{ trigger }}")
    flow = flow_of(node, edges=chain("erp"))
    run = advance_twice(start(flow, nested(STORED_MAX_DEPTH - 5)))
    assert len(upstream.received) == 1
    run.refresh_from_db()
    assert run.status == "succeeded"
    step = run.steps.get(node_id="erp")
    assert step.input == {"not_stored": f"the input nests deeper than {STORED_MAX_DEPTH} levels of objects and arrays"}
