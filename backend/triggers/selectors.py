"""Read-side helpers of the triggers app."""

from __future__ import annotations

from typing import Any

from backend.triggers.models import PollState


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
