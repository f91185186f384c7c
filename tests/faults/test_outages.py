"""The broker or the database goes away for real (a proxy in front of it is cut), then returns."""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.faults.conftest import FAST, host_port, postgres_url, redis_url
from tests.faults.helpers import active_flow, http_chain, runs_of, send, wait_until
from tests.support.stack import start_stack
from tests.support.tcpproxy import TcpProxy


def through(url: str, proxy: TcpProxy) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))


@pytest.fixture(scope="module")
def broker_proxy():
    url = redis_url()
    proxy = TcpProxy(*host_port(url)).start()
    stack, stop = start_stack(extra_env={**FAST, "REDIS_URL": through(url, proxy)})
    yield stack, proxy
    if proxy.is_cut:
        proxy.restore()
    stop()
    proxy.cut()


@pytest.fixture(scope="module")
def database_proxy():
    url = postgres_url()
    proxy = TcpProxy(*host_port(url)).start()
    stack, stop = start_stack(extra_env=FAST, route_database=lambda u: through(u, proxy))
    yield stack, proxy
    if proxy.is_cut:
        proxy.restore()
    stop()
    proxy.cut()


def test_events_accepted_while_the_broker_is_down_all_run_once_when_it_returns(broker_proxy, upstream):
    stack, proxy = broker_proxy
    flow = active_flow(stack, http_chain(upstream.url, "wms"))
    proxy.cut()
    outage_started = time.monotonic()
    answers = [send(flow, {"n": n}) for n in range(200)]
    assert [a.status_code for a in answers] == [202] * 200
    time.sleep(max(0.0, 20 - (time.monotonic() - outage_started)))
    assert upstream.received == []  # nothing ran without the broker
    proxy.restore()

    wait_until(lambda: len(upstream.received) >= 200, timeout_s=180, what="200 runs after the outage", stack=stack)
    time.sleep(2)  # a duplicate execution would show up here
    assert sorted(r.body["n"] for r in upstream.received) == list(range(200))
    wait_until(
        lambda: all(r["status"] == "succeeded" for r in runs_of(stack, flow)),
        timeout_s=60,
        what="every run to be recorded as succeeded",
        stack=stack,
    )


def test_ingress_answers_503_never_2xx_while_the_database_is_down(database_proxy, upstream):
    stack, proxy = database_proxy
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    proxy.cut()
    during = [send(flow, {"n": n}).status_code for n in range(5)]
    assert during == [503] * 5
    proxy.restore()

    def accepted():
        return send(flow, {"n": "after"}).status_code == 202

    wait_until(accepted, timeout_s=60, what="ingress to accept again", stack=stack)
    wait_until(
        lambda: any(r.body == {"n": "after"} for r in upstream.received),
        timeout_s=60,
        what="the new event to run",
        stack=stack,
    )
    assert all(r.body == {"n": "after"} for r in upstream.received)


def test_after_the_database_drops_every_connection_the_next_webhooks_are_accepted_not_refused(database_proxy, upstream):
    # The ingress skips Django's per-request health check; a pooled connection the database
    # dropped must cost a reconnect, not a 503 the sender has to retry.
    stack, proxy = database_proxy
    flow = active_flow(stack, http_chain(upstream.url, "erp"))
    before = [send(flow, {"n": f"before-{n}"}).status_code for n in range(16)]
    assert before == [202] * 16
    proxy.cut()  # resets every open connection, the web threads' pooled ones too
    proxy.restore()
    after = [send(flow, {"n": n}) for n in range(16)]
    assert [r.status_code for r in after] == [202] * 16, [r.text for r in after]
    wait_until(
        lambda: sum(isinstance(r.body["n"], int) for r in upstream.received) >= 16,
        timeout_s=60,
        what="the 16 events to run",
        stack=stack,
    )
    time.sleep(1)  # a second run of one would show up here
    assert sorted(r.body["n"] for r in upstream.received if isinstance(r.body["n"], int)) == list(range(16))
