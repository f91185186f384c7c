"""The run history dashboard in a browser: failed runs counted, found by order number, replayed; a template used."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.support.documents import webhook_transform_http
from tests.support.stack import wait_for_run

pytestmark = pytest.mark.e2e
E2E_DIR = Path(__file__).resolve().parent


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


def test_browser_dashboard_search_replay_and_template(stack, failed_orders, upstream):
    """The built web app, in Chromium: dashboard, search by order number, replay (now succeeds), use a template."""
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        if os.environ.get("E2E_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (E2E_REQUIRE_BROWSER) but not installed")
        pytest.skip("Chromium is not installed here: apt-get install chromium to run the browser tests")
    _, runs = failed_orders
    number, run = next(iter(runs.items()))
    upstream.status = 200  # the ERP is back: the replay from the failed step succeeds
    env = {
        **os.environ,
        "CHROMIUM": chromium,
        "BASE_URL": stack.base_url,
        "ADMIN_USER": "admin",
        "ADMIN_PASSWORD": stack.admin_password,
        "ORDER_NUMBER": str(number),
        "FAILED_RUN_ID": run["id"],
    }
    done = subprocess.run(
        ["node", "--test", "--test-reporter=spec", "dashboard.test.mjs"],
        cwd=E2E_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    replays = stack.api("GET", "/api/runs/", params={"search": str(number)}).json()["results"]
    assert [(r["replay_of"], r["status"]) for r in replays if r["replay_of"]] == [(run["id"], "succeeded")]
