"""The walking skeleton, end to end, on real processes: webhook in, worker runs, upstream receives."""

from __future__ import annotations

import pytest
import requests

from tests.support.documents import ORDER, webhook_transform_http
from tests.support.stack import wait_for_run

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def delivered(stack, upstream_module):
    """Given an active webhook → transform → HTTP flow, when an order is posted to its webhook URL."""
    created = stack.api("POST", "/api/flows/", json=webhook_transform_http(upstream_module.url))
    assert created.status_code == 201, created.text
    flow = stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()
    accepted = requests.post(flow["webhook_url"], json=ORDER, timeout=10)
    return flow, accepted


@pytest.fixture(scope="module")
def upstream_module():
    from tests.support.upstream import Upstream

    server = Upstream().start()
    yield server
    server.stop()


def test_webhook_is_accepted_with_the_run_id(delivered):
    _, accepted = delivered
    assert accepted.status_code == 202
    assert accepted.json()["status"] == "queued"


def test_upstream_receives_the_transformed_order_once(delivered, upstream_module):
    received = upstream_module.wait_for(1)
    assert len(received) == 1
    assert received[0].method == "POST"
    assert received[0].path == "/orders"
    assert received[0].body == {
        "order_number": 1001,
        "email": "ana@example.com",
        "skus": ["SHIRT-M-BLUE", "SOCK-L"],
    }


def test_run_shows_three_succeeded_steps_in_order(stack, delivered):
    run = wait_for_run(stack, delivered[1].json()["run_id"])
    assert run["status"] == "succeeded", run
    assert [(s["node_id"], s["status"]) for s in run["steps"]] == [
        ("order", "succeeded"),
        ("map", "succeeded"),
        ("post", "succeeded"),
    ]
    assert run["steps"][2]["output"]["status"] == 200
    listed = stack.api("GET", f"/api/runs/?flow={delivered[0]['id']}").json()["results"]
    assert [r["id"] for r in listed] == [run["id"]]


def test_browser_shows_the_run(stack, delivered, browser_test):
    """The built web app, in Chromium: log in, see the flow, open the run and its three steps."""
    run = wait_for_run(stack, delivered[1].json()["run_id"])
    browser_test("smoke.test.mjs", EXPECT_RUN_ID=run["id"])
