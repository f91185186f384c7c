from __future__ import annotations

import pytest

from connectors.sdk import ActionContext
from connectors.shopify import simulator as shopify_simulator


@pytest.fixture
def shopify_sim():
    server = shopify_simulator.make_server()
    yield server
    server.stop()


@pytest.fixture
def ctx(shopify_sim):
    """An ActionContext factory: ctx(key=..., **credential overrides)."""

    def make(key: str = "run1:step:1", **credential) -> ActionContext:
        return ActionContext(
            run_id="run1", node_id="n", idempotency_key=key, credential={**shopify_sim.credential(), **credential}
        )

    return make
