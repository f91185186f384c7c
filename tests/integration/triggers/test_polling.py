"""Polling triggers against the Shopify simulator: one run per order change, never two, failures shown."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from backend.credentials.services import credential_create
from backend.flows import services as flows
from backend.runs.advance import run_advance
from backend.runs.models import Run
from backend.triggers.models import PollState
from backend.triggers.polling import poll_tick
from connectors.shopify import simulated_store
from connectors.shopify import simulator as shopify_simulator
from connectors.shopify.client import ShopifyClient

pytestmark = pytest.mark.django_db


class Clock:
    """One clock for Dovetail's ticks and the simulated shop's timestamps (seconds, as Shopify's)."""

    def __init__(self) -> None:
        self.at = timezone.now().replace(microsecond=0)

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at

    def shopify(self) -> str:
        return self.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(simulated_store, "now", clock.shopify)
    return clock


def polling_flow(shopify_sim, *, interval_s: int = 60):
    credential = credential_create(name="Shopify sandbox", connector="shopify", data=shopify_sim.credential())
    document = {
        "schema": 1,
        "name": "Orders, polled",
        "nodes": [
            {
                "id": "orders",
                "block": "shopify.order_updated_polling",
                "credential": str(credential.id),
                "config": {"interval_s": interval_s},
            },
            {"id": "name", "block": "core.transform", "config": {"expression": "trigger.name"}},
        ],
        "edges": [{"from": "orders", "to": "name"}],
    }
    return flows.flow_activate(flow=flows.flow_create(document=document))


def runs_by_order() -> dict[str, int]:
    counts: dict[str, int] = {}
    for run in Run.objects.select_related("event"):
        order_id = json.loads(run.event.body)["id"]
        counts[order_id] = counts.get(order_id, 0) + 1
    return counts


def test_orders_from_before_activation_never_fire(shopify_sim, clock):
    clock.advance(seconds=-30)
    shopify_sim.create_order(email="old@example.com")
    clock.advance(seconds=30)
    polling_flow(shopify_sim)
    assert poll_tick(now=clock.advance(seconds=15)) == 0
    assert Run.objects.count() == 0


def test_each_new_order_starts_one_run_and_a_re_poll_starts_none(shopify_sim, clock):
    flow = polling_flow(shopify_sim)
    clock.advance(seconds=5)
    first = shopify_sim.create_order(email="ana@example.com")
    second = shopify_sim.create_order(email="bo@example.com")
    changed_at = clock.shopify()

    assert poll_tick(now=clock.advance(seconds=15)) == 2
    assert runs_by_order() == {first["admin_graphql_api_id"]: 1, second["admin_graphql_api_id"]: 1}
    assert poll_tick(now=clock.advance(seconds=10)) == 0, "not due yet: the interval is 60 s"
    assert poll_tick(now=clock.advance(seconds=60)) == 0, "the same orders, polled again, start nothing"
    assert Run.objects.count() == 2

    run = run_advance(run_id=Run.objects.get(event__body__contains=first["admin_graphql_api_id"]).id)
    assert run.status == "succeeded", run.error
    assert run.steps.get(node_id="name").output == first["name"]
    state = PollState.objects.get(flow=flow)
    assert state.cursor == changed_at, "the cursor is the newest change seen"
    assert state.last_error is None


def test_an_updated_order_starts_one_more_run(shopify_sim, clock):
    polling_flow(shopify_sim)
    clock.advance(seconds=5)
    order = shopify_sim.create_order()
    poll_tick(now=clock.advance(seconds=15))
    clock.advance(seconds=30)
    ShopifyClient(shopify_sim.credential()).add_order_tags(order["admin_graphql_api_id"], ["vip"])

    assert poll_tick(now=clock.advance(seconds=60)) == 1
    assert poll_tick(now=clock.advance(seconds=60)) == 0
    assert runs_by_order() == {order["admin_graphql_api_id"]: 2}
    newest = Run.objects.order_by("-created_at").first()
    assert json.loads(newest.event.body)["tags"] == ["vip"]


def test_a_failed_poll_is_shown_and_the_next_tick_catches_up(api, shopify_sim, clock):
    flow = polling_flow(shopify_sim)
    clock.advance(seconds=5)
    order = shopify_sim.create_order()
    port = int(shopify_sim.url.rsplit(":", 1)[1])
    shopify_sim.stop()  # the shop is unreachable

    assert poll_tick(now=clock.advance(seconds=15)) == 0
    polling = api.get(f"/api/flows/{flow.id}/").json()["polling"]
    assert polling["failures"] == 1
    assert polling["last_error"]["type"] == "Retryable"
    assert "failed" in polling["last_error"]["message"]
    assert shopify_sim.access_token not in json.dumps(polling)

    back = shopify_simulator.ShopifySimulator(port=port)
    back.store = shopify_sim.store  # the same shop, up again
    back.start()
    try:
        assert poll_tick(now=clock.advance(seconds=1)) == 1, "a failed poll is retried on the next tick"
    finally:
        back.stop()
    assert runs_by_order() == {order["admin_graphql_api_id"]: 1}
    polling = api.get(f"/api/flows/{flow.id}/").json()["polling"]
    assert polling["failures"] == 0
    assert polling["last_error"] is None


def test_a_wrong_token_is_shown_with_shopifys_message(api, shopify_sim, clock):
    flow = polling_flow(shopify_sim)
    shopify_sim.access_token = "shpat_rotated"  # the shop revoked the token the credential holds
    poll_tick(now=clock.advance(seconds=15))
    error = api.get(f"/api/flows/{flow.id}/").json()["polling"]["last_error"]
    assert error["type"] == "CredentialRejected"
    assert "Invalid API key or access token" in error["message"]


def test_deactivating_forgets_the_cursor_so_reactivating_starts_from_now(shopify_sim, clock):
    flow = polling_flow(shopify_sim)
    flows.flow_deactivate(flow=flow)
    assert not PollState.objects.filter(flow=flow).exists()
    clock.advance(seconds=-30)
    shopify_sim.create_order()  # while the flow is off
    clock.advance(seconds=30)
    flows.flow_activate(flow=flow)
    assert PollState.objects.filter(flow=flow).exists()
    assert poll_tick(now=clock.advance(seconds=15)) == 0
