"""A per-credential token bucket: in this process by default, in Redis when REDIS_URL is set.

It never sleeps: `take()` returns how long to wait, and the HTTP client turns a wait into
`RateLimited(retry_after=…)` so the engine parks the step instead of blocking a worker.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from typing import Protocol


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


_default: Limiter | None = None
_default_lock = threading.Lock()


def default_limiter() -> Limiter:
    """Redis when REDIS_URL is set (several workers), else this process's buckets."""
    global _default
    with _default_lock:
        if _default is None:
            url = os.environ.get("REDIS_URL", "")
            _default = RedisLimiter(url) if url else MemoryLimiter()
        return _default
