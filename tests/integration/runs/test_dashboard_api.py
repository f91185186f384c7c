"""The dashboard's questions: did every order go through, and if not, which and why?"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run
from backend.triggers.services import event_accept_payload

pytestmark = pytest.mark.django_db


def order_flow(upstream, name):
    document = {
        "schema": 1,
        "name": name,
        "nodes": [
            {"id": "start", "block": "core.manual"},
            {"id": "erp", "block": "core.http_request", "config": {"url": upstream.url, "body": "{{ trigger }}"}},
        ],
        "edges": [{"from": "start", "to": "erp"}],
    }
    return flows.flow_create(document=document)


def run(flow, payload):
    return run_advance(run_id=event_accept_payload(flow=flow, payload=payload, publish=False).id)


def test_search_finds_the_run_of_an_order_number_or_email(api, upstream):
    flow = order_flow(upstream, "Orders")
    wanted = run(flow, {"order_number": 1001, "email": "ana@example.com"})
    run(flow, {"order_number": 1002, "email": "bo@example.com"})
    by_number = api.get("/api/runs/?search=1001").json()["results"]
    assert [r["id"] for r in by_number] == [str(wanted.id)]
    assert by_number[0]["trigger_summary"] == "order_number 1001, email ana@example.com"
    assert by_number[0]["attempts"] == 1
    by_email = api.get("/api/runs/?search=ana@example").json()["results"]
    assert [r["id"] for r in by_email] == [str(wanted.id)]


def test_search_finds_a_test_runs_accented_name_as_written(api, upstream):
    """QA: a test run's payload was stored with \\u escapes, so `search=Zoë` missed it (a webhook's
    body, stored as received, was found)."""
    flow = order_flow(upstream, "Orders")
    wanted = run(flow, {"order_number": 1003, "customer": "Zoë Ångström"})
    run(flow, {"order_number": 1004, "customer": "Zoe Angstrom"})
    assert [r["id"] for r in api.get("/api/runs/?search=Zoë").json()["results"]] == [str(wanted.id)]


def test_time_range_filter(api, upstream):
    flow = order_flow(upstream, "Orders")
    old = run(flow, {"n": 1})
    Run.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(days=2))
    recent = run(flow, {"n": 2})
    since = (timezone.now() - timedelta(days=1)).isoformat()
    results = api.get("/api/runs/", {"since": since}).json()["results"]
    assert [r["id"] for r in results] == [str(recent.id)]
    assert api.get("/api/runs/?since=yesterday").json()["errors"][0]["pointer"] == "/since"


def test_stats_count_by_status_per_flow_and_group_errors(api, upstream):
    good, bad = order_flow(upstream, "Good"), order_flow(upstream, "Bad")
    for n in range(3):
        run(good, {"n": n})
    upstream.status, upstream.reply = 422, {"error": "sku unknown"}
    for n in range(2):
        run(bad, {"n": n})
    stats = api.get("/api/runs/stats/?window=24h").json()
    assert (stats["totals"]["succeeded"], stats["totals"]["failed"]) == (3, 2)
    assert sum(b["succeeded"] for b in stats["series"]) == 3
    assert len(stats["series"]) in (24, 25)
    health = {f["name"]: f for f in stats["flows"]}
    assert health["Good"]["success_rate"] == 1.0
    assert health["Bad"]["success_rate"] == 0.0
    assert health["Good"]["p50_ms"] is not None
    assert stats["top_failing"] == [{"id": str(bad.id), "name": "Bad", "failed": 2}]
    [group] = stats["errors"]
    assert group["count"] == 2
    assert "sku unknown" in group["message"]
    assert api.get("/api/runs/stats/?window=2y").status_code == 400


def test_a_row_shows_how_many_tries_the_hardest_step_needed(api, upstream):
    from django.utils import timezone as tz

    from backend.runs.models import Step

    document = {
        "schema": 1,
        "name": "Retried",
        "nodes": [
            {"id": "start", "block": "core.manual"},
            {
                "id": "erp",
                "block": "core.http_request",
                "config": {"url": upstream.url},
                "retry": {"max_attempts": 3, "initial_delay_s": 60},
            },
        ],
        "edges": [{"from": "start", "to": "erp"}],
    }
    upstream.script = [(503, {}, {})]
    waiting = run(flows.flow_create(document=document), {"order_number": 77})
    Run.objects.filter(id=waiting.id).update(wake_at=tz.now())
    Step.objects.filter(run=waiting).update(next_attempt_at=tz.now())
    assert run_advance(run_id=waiting.id).status == "succeeded"
    [row] = api.get("/api/runs/?search=77").json()["results"]
    assert row["attempts"] == 2


def test_bulk_replay_takes_the_search_too(api, upstream):
    upstream.status = 500
    flow = order_flow(upstream, "Orders")
    wanted = run(flow, {"order_number": 2001})
    run(flow, {"order_number": 2002})
    replayed = api.post("/api/runs/replay/", {"search": "2001"}, format="json").json()["replayed"]
    assert [r["replay_of"] for r in replayed] == [str(wanted.id)]


def test_run_detail_draws_the_flow_version_without_another_query(api, upstream, django_assert_num_queries):
    """The run page colours this graph by step status; it comes with the run's own row."""
    upstream.status = 500
    document = {
        "schema": 1,
        "name": "Drawn",
        "nodes": [
            {"id": "start", "block": "core.manual", "title": "Order arrives"},
            {"id": "erp", "block": "core.http_request", "config": {"url": upstream.url, "headers": {"X-Key": "s3"}}},
        ],
        "edges": [{"from": "start", "to": "erp"}],
        "ui": {"positions": {"start": [0, 0], "erp": [260, 0]}},
    }
    failed = run(flows.flow_create(document=document), {"order_number": 3001})
    # The run with its flow, version and event; its steps; their attempts. As many for any graph.
    with django_assert_num_queries(3):
        detail = api.get(f"/api/runs/{failed.id}/").json()
    assert detail["graph"] == {
        "nodes": [
            {"id": "start", "block": "core.manual", "title": "Order arrives"},
            {"id": "erp", "block": "core.http_request", "title": ""},
        ],
        "edges": [{"from": "start", "to": "erp", "port": "main"}],
        "positions": {"start": [0, 0], "erp": [260, 0]},
    }
    assert [(s["node_id"], s["status"]) for s in detail["steps"]] == [("start", "succeeded"), ("erp", "failed")]
