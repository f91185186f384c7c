"""The vendor simulators, each on its own port for one test."""

from __future__ import annotations

import pytest

from connectors.httpauth import simulator as oauth2_simulator
from connectors.shopify import simulator as shopify_simulator
from connectors.stripe import simulator as stripe_simulator


@pytest.fixture
def shopify_sim():
    server = shopify_simulator.make_server()
    yield server
    server.stop()


@pytest.fixture
def stripe_sim():
    server = stripe_simulator.make_server()
    yield server
    server.stop()


@pytest.fixture
def oauth2_sim():
    server = oauth2_simulator.make_server()
    yield server
    server.stop()
