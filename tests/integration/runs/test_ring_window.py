"""The doorbell rings of one process, coalesced: a burst of commits asks the bell about once per
`RUN_RING_WINDOW_MS`, and every commit is still followed by a ring that starts after it (which is
what keeps a queued run from being left behind, runs/doorbell.py)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backend.runs import services

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def rings(monkeypatch, settings):
    """A fresh coalescer whose rings are recorded (their start times) instead of made."""
    settings.RUN_RING_WINDOW_MS = 50
    started: list[float] = []
    lock = threading.Lock()

    def ring() -> None:
        with lock:
            started.append(time.monotonic())

    monkeypatch.setattr(services, "run_ring", ring)
    coalescer = services._RingCoalescer()
    monkeypatch.setattr(services, "_coalescer", coalescer)
    return started


def ring_after(commit: float, started: list[float]) -> bool:
    return any(at >= commit for at in started)


def test_a_quiet_process_rings_at_once(rings):
    before = time.monotonic()
    services._coalescer.ring()
    assert len(rings) == 1
    assert rings[0] >= before  # made in the caller's thread, before it returns


def test_a_commit_within_the_window_gets_one_trailing_ring_after_it(rings):
    services._coalescer.ring()
    second = time.monotonic()
    services._coalescer.ring()
    third = time.monotonic()
    services._coalescer.ring()
    assert len(rings) == 1  # neither waited for the bell
    deadline = time.monotonic() + 5
    while len(rings) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert len(rings) == 2, "no trailing ring came"
    assert rings[1] >= third >= second  # one ring, started after both commits it covers
    assert rings[1] - rings[0] >= 0.05 * 0.9  # not before the window's end
    time.sleep(0.15)
    assert len(rings) == 2  # and no other ring without a commit


def test_a_burst_from_many_threads_asks_the_bell_about_once_a_window_and_every_commit_is_covered(rings):
    commits: list[float] = []
    lock = threading.Lock()

    def sender() -> None:
        for _ in range(100):
            at = time.monotonic()  # the commit has happened when the ring is asked for
            with lock:
                commits.append(at)
            services._coalescer.ring()
            time.sleep(random.uniform(0, 0.006))

    began = time.monotonic()
    threads = [threading.Thread(target=sender) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    time.sleep(0.2)  # the last trailing ring
    assert len(commits) == 800
    assert len(rings) <= took / 0.05 + 3, f"{len(rings)} rings for 800 commits in {took:.2f} s"
    uncovered = [c for c in commits if not ring_after(c, rings)]
    assert not uncovered, f"{len(uncovered)} commits with no ring after them"


def test_a_window_of_zero_rings_for_every_commit(rings, settings):
    settings.RUN_RING_WINDOW_MS = 0
    for _ in range(5):
        services._coalescer.ring()
    assert len(rings) == 5


def test_a_process_that_exits_makes_the_ring_still_due(tmp_path):
    """The trailing ring is not lost when the process ends inside the window."""
    log = tmp_path / "rings"
    script = f"""
import django
django.setup()
from backend.runs import services
services.run_ring = lambda: open({str(log)!r}, "a").write("ring\\n")
services._coalescer.ring()
services._coalescer.ring()  # within the window: due on the ringer thread, which exit does not wait for
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "backend.dovetail.settings", "RUN_RING_WINDOW_MS": "60000"}
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, timeout=60)
    assert log.read_text().splitlines() == ["ring", "ring"]
