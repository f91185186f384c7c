"""When to try a failed step again: the retry policy as a pure function."""

from __future__ import annotations

import random
from typing import Any

from backend.engine.document import RetryPolicy


def next_delay(
    policy: RetryPolicy, *, attempt: int, error: dict[str, Any], rng: random.Random | None = None
) -> float | None:
    """Seconds to wait before try `attempt + 1`, or None when the step must not be tried again.

    `attempt` counts the tries made so far (1 after the first). Only a retryable error is retried.
    The vendor's Retry-After wins over the backoff (Temporal's `next_retry_delay`); otherwise
    the delay is `min(max_delay_s, initial_delay_s * backoff ** (attempt - 1))` with full jitter
    (uniform between half and all of it, so a burst of failures does not retry in lockstep).
    """
    if not error.get("retryable") or attempt >= policy.max_attempts:
        return None
    retry_after = error.get("retry_after_s")
    if retry_after is not None:
        return max(0.0, float(retry_after))
    ceiling = min(policy.max_delay_s, policy.initial_delay_s * policy.backoff ** (attempt - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)
