"""Executing runs through the service a worker calls: every step recorded as the user sees it."""

from __future__ import annotations

import pytest

from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run
from backend.runs.outputs import step_output
from backend.triggers.services import event_accept_payload
from tests.support.documents import ORDER, webhook_transform_http

pytestmark = pytest.mark.django_db


def run_flow(document, payload):
    flow = flows.flow_create(document=document)
    run = event_accept_payload(flow=flow, payload=payload, publish=False)
    return run_advance(run_id=run.id)


def manual_flow(*nodes, edges):
    return {"schema": 1, "name": "t", "nodes": [{"id": "start", "block": "core.manual"}, *nodes], "edges": edges}


def steps(run: Run):
    return [(s.node_id, s.status) for s in run.steps.order_by("position")]


def test_webhook_transform_http_posts_the_mapped_order(upstream):
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    assert run.status == "succeeded"
    assert steps(run) == [("order", "succeeded"), ("map", "succeeded"), ("post", "succeeded")]
    assert upstream.received[0].body == {
        "order_number": 1001,
        "email": "ana@example.com",
        "skus": ["SHIRT-M-BLUE", "SOCK-L"],
    }
    post = run.steps.get(node_id="post")
    assert post.input["body"] == upstream.received[0].body  # input is the config as rendered
    assert post.output["status"] == 200
    assert post.output["body"] == {"ok": True}
    assert post.duration_ms is not None
    assert run.duration_ms is not None


def test_trigger_output_is_body_headers_query_for_a_webhook():
    run = run_flow(webhook_transform_http("http://127.0.0.1:9"), ORDER)
    trigger = run.steps.get(node_id="order")
    assert step_output(step=trigger, run=run) == {"body": ORDER, "headers": {}, "query": {}}
    # The payload is stored once, in the event; the step reads it from there.
    assert trigger.output is None
    assert trigger.output_from_event
    assert run.steps.get(node_id="map").output["order_number"] == 1001  # the transform read it


def test_a_transform_step_shows_its_expression_as_written_and_its_result_as_output(api):
    document = webhook_transform_http("http://127.0.0.1:9")
    written = document["nodes"][1]["config"]["expression"]
    run = run_flow(document, ORDER)
    shown = {s["node_id"]: s for s in api.get(f"/api/runs/{run.id}/").json()["steps"]}
    assert shown["map"]["input"] == {"expression": written}  # not the result a second time
    assert shown["map"]["output"]["order_number"] == 1001
    assert shown["map"]["idempotency_key"] == ""  # it acts on nothing outside: no key to repeat
    # The config as written is the flow version's: the run's row points at it, not a copy.
    mapped = run.steps.get(node_id="map")
    assert mapped.input is None
    assert mapped.input_from_flow


def test_a_rendered_input_is_stored_with_its_step(upstream, api):
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    post = run.steps.get(node_id="post")
    assert not post.input_from_flow
    assert post.input["body"] == upstream.received[0].body
    shown = {s["node_id"]: s for s in api.get(f"/api/runs/{run.id}/").json()["steps"]}
    assert shown["post"]["input"] == post.input
    assert shown["post"]["idempotency_key"] == f"{run.id}:post"


def test_a_replay_on_an_edited_flow_shows_the_copied_steps_input_as_the_first_run_had_it(api):
    document = webhook_transform_http("http://127.0.0.1:9")
    written = document["nodes"][1]["config"]["expression"]
    failed = run_flow(document, ORDER)
    assert failed.status == "failed"
    edited = {**document, "nodes": [dict(n) for n in document["nodes"]]}
    edited["nodes"][1] = {**edited["nodes"][1], "config": {"expression": "{'edited': true}"}}
    flows.flow_version_create(flow=failed.flow, document=edited)
    replayed = api.post(f"/api/runs/{failed.id}/replay/", {}, format="json")
    assert replayed.status_code in (200, 201, 202), replayed.content
    shown = {s["node_id"]: s for s in api.get(f"/api/runs/{replayed.json()['run_id']}/").json()["steps"]}
    assert shown["map"]["copied"]
    assert shown["map"]["input"] == {"expression": written}  # what the copied output came from


def test_a_try_that_worked_keeps_its_request_line_and_a_failed_one_the_whole_exchange(upstream, api):
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    worked = api.get(f"/api/runs/{run.id}/").json()["steps"][2]["attempts"][0]
    assert worked["outcome"] == "succeeded"
    assert worked["log"] == [
        {
            "method": "POST",
            "url": upstream.url + "/orders",
            "status": 200,
            "duration_ms": worked["log"][0]["duration_ms"],
        }
    ]
    upstream.status = 422
    upstream.reply = {"error": "sku SHIRT-M-BLUE unknown"}
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    failed = api.get(f"/api/runs/{run.id}/").json()["steps"][2]["attempts"][0]
    assert failed["outcome"] == "failed"
    assert failed["log"][0]["status"] == 422
    assert failed["log"][0]["request"]["body"] == upstream.received[-1].body
    assert "sku SHIRT-M-BLUE unknown" in failed["log"][0]["response"]["body"]


def test_a_replay_with_an_edited_payload_stores_that_payload_in_its_trigger_step(api):
    doc = webhook_transform_http("http://127.0.0.1:9")
    failed = run_flow(doc, ORDER)
    assert failed.status == "failed"  # nothing listens on port 9
    edited = {"body": {**ORDER, "order_number": 2002}, "headers": {}, "query": {}}
    replayed = api.post(f"/api/runs/{failed.id}/replay/", {"trigger": edited}, format="json")
    assert replayed.status_code in (200, 201, 202), replayed.content
    new = Run.objects.get(pk=replayed.json()["run_id"])
    run_advance(run_id=new.id)
    trigger = new.steps.get(node_id="order")
    assert trigger.output == edited
    assert not trigger.output_from_event
    assert api.get(f"/api/runs/{new.id}/").json()["trigger"] == edited


def test_a_replay_with_an_edited_payload_sends_the_edited_data_and_redoes_no_effect(api, upstream):
    """QA: the edited payload said 9002 and the run page showed it, but the mapping step was copied
    from the failed run and the ERP got 9001. Computed steps are computed again from the edited
    payload; a step that acted and succeeded is kept, never done twice."""
    doc = webhook_transform_http(upstream.url)
    doc["nodes"].insert(2, {"id": "note", "block": "core.http_request", "config": {"url": upstream.url + "/notes"}})
    doc["edges"] = [
        {"from": "order", "to": "map"},
        {"from": "map", "to": "note"},
        {"from": "note", "to": "post"},
    ]
    upstream.path_script = {"/orders": [(422, {"error": "order 9001 unknown"}, {})]}
    failed = run_flow(doc, {**ORDER, "order_number": 9001})
    assert failed.status == "failed"
    assert [r.path for r in upstream.received] == ["/notes", "/orders"]
    edited = {"body": {**ORDER, "order_number": 9002}, "headers": {}, "query": {}}
    replayed = api.post(f"/api/runs/{failed.id}/replay/", {"trigger": edited}, format="json")
    new = run_advance(run_id=replayed.json()["run_id"])
    assert new.status == "succeeded"
    assert [r.path for r in upstream.received] == ["/notes", "/orders", "/orders"]  # the note is not sent again
    assert upstream.received[-1].body["order_number"] == 9002
    assert new.steps.get(node_id="map").output["order_number"] == 9002
    assert new.steps.get(node_id="note").copied


def test_manual_trigger_output_is_the_payload():
    doc = manual_flow(
        {"id": "double", "block": "core.transform", "config": {"expression": "start.n * 2"}},
        edges=[{"from": "start", "to": "double"}],
    )
    doc["nodes"][1]["config"]["expression"] = "trigger.n * 2"
    run = run_flow(doc, {"n": 21})
    assert step_output(step=run.steps.get(node_id="start"), run=run) == {"n": 21}
    assert run.steps.get(node_id="double").output == 42


def test_false_filter_stops_the_run_quietly_as_skipped(upstream):
    doc = manual_flow(
        {"id": "big", "block": "core.filter", "config": {"condition": "trigger.total > 100"}},
        {"id": "post", "block": "core.http_request", "config": {"url": upstream.url}},
        edges=[{"from": "start", "to": "big"}, {"from": "big", "to": "post"}],
    )
    run = run_flow(doc, {"total": 20})
    assert run.status == "skipped"
    assert steps(run) == [("start", "succeeded"), ("big", "skipped")]
    assert run.error is None
    assert upstream.received == []


def test_true_filter_goes_on(upstream):
    doc = manual_flow(
        {"id": "big", "block": "core.filter", "config": {"condition": "trigger.total > 100"}},
        {"id": "post", "block": "core.http_request", "config": {"url": upstream.url}},
        edges=[{"from": "start", "to": "big"}, {"from": "big", "to": "post"}],
    )
    assert run_flow(doc, {"total": 200}).status == "succeeded"
    assert len(upstream.received) == 1


@pytest.mark.parametrize(("country", "taken"), [("US", "domestic"), ("DE", "export")])
def test_branch_runs_only_the_matching_side(upstream, country, taken):
    doc = manual_flow(
        {"id": "us", "block": "core.branch", "config": {"condition": "{{ trigger.country = 'US' }}"}},
        {"id": "domestic", "block": "core.http_request", "config": {"url": upstream.url + "/domestic"}},
        {"id": "export", "block": "core.http_request", "config": {"url": upstream.url + "/export"}},
        edges=[
            {"from": "start", "to": "us"},
            {"from": "us", "port": "true", "to": "domestic"},
            {"from": "us", "port": "false", "to": "export"},
        ],
    )
    run = run_flow(doc, {"country": country})
    assert run.status == "succeeded"
    assert [r.path for r in upstream.received] == [f"/{taken}"]
    assert run.steps.get(node_id="us").port == ("true" if country == "US" else "false")
    assert not run.steps.filter(node_id="export" if taken == "domestic" else "domestic").exists()


def test_upstream_error_fails_the_run_with_status_and_body_excerpt(upstream):
    upstream.status = 422
    upstream.reply = {"error": "sku SHIRT-M-BLUE unknown"}
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    assert run.status == "failed"
    post = run.steps.get(node_id="post")
    assert post.status == "failed"
    assert post.error["details"]["status"] == 422
    assert "sku SHIRT-M-BLUE unknown" in post.error["message"]
    assert run.error["node"] == "post"
    assert "422" in run.error["message"]


def test_expression_error_names_node_field_and_expression():
    doc = manual_flow(
        {
            "id": "calc",
            "block": "core.http_request",
            "config": {"url": "http://127.0.0.1:9", "body": {"total": "{{ trigger.total + 'x' }}"}},
        },
        edges=[{"from": "start", "to": "calc"}],
    )
    run = run_flow(doc, {"total": 5})
    assert run.status == "failed"
    message = run.steps.get(node_id="calc").error["message"]
    assert '"calc"' in message
    assert "/config/body/total" in message
    assert "trigger.total + 'x'" in message


def test_expression_of_wrong_type_after_rendering_fails_the_step():
    doc = manual_flow(
        {"id": "call", "block": "core.http_request", "config": {"url": "{{ trigger.n }}"}},
        edges=[{"from": "start", "to": "call"}],
    )
    run = run_flow(doc, {"n": 5})
    error = run.steps.get(node_id="call").error
    assert run.status == "failed"
    assert error["field"] == "/config/url"


def test_secret_headers_are_redacted_in_the_step_input(upstream):
    doc = manual_flow(
        {
            "id": "call",
            "block": "core.http_request",
            "config": {"url": upstream.url, "headers": {"Authorization": "Bearer s3cret-token"}},
        },
        edges=[{"from": "start", "to": "call"}],
    )
    run = run_flow(doc, {})
    assert upstream.received[0].headers["Authorization"] == "Bearer s3cret-token"
    assert run.steps.get(node_id="call").input["headers"]["Authorization"] == "[redacted]"


def test_advancing_a_finished_run_executes_nothing_again(upstream):
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    again = run_advance(run_id=run.id)
    assert again.status == "succeeded"
    assert len(upstream.received) == 1
    assert run.steps.count() == 3


def test_run_api_lists_newest_first_and_filters(api, upstream):
    first = run_flow(webhook_transform_http(upstream.url), ORDER)
    upstream.status = 500
    second = run_flow(webhook_transform_http(upstream.url, name="Other"), ORDER)
    listed = api.get("/api/runs/").json()["results"]
    assert [r["id"] for r in listed] == [str(second.id), str(first.id)]
    failed = api.get("/api/runs/?status=failed").json()["results"]
    assert [r["id"] for r in failed] == [str(second.id)]
    by_flow = api.get(f"/api/runs/?flow={first.flow_id}").json()["results"]
    assert [r["id"] for r in by_flow] == [str(first.id)]
    bad = api.get("/api/runs/?status=nope")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["pointer"] == "/status"


def test_run_detail_has_steps_in_execution_order(api, upstream):
    run = run_flow(webhook_transform_http(upstream.url), ORDER)
    detail = api.get(f"/api/runs/{run.id}/").json()
    assert [s["node_id"] for s in detail["steps"]] == ["order", "map", "post"]
    assert detail["trigger"]["body"] == ORDER
    assert detail["flow"]["name"] == "Order to ERP"
    assert detail["duration_ms"] >= 0


def test_manual_run_api_queues_a_test_run(api):
    flow_id = api.post("/api/flows/", webhook_transform_http("http://127.0.0.1:9"), format="json").json()["id"]
    response = api.post(f"/api/flows/{flow_id}/run/", {"payload": ORDER}, format="json")
    assert response.status_code == 202
    run = Run.objects.get(pk=response.json()["run_id"])
    assert run.is_test is True
    assert run.status == "queued"
