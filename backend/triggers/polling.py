"""Polling triggers: each beat tick polls the flows that are due; one event per new item, then the cursor.

The cursor is per flow (PollState). Activation starts it at "now", so items changed before never
fire (Zapier's rule). A poll's items are stored as events (UNIQUE(flow, dedup_key) drops the ones
seen before) in the same transaction that moves the cursor: a crash between the two repeats the
poll, never loses or doubles an item. A failed poll keeps the cursor, records its error on the
state (shown by the flow API) and is tried again on the next tick, backing off to the interval.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.core.errors import ApplicationError
from backend.credentials.services import credential_resolve
from backend.flows.models import Flow
from backend.runs.services import run_enqueue
from backend.triggers.models import Event, PollState
from connectors.sdk import BlockError, PollContext, PollingTrigger, RateLimited, default_registry

logger = logging.getLogger(__name__)
POLL_TIMEOUT_S = 30.0


def _polling_trigger(flow: Flow) -> tuple[dict[str, Any], PollingTrigger] | None:
    if flow.current_version is None:
        return None
    registry = default_registry()
    for node in flow.current_version.document.get("nodes", []):
        block = registry.get(node.get("block"))
        if isinstance(block, PollingTrigger):
            return node, block
    return None


def poll_arm(*, flow: Flow, now: datetime | None = None) -> PollState | None:
    """Start the flow's cursor at `now` (on activation); an armed flow keeps its cursor.

    A cursor left by another trigger (the flow's document changed) starts again from now.
    """
    found = _polling_trigger(flow)
    if found is None:
        return None
    _, trigger = found
    now = now or timezone.now()
    fresh = {"block": trigger.key, "cursor": trigger.start_cursor(now), "next_poll_at": now, "armed_at": now}
    fresh |= {"last_polled_at": None, "last_success_at": None, "last_error": None, "failures": 0}
    state, created = PollState.objects.get_or_create(flow=flow, defaults=fresh)
    if not created and state.block != trigger.key:
        PollState.objects.filter(pk=state.pk).update(**fresh)
        state.refresh_from_db()
    return state


def poll_disarm(*, flow: Flow) -> None:
    """Forget the cursor, so re-activating does not fire for what changed while the flow was off."""
    PollState.objects.filter(flow=flow).delete()


def poll_tick(*, now: datetime | None = None) -> int:
    """Poll every active flow whose polling trigger is due. Returns how many runs started."""
    now = now or timezone.now()
    started = 0
    for flow in Flow.objects.filter(active=True).select_related("current_version"):
        found = _polling_trigger(flow)
        if found is None:
            continue
        node, trigger = found
        state = PollState.objects.filter(flow=flow).first()
        if state is None or state.block != trigger.key:
            poll_arm(flow=flow, now=now)  # first sight (the flow's trigger changed while active): start from now
            continue
        if state.next_poll_at > now:
            continue
        interval = trigger.interval_for(node.get("config"))
        # The claim: of two ticks that see the flow due, one moves next_poll_at and polls.
        claimed = PollState.objects.filter(pk=state.pk, next_poll_at=state.next_poll_at)
        if claimed.update(next_poll_at=now + timedelta(seconds=interval)) != 1:
            continue
        started += poll_flow(flow=flow, node=node, trigger=trigger, state=state, now=now)
    return started


def poll_flow(*, flow: Flow, node: dict[str, Any], trigger: PollingTrigger, state: PollState, now: datetime) -> int:
    """One poll of one flow: fetch, then store the new items and the cursor together."""
    try:
        credential = credential_resolve(credential_id=node["credential"]) if node.get("credential") else None
        ctx = PollContext(flow_id=str(flow.pk), node_id=node["id"], credential=credential, timeout_s=POLL_TIMEOUT_S)
        items, cursor = trigger.poll(ctx, node.get("config") or {}, state.cursor)
    except BlockError as exc:
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        _poll_failed(state=state, error=exc.as_json(), now=now, node=node, trigger=trigger, retry_after=retry_after)
        return 0
    except ApplicationError as exc:  # the node's credential is gone
        error = {"type": type(exc).__name__, "code": exc.code, "message": exc.message, "retryable": False}
        _poll_failed(state=state, error=error, now=now, node=node, trigger=trigger)
        return 0
    except Exception as exc:  # a bug in a connector must not stop the other flows' polls
        logger.exception("flow %s: %s poll crashed", flow.pk, trigger.key)
        error = {"type": "InternalError", "code": "internal_error", "retryable": False}
        error["message"] = f"{trigger.key} crashed: {type(exc).__name__}: {exc}"
        _poll_failed(state=state, error=error, now=now, node=node, trigger=trigger)
        return 0
    return _poll_store(flow=flow, trigger=trigger, state=state, items=items, cursor=cursor, now=now)


def _poll_store(
    *, flow: Flow, trigger: PollingTrigger, state: PollState, items: list[Any], cursor: Any, now: datetime
) -> int:
    started = 0
    with transaction.atomic():
        locked = PollState.objects.select_for_update().filter(pk=state.pk).first()
        if locked is None or not Flow.objects.filter(pk=flow.pk, active=True).exists():
            return 0  # deactivated while the poll ran
        keys = [trigger.item_key(item) for item in items]
        seen = set(Event.objects.filter(flow=flow, dedup_key__in=keys).values_list("dedup_key", flat=True))
        for item, key in zip(items, keys, strict=True):
            if key in seen:
                continue
            seen.add(key)
            try:
                with transaction.atomic():  # a concurrent poll stored it first: skip this item, keep the rest
                    event = Event.objects.create(
                        flow=flow, source=Event.Source.POLL, body=json.dumps(item), dedup_key=key
                    )
                    run_enqueue(flow_version=flow.current_version, event=event)
            except IntegrityError:
                continue
            started += 1
        if locked.cursor == state.cursor:  # else a concurrent poll moved it: never move it back
            locked.cursor = cursor
        locked.last_polled_at = locked.last_success_at = now
        locked.last_error, locked.failures = None, 0
        locked.save(update_fields=["cursor", "last_polled_at", "last_success_at", "last_error", "failures"])
    return started


def _poll_failed(
    *,
    state: PollState,
    error: dict[str, Any],
    now: datetime,
    node: dict[str, Any],
    trigger: PollingTrigger,
    retry_after: float | None = None,
) -> None:
    """Keep the cursor, record the error; try again on the next tick, then back off up to the interval."""
    failures = state.failures + 1
    interval = trigger.interval_for(node.get("config"))
    wait = retry_after if retry_after is not None else min(interval, settings.POLL_TICK_S * (2 ** (failures - 1) - 1))
    PollState.objects.filter(pk=state.pk).update(
        last_error=error, failures=failures, last_polled_at=now, next_poll_at=now + timedelta(seconds=wait)
    )
    logger.warning("flow %s: %s poll failed (%d in a row): %s", state.flow_id, trigger.key, failures, error["message"])
