"""Rate limits: our own per-credential token bucket, and a vendor-reported cost budget (Shopify).

Both live in this process by default and in Redis when REDIS_URL is set, so several workers
share them.

Neither sleeps: `take()` and `reserve()` return how long to wait, and the caller turns a wait into
`RateLimited(retry_after=…)` so the engine parks the step instead of blocking a worker.
"""

from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Rate:
    """`per_second` tokens flow in, up to `burst` saved."""

    per_second: float
    burst: float


class Limiter(Protocol):
    def take(self, key: str, rate: Rate, cost: float = 1.0) -> float:
        """Take `cost` tokens; return 0 when allowed, else the seconds until they are there."""


class MemoryLimiter:
    """Token buckets in this process (the embedded default: one worker process)."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str, rate: Rate, cost: float = 1.0) -> float:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (rate.burst, now))
            tokens = min(rate.burst, tokens + (now - last) * rate.per_second)
            if tokens >= cost:
                self._buckets[key] = (tokens - cost, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (cost - tokens) / rate.per_second


# Refill, then take if there is enough; atomic in Redis so every worker shares one bucket.
_TAKE = """
local tokens = tonumber(redis.call('HGET', KEYS[1], 't') or ARGV[2])
local last = tonumber(redis.call('HGET', KEYS[1], 'ts') or ARGV[4])
local rate, burst, now, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4]), tonumber(ARGV[3])
tokens = math.min(burst, tokens + math.max(0, now - last) * rate)
local wait = 0
if tokens >= cost then tokens = tokens - cost else wait = (cost - tokens) / rate end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RedisLimiter:
    """Token buckets in Redis, shared by every worker on every machine."""

    def __init__(self, url: str, prefix: str = "dovetail:ratelimit:"):
        import redis  # only needed when REDIS_URL is set

        self._redis = redis.Redis.from_url(url)
        self._script = self._redis.register_script(_TAKE)
        self._prefix = prefix

    def take(self, key: str, rate: Rate, cost: float = 1.0) -> float:
        seconds, micros = self._redis.time()  # one clock for every worker
        now = seconds + micros / 1_000_000
        wait = self._script(keys=[self._prefix + key], args=[rate.per_second, rate.burst, cost, now])
        return float(wait)


def credential_key(connector: str, secret: str) -> str:
    """A bucket name for one credential that does not contain the secret."""
    return f"{connector}:{hashlib.sha256(secret.encode()).hexdigest()[:16]}"


_defaults: dict[str, Any] = {}
_default_lock = threading.Lock()


def _shared(name: str, in_redis: Callable[[str], Any], in_process: Callable[[], Any]) -> Any:
    """One per process: in Redis when REDIS_URL is set (several workers), else in this process."""
    with _default_lock:
        if name not in _defaults:
            url = os.environ.get("REDIS_URL", "")
            _defaults[name] = in_redis(url) if url else in_process()
        return _defaults[name]


def default_limiter() -> Limiter:
    """Redis when REDIS_URL is set (several workers), else this process's buckets."""
    return _shared("limiter", RedisLimiter, MemoryLimiter)


class CostBudget(Protocol):
    """A bucket the vendor reports in its answers (Shopify's GraphQL `throttleStatus`), shared by key.

    `report()` stores what the vendor said after a call of `operation`, and what that call
    requested; `reserve()` takes the operation's last requested cost from the bucket (refilled at
    the reported rate since) or says how long until it fits. Nothing known yet: the call goes ahead.
    """

    def reserve(self, key: str, operation: str) -> float: ...

    def report(
        self, key: str, operation: str, *, requested: float | None, available: float, maximum: float, rate: float
    ) -> None: ...


class MemoryCostBudget:
    """Reported buckets in this process (the embedded default: one worker process)."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float, float, float]] = {}  # available, maximum, rate, at
        self._costs: dict[str, float] = {}  # operation -> last requested cost
        self._lock = threading.Lock()

    def reserve(self, key: str, operation: str) -> float:
        now = time.monotonic()
        with self._lock:
            cost = self._costs.get(operation, 0.0)
            if key not in self._buckets or not cost:
                return 0.0
            available, maximum, rate, at = self._buckets[key]
            available = min(maximum, available + max(0.0, now - at) * rate)
            if available >= cost:
                self._buckets[key] = (available - cost, maximum, rate, now)
                return 0.0
            return (cost - available) / rate

    def report(
        self, key: str, operation: str, *, requested: float | None, available: float, maximum: float, rate: float
    ) -> None:
        with self._lock:
            if requested is not None:
                self._costs[operation] = requested
            self._buckets[key] = (available, maximum, rate, time.monotonic())


# Refill the reported bucket to now, then take the operation's cost if it fits; atomic, so two
# workers never both spend the last points. Nothing reported yet: the call goes ahead.
_RESERVE = """
local cost = tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')
local b = redis.call('HMGET', KEYS[1], 'a', 'm', 'r', 'ts')
if cost == 0 or not b[1] then return '0' end
local a, m, r, ts = tonumber(b[1]), tonumber(b[2]), tonumber(b[3]), tonumber(b[4])
local now = tonumber(ARGV[1])
a = math.min(m, a + math.max(0, now - ts) * r)
if a >= cost then
  redis.call('HSET', KEYS[1], 'a', tostring(a - cost), 'ts', tostring(now))
  return '0'
end
return tostring((cost - a) / r)
"""


class RedisCostBudget:
    """Reported buckets (and operation costs) in Redis: every worker on every machine spends one bucket."""

    def __init__(self, url: str, prefix: str = "dovetail:costbudget:"):
        import redis  # only needed when REDIS_URL is set

        self._redis = redis.Redis.from_url(url)
        self._script = self._redis.register_script(_RESERVE)
        self._prefix = prefix
        self._costs = prefix + "costs"

    def _now(self) -> float:
        seconds, micros = self._redis.time()  # one clock for every worker
        return seconds + micros / 1_000_000

    def reserve(self, key: str, operation: str) -> float:
        return float(self._script(keys=[self._prefix + key, self._costs], args=[self._now(), operation]))

    def report(
        self, key: str, operation: str, *, requested: float | None, available: float, maximum: float, rate: float
    ) -> None:
        name = self._prefix + key
        pipe = self._redis.pipeline()
        if requested is not None:
            pipe.hset(self._costs, operation, requested)
        pipe.hset(name, mapping={"a": available, "m": maximum, "r": rate, "ts": self._now()})
        pipe.expire(name, math.ceil(maximum / rate) + 60)  # full again by then: nothing left to remember
        pipe.execute()


def default_cost_budget() -> CostBudget:
    """Redis when REDIS_URL is set (several workers), else this process's buckets."""
    return _shared("cost_budget", RedisCostBudget, MemoryCostBudget)
