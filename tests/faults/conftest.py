"""Fault-injection tests: the real `serve` processes, a real database and broker, faults for real."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from tests.support.stack import start_stack
from tests.support.upstream import Upstream

# Short clocks so recoveries happen within a test: a dead worker's lease expires 3 s after its
# step's own timeout, the sweeper looks every 2 s, an unpublished run is re-sent after 2 s.
FAST = {"RUN_LEASE_S": "3", "SWEEP_INTERVAL_S": "1", "RUN_REPUBLISH_AFTER_S": "2"}


@pytest.fixture(scope="module")
def stack():
    running, stop = start_stack(extra_env=FAST)
    yield running
    stop()


@pytest.fixture
def upstream():
    server = Upstream(honour_idempotency_key=True).start()
    yield server
    server.stop()


def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("the embedded broker is a folder and cannot go down; this fault runs on Redis (REDIS_URL)")
    return url


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.skip("SQLite is a file in the process and cannot go down; this fault runs on PostgreSQL")
    return url


def host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or {"redis": 6379, "postgres": 5432}[parts.scheme]
