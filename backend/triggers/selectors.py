"""Read-side helpers of the triggers app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection

from backend.core import rows
from backend.flows.models import Flow, FlowVersion
from backend.flows.versions import attach_document
from backend.triggers.models import PollState
from connectors.sdk import Block


def flow_polling_status(*, flow_id: Any) -> dict[str, Any] | None:
    """How a polling flow's last poll went (cursor, times, last error), or None when it does not poll."""
    state = PollState.objects.filter(flow_id=flow_id).first()
    if state is None:
        return None
    return {
        "block": state.block,
        "cursor": state.cursor,
        "armed_at": state.armed_at,
        "last_polled_at": state.last_polled_at,
        "last_success_at": state.last_success_at,
        "next_poll_at": state.next_poll_at,
        "failures": state.failures,
        "last_error": state.last_error,
    }


_INGRESS_FIELDS = ("id", "current_version_id", "webhook_subscription")  # what the ingress reads of a flow


# The ingress runs this for every delivery. Django's compiler costs ~2.5 ms of CPU for the same
# lookup written as a QuerySet (two models' columns, a deferred field, an ORDER BY); the fixed SQL
# is ~0.2 ms. Table names come from the models; the columns are Django's defaults for their fields.


def _webhook_flow_sql() -> str:
    quote = connection.ops.quote_name
    flows, versions = Flow._meta.db_table, FlowVersion._meta.db_table
    return (
        f"SELECT {rows.columns(Flow, 'f', _INGRESS_FIELDS)}, "
        f"v.{quote('checksum')} AS version_checksum FROM {quote(flows)} f "
        f"JOIN {quote(versions)} v ON v.{quote('id')} = f.{quote('current_version_id')} "
        f"WHERE f.{quote('webhook_token')} = %s AND f.{quote('active')}"
    )


@dataclass(frozen=True)
class Listener:
    """A flow listening at a token, as the ingress read it: its trigger block, what the trigger
    verifies signatures with (the credential, decrypted; a Stripe endpoint's own secret added),
    and the guards under which both are still as read (`webhook_flow_unchanged`)."""

    flow: Flow
    trigger: Block | None
    credential: Mapping[str, Any] | None
    guards: rows.Guards


# The listeners this web process last accepted an event for, by token: a delivery to one of them
# skips the flow's look-up and the credential's read and decryption (40 % of a signed delivery's
# CPU, docs/performance.md), and what it writes is guarded by `webhook_flow_unchanged` in the same
# statement.
_recent: dict[str, Listener] = {}
_RECENT_MAX = 1000


def webhook_flow_recent(*, token: str) -> Listener | None:
    """What this process last accepted an event at `token` with, read without a query.

    The flow or its credential may have changed since (deactivated, a new version, a new token, a
    new secret, deleted): write for it only under `webhook_flow_unchanged`, and look it up again
    when that fails.
    """
    return _recent.get(token)


def webhook_flow_remember(*, token: str, listener: Listener) -> None:
    if len(_recent) >= _RECENT_MAX:
        _recent.clear()
    _recent[token] = listener


def webhook_flow_forget(*, token: str) -> None:
    _recent.pop(token, None)


def webhook_flow_unchanged(*, token: str, flow: Flow, credential_guard: rows.Guard | None) -> rows.Guards:
    """The conditions under which `flow`, as read, still listens at `token` (`rows.insert_with_parent`):
    everything the ingress reads of it, and its trigger's credential's row. The subscription holds
    the secret a vendor signs with, which a deactivation and activation change while the rest
    stays: a delivery signed with the old one passes against the remembered flow, then fails here,
    and is checked again against the new. So does one signed with a credential's old secret after
    the credential was edited."""
    flow_guard: rows.Guard = (
        Flow,
        {
            "id": flow.id,
            "webhook_token": token,
            "active": True,
            "current_version": flow.current_version_id,
            "webhook_subscription": flow.webhook_subscription,
        },
    )
    return rows.guards(flow_guard, *([credential_guard] if credential_guard else []))


def webhook_flow(*, token: str) -> Flow | None:
    """The active flow listening at `/hooks/<token>`, with its current version's document; else None.

    Only the fields the ingress reads are loaded (any other is fetched on access, as for `.only()`).
    A plain cursor rather than a RawQuerySet: its per-query set-up cost more than the query.
    """
    with connection.cursor() as cursor:
        cursor.execute(_webhook_flow_sql(), [token])
        row = cursor.fetchone()
    if row is None:
        return None
    flow = rows.load(Flow, row[:-1], _INGRESS_FIELDS)
    flow.current_version = attach_document(FlowVersion(id=flow.current_version_id, flow_id=flow.id, checksum=row[-1]))
    return flow
