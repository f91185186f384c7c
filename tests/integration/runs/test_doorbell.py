"""The doorbell's count of drainers, on each kind of bell: a JSON file under a lock (the embedded
default) and a Redis sorted set (when REDIS_URL is set; the PostgreSQL + Redis pass runs it)."""

from __future__ import annotations

import multiprocessing
import os
import time
import uuid

import pytest

from backend.runs.doorbell import FileDoorbell, RedisDoorbell

KINDS = ["file", "redis"]


def make_bell(kind: str, where: str, *, drainers: int, ttl_s: float = 30):
    if kind == "file":
        return FileDoorbell(where, drainers=drainers, ttl_s=ttl_s)
    return RedisDoorbell(os.environ["REDIS_URL"], where, drainers=drainers, ttl_s=ttl_s)


@pytest.fixture(params=KINDS)
def where(request, tmp_path):
    """The file, or the Redis key, one bell keeps its tokens in."""
    if request.param == "file":
        yield request.param, tmp_path / "drainers.json"
        return
    if not os.environ.get("REDIS_URL"):
        pytest.skip("the Redis bell needs REDIS_URL (the PostgreSQL + Redis pass sets it)")
    key = f"dovetail-test:drainers:{uuid.uuid4().hex}"
    yield request.param, key
    make_bell("redis", key, drainers=1).client.delete(key)


def test_a_ring_counts_a_drainer_until_enough_are_counted(where):
    bell = make_bell(*where, drainers=2)
    first, second = bell.ring(), bell.ring()
    assert first is not None
    assert second not in (None, first)
    assert bell.ring() is None  # two are counted: they will find the run


def test_a_drainer_that_leaves_makes_room_and_one_that_renews_counts_again(where):
    bell = make_bell(*where, drainers=1)
    token = bell.ring()
    bell.leave(token)
    again = bell.ring()
    assert again is not None
    bell.leave(again)
    bell.renew(token)  # it found a run after leaving: counted again
    assert bell.ring() is None


def test_the_token_of_a_drainer_that_died_stops_counting_when_it_expires(where):
    bell = make_bell(*where, drainers=1, ttl_s=0.3)
    assert bell.ring() is not None
    assert bell.ring() is None
    time.sleep(0.4)
    assert bell.ring() is not None


def _drain_often(kind, where, go, live, most, held) -> None:
    """Ring, and while holding a token count it among the live ones; leave; again."""
    bell = make_bell(kind, where, drainers=3)
    go.wait()
    for _ in range(150):
        token = bell.ring()
        if token is None:
            continue
        with live.get_lock():
            live.value += 1
            most.value = max(most.value, live.value)
            held.value += 1
        time.sleep(0.0005)
        with live.get_lock():
            live.value -= 1  # before it leaves: `live` never counts more than the bell does
        bell.leave(token)


def test_drainers_ringing_and_leaving_in_many_processes_at_once_never_exceed_the_limit(where):
    spawn = multiprocessing.get_context("spawn")
    go, live, most, held = spawn.Event(), spawn.Value("i", 0), spawn.Value("i", 0), spawn.Value("i", 0)
    processes = [spawn.Process(target=_drain_often, args=(*where, go, live, most, held)) for _ in range(6)]
    for process in processes:
        process.start()
    go.set()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert held.value > 3  # tokens were handed out again and again
    assert most.value <= 3
