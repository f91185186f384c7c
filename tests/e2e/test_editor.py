"""The flow editor in Chromium, end to end: build a flow by hand, run it from its webhook, import a bad file."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def upstream():
    from tests.support.upstream import Upstream

    server = Upstream().start()
    yield server
    server.stop()


def test_editor_builds_activates_and_runs_a_flow(stack, upstream, browser_test):
    """Given the built web app, when an operator drags, wires, fills, saves and activates a
    webhook → transform → HTTP flow, posts an order to it and then test-runs it, then the upstream
    receives the transformed order once per run and the canvas shows every node green (asserted
    in editor.test.mjs)."""
    browser_test("editor.test.mjs", UPSTREAM_URL=upstream.url)
    received = upstream.wait_for(2)
    assert [(r.method, r.path) for r in received] == [("POST", "/orders"), ("POST", "/orders")]
    for delivery in received:
        assert delivery.body == {
            "order_number": 1001,
            "email": "ana@example.com",
            "skus": ["SHIRT-M-BLUE", "SOCK-L"],
        }
