from __future__ import annotations

import pytest

from connectors.stripe import simulator as stripe_simulator


@pytest.fixture
def stripe_sim():
    server = stripe_simulator.make_server()
    yield server
    server.stop()
