"""POST /hooks/<token> with JSON nesting too deep: refused at the door with a 4xx, never a 5xx
(a vendor retries a 5xx for ever) and never accepted (the run would fail after its call)."""

from __future__ import annotations

import json
import timeit
from pathlib import Path

import pytest

from backend.core import jsondepth
from backend.flows import services
from backend.runs.models import Run
from backend.triggers.models import Event
from tests.support.documents import ORDER

pytestmark = pytest.mark.django_db


def forward_body(url: str) -> dict:
    """QA's flow: webhook → HTTP POST of the body as it came."""
    return {
        "schema": 1,
        "name": "Forward",
        "nodes": [
            {"id": "hook", "block": "core.webhook", "config": {}},
            {
                "id": "post",
                "block": "core.http_request",
                "config": {"method": "POST", "url": url, "body": "{{ trigger.body }}"},
            },
        ],
        "edges": [{"from": "hook", "to": "post"}],
    }


@pytest.fixture
def flow():
    return services.flow_activate(flow=services.flow_create(document=forward_body("http://127.0.0.1:9/orders")))


def nested(levels: int) -> str:
    """An order whose `x` holds `levels` objects inside each other: the body nests levels + 1 deep."""
    return '{"order":2,"x":' + '{"a":' * levels + "1" + "}" * levels + "}"


def post(client, token, body: str):
    return client.post(f"/hooks/{token}", data=body, content_type="application/json")


def assert_refused_as_too_deep(response) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert f"deeper than {jsondepth.MAX_DEPTH} levels" in body["message"]
    assert body["errors"] == []
    assert Event.objects.count() == 0
    assert Run.objects.count() == 0


def test_a_body_nesting_3000_levels_is_refused_with_400_and_starts_no_run(client, flow):
    assert_refused_as_too_deep(post(client, flow.webhook_token, nested(3000)))


def test_a_body_one_level_over_the_limit_is_refused(client, flow):
    assert_refused_as_too_deep(post(client, flow.webhook_token, nested(jsondepth.MAX_DEPTH)))


def test_a_hundred_thousand_brackets_answer_400_not_500(client, flow):
    assert_refused_as_too_deep(post(client, flow.webhook_token, "[" * 100_000 + "]" * 100_000))


def test_brackets_inside_strings_do_not_count(client, flow):
    body = json.dumps({**ORDER, "note": "[[[{{{" * 100})
    assert post(client, flow.webhook_token, body).status_code == 202


def test_a_body_at_the_limit_is_accepted(client, flow):
    response = post(client, flow.webhook_token, nested(jsondepth.MAX_DEPTH - 1))
    assert response.status_code == 202
    assert Run.objects.filter(pk=response.json()["run_id"]).exists()


def test_the_depth_check_of_the_benchmark_order_costs_microseconds():
    order = (Path(__file__).resolve().parents[3] / "bench" / "order.json").read_text()
    value = json.loads(order)
    loops = 2000
    walk = min(timeit.repeat(lambda: jsondepth.nests_deeper(value, jsondepth.MAX_DEPTH), number=loops, repeat=5))
    parse = min(timeit.repeat(lambda: jsondepth.loads(order), number=loops, repeat=5))
    plain = min(timeit.repeat(lambda: json.loads(order), number=loops, repeat=5))
    # Generous bounds for a loaded CI machine; the figures measured are in docs/api.md.
    assert walk / loops < 200e-6
    assert (parse - plain) / loops < 200e-6
