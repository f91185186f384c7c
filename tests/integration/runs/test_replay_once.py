"""A failed run is replayed (or retried) once: a second request is refused with 409 and names the
replay, unless the user asks for another one explicitly; two requests at once start one run."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, connections

from backend.runs import services
from backend.runs.advance import run_advance
from backend.runs.models import Run
from tests.support.flows import chain, flow_of, post, start

pytestmark = pytest.mark.django_db


def failed_run(upstream):
    """A manual flow's run whose one POST upstream failed (500); upstream answers 200 from then on."""
    upstream.status = 500
    flow = flow_of(post("erp", upstream.url), edges=chain("erp"))
    run = run_advance(run_id=start(flow, {"order": 1}).id)
    assert run.status == "failed"
    upstream.status = 200
    return run


def replay(api, run_id, **body):
    return api.post(f"/api/runs/{run_id}/replay/", body, format="json")


def retry(api, run_id, **body):
    return api.post(f"/api/runs/{run_id}/retry/", body, format="json")


def finish(response) -> Run:
    assert response.status_code == 202, response.content
    return run_advance(run_id=response.json()["run_id"])


def test_a_second_replay_is_refused_and_names_the_first(api, upstream):
    failed = failed_run(upstream)
    first = finish(replay(api, failed.id))
    assert first.status == "succeeded"
    assert len(upstream.received) == 2  # the failed POST, and the replay's

    again = replay(api, failed.id)
    assert again.status_code == 409
    body = again.json()
    assert body["code"] == "already_replayed"
    assert str(first.id) in body["message"]
    assert Run.objects.filter(replay_of=failed).count() == 1
    assert len(upstream.received) == 2, "the refused replay did not POST again"


def test_again_true_replays_once_more_on_purpose(api, upstream):
    failed = failed_run(upstream)
    finish(replay(api, failed.id))
    another = finish(replay(api, failed.id, again=True))
    assert another.status == "succeeded"
    assert another.replay_of_id == failed.id
    assert len(upstream.received) == 3


def test_a_replay_that_failed_can_be_replayed_itself(api, upstream):
    failed = failed_run(upstream)
    upstream.status = 500
    first = finish(replay(api, failed.id))
    assert first.status == "failed"
    upstream.status = 200

    refused = replay(api, failed.id)
    assert refused.status_code == 409
    assert str(first.id) in refused.json()["message"], "it points at the newer run to replay"
    second = finish(replay(api, first.id))
    assert (second.status, second.replay_of_id) == ("succeeded", first.id)
    assert len(upstream.received) == 3  # failed, failed again, succeeded


def test_retry_is_once_per_run_like_replay(api, upstream):
    failed = failed_run(upstream)
    fresh = finish(retry(api, failed.id))
    assert fresh.status == "succeeded"

    for refused in (retry(api, failed.id), replay(api, failed.id)):
        assert refused.status_code == 409
        assert refused.json()["code"] == "already_replayed"
        assert str(fresh.id) in refused.json()["message"]
    assert len(upstream.received) == 2

    assert finish(retry(api, failed.id, again=True)).status == "succeeded"
    assert len(upstream.received) == 3


def test_a_replayed_run_refuses_a_retry(api, upstream):
    failed = failed_run(upstream)
    replayed = finish(replay(api, failed.id))
    refused = retry(api, failed.id)
    assert refused.status_code == 409
    assert str(replayed.id) in refused.json()["message"]
    assert len(upstream.received) == 2


def test_bulk_replay_skips_a_run_replayed_by_hand(api, upstream):
    failed = failed_run(upstream)
    finish(replay(api, failed.id))
    response = api.post("/api/runs/replay/", {"flow": str(failed.flow_id)}, format="json")
    assert (response.status_code, response.json()["replayed"]) == (202, [])


@pytest.mark.django_db(transaction=True)
def test_two_replays_at_once_start_one_run(upstream, monkeypatch):
    """The first request is held after its check, before its INSERT; the second comes meanwhile.
    It must wait for the first to commit, then be refused (not pass the check too)."""
    failed = failed_run(upstream)
    inside, release = threading.Event(), threading.Event()
    enqueue = services.run_enqueue

    def held_enqueue(**kwargs):
        if threading.current_thread().name == "first":
            inside.set()
            release.wait(10)
        return enqueue(**kwargs)

    monkeypatch.setattr(services, "run_enqueue", held_enqueue)
    outcomes: dict[str, object] = {}

    def replay_in(name):
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    outcomes[name] = services.run_replay(run=Run.objects.get(pk=failed.pk), publish=False)
                    return
                except OperationalError as exc:
                    # The test database is SQLite in memory with a shared cache, whose locks do not
                    # wait on the busy timeout as the file database does: wait here instead.
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(0.02)
        except Exception as exc:  # the outcome is what the test looks at
            outcomes[name] = exc
        finally:
            connections.close_all()

    first = threading.Thread(target=replay_in, args=("first",), name="first")
    second = threading.Thread(target=replay_in, args=("second",), name="second")
    first.start()
    assert inside.wait(10)
    second.start()
    second.join(0.5)  # it waits on the lock (or, unlocked, would pass the check and insert now)
    release.set()
    first.join(20)
    second.join(20)

    assert isinstance(outcomes["first"], Run), outcomes
    assert isinstance(outcomes["second"], services.AlreadyReplayed), outcomes
    assert str(outcomes["first"].id) in outcomes["second"].message
    assert Run.objects.filter(replay_of=failed).count() == 1
