from __future__ import annotations

import pytest

from connectors.shopify import simulator as shopify_simulator


@pytest.fixture
def shopify():
    """A Shopify simulator that records every webhook it sends.

    Nobody listens at the receiver: a test takes the delivery from `shopify.deliveries` and posts
    it to Dovetail itself (tests/integration/connectors/shopify_flows.py).
    """
    server = shopify_simulator.make_server()
    server.receivers.append({"url": "http://127.0.0.1:9/unreachable", "topics": ["*"]})
    yield server
    server.stop()
