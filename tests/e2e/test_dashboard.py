"""The run history dashboard in a browser: failed runs counted, found by order number, replayed; a template used."""

from __future__ import annotations

import random
import time

import pytest
import requests

from tests.support.documents import webhook_transform_http
from tests.support.stack import wait_for_run

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def upstream():
    from tests.support.upstream import Upstream

    server = Upstream(status=500, reply={"error": {"message": "ERP is down"}}).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def failed_orders(stack, upstream):
    """Given a flow whose ERP answers 500, when three orders with unique numbers arrive: three failed runs."""
    name = f"Dashboard ERP {time.time_ns()}"
    created = stack.api("POST", "/api/flows/", json=webhook_transform_http(upstream.url, name=name))
    assert created.status_code == 201, created.text
    flow = stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()
    # Numbers no other test's payload holds, so a search finds only these runs.
    first = random.randint(700_000_000, 799_999_000)
    runs = {}
    for number in range(first, first + 3):
        order = {"order_number": number, "email": f"buyer{number}@example.com", "line_items": [{"sku": "CAP-1"}]}
        accepted = requests.post(flow["webhook_url"], json=order, timeout=10)
        assert accepted.status_code == 202, accepted.text
        runs[number] = wait_for_run(stack, accepted.json()["run_id"])
    return flow, runs


def test_runs_fail_and_each_is_found_by_its_order_number(stack, failed_orders):
    flow, runs = failed_orders
    assert {run["status"] for run in runs.values()} == {"failed"}
    number, run = next(iter(runs.items()))
    found = stack.api("GET", "/api/runs/", params={"search": str(number)}).json()["results"]
    assert [r["id"] for r in found] == [run["id"]]
    stats = stack.api("GET", "/api/runs/stats/", params={"window": "1h", "flow": flow["id"]}).json()
    assert stats["totals"]["failed"] == 3


def test_browser_dashboard_search_replay_and_template(stack, failed_orders, upstream, browser_test):
    """The built web app, in Chromium: dashboard, search by order number, replay (now succeeds), use a template."""
    _, runs = failed_orders
    number, run = next(iter(runs.items()))
    upstream.status = 200  # the ERP is back: the replay from the failed step succeeds
    browser_test("dashboard.test.mjs", ORDER_NUMBER=str(number), FAILED_RUN_ID=run["id"])
    replays = stack.api("GET", "/api/runs/", params={"search": str(number)}).json()["results"]
    assert [(r["replay_of"], r["status"]) for r in replays if r["replay_of"]] == [(run["id"], "succeeded")]
