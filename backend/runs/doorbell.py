"""The doorbell: how a queued run gets a worker without a broker message of its own.

The database is the queue: a queued run is a committed row, and a drainer (the `drain_runs`
task) claims queued runs oldest first until none is left. The broker only carries the wake-ups.
A publisher rings after its commit; the bell counts the drainers that are running or on their
way (each holds a token until it leaves, or until the token expires if its worker died), and
only when fewer than `RUN_DRAINERS` are counted does a ring add a token and publish a
`drain_runs` message with it. So under load one message carries many runs, and the workers'
per-message work (receive, hand-off to a child process, acknowledge) is paid per batch.

Why no run is left behind: a publisher that does not publish saw, after its commit, at least one
counted token. The holder of each counted token scans for queued runs after that moment: one on
its way scans when it starts; one running scans again before it leaves, and once more after it
has left (`run_drain`). A holder that dies before scanning leaves its token to expire; the
sweeper republishes a queued run nobody took (RUN_REPUBLISH_AFTER_S) whatever the bell says.

Two bells, chosen as the broker is: a Redis sorted set (token -> expiry, one Lua script per ring)
and, for the embedded default, a JSON file under an exclusive lock in the broker folder.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from django.conf import settings

# KEYS[1]: the set of tokens scored by expiry (ms, Redis's clock); ARGV: ttl ms, max drainers, token.
_RING = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
  return 1
end
return 0
"""
# ARGV: ttl ms, token. Counted again (or still) until now + ttl.
_RENEW = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[1]) * 2)
return 1
"""


class Doorbell(Protocol):
    def ring(self) -> str | None:
        """Count a new drainer and return its token, or None when enough are counted already."""

    def renew(self, token: str) -> None:
        """Keep (or make) the token counted for another `ttl`: its drainer is alive and scanning."""

    def leave(self, token: str) -> None:
        """The drainer stops; its token no longer counts."""


def _token() -> str:
    return uuid.uuid4().hex


class RedisDoorbell:
    def __init__(self, url: str, key: str, *, drainers: int, ttl_s: float) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self.key, self.drainers, self.ttl_ms = key, drainers, int(ttl_s * 1000)
        self._ring = self.client.register_script(_RING)
        self._renew = self.client.register_script(_RENEW)

    def ring(self) -> str | None:
        token = _token()
        return token if self._ring(keys=[self.key], args=[self.ttl_ms, self.drainers, token]) else None

    def renew(self, token: str) -> None:
        self._renew(keys=[self.key], args=[self.ttl_ms, token])

    def leave(self, token: str) -> None:
        self.client.zrem(self.key, token)


class FileDoorbell:
    """The same bell for one machine: {token: expiry} in a JSON file, changed under `flock`."""

    def __init__(self, path: Path, *, drainers: int, ttl_s: float) -> None:
        self.path, self.drainers, self.ttl_s = path, drainers, ttl_s

    def _change(self, change: Callable[[dict[str, float], float], str | None]) -> str | None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            with os.fdopen(os.dup(fd), "r+") as file:
                text = file.read()
                now = time.time()
                tokens = {t: e for t, e in (json.loads(text) if text else {}).items() if e > now}
                result = change(tokens, now)
                file.seek(0)
                file.truncate()
                file.write(json.dumps(tokens))
            return result
        finally:
            os.close(fd)  # releases the lock

    def ring(self) -> str | None:
        def add(tokens: dict[str, float], now: float) -> str | None:
            if len(tokens) >= self.drainers:
                return None
            token = _token()
            tokens[token] = now + self.ttl_s
            return token

        return self._change(add)

    def renew(self, token: str) -> None:
        self._change(lambda tokens, now: tokens.__setitem__(token, now + self.ttl_s))

    def leave(self, token: str) -> None:
        self._change(lambda tokens, now: tokens.pop(token, None) and None)


def redis_key(queue: str) -> str:
    """The Redis key of the drainers counted for `queue`."""
    return f"dovetail:drainers:{queue}"


@functools.cache
def doorbell() -> Doorbell:
    """This process's bell (one Redis connection pool, opened on first use: after a fork)."""
    ttl = settings.RUN_LEASE_S
    if settings.REDIS_URL:
        key = redis_key(settings.CELERY_TASK_DEFAULT_QUEUE)
        return RedisDoorbell(settings.REDIS_URL, key, drainers=settings.RUN_DRAINERS, ttl_s=ttl)
    return FileDoorbell(Path(settings.BROKER_DIR) / "drainers.json", drainers=settings.RUN_DRAINERS, ttl_s=ttl)
