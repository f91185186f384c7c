"""Engine overhead: a 10-step flow of transforms, executed in-process by run_advance (what a worker
calls). Prints ms per step beyond the JSONata evaluation itself, and database writes per step."""

from __future__ import annotations

import argparse
import itertools
import os
import re
import tempfile
import time

from bench.harness import ORDER, TRANSFORM, backend_name

STEPS = 10


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.dovetail.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DOVETAIL_DATA_DIR"] = tempfile.mkdtemp(prefix="dovetail-bench-")
    if os.environ.get("DATABASE_URL"):
        from tests.support.stack import _database_env

        db_env, _ = _database_env(None)  # a fresh database, left for inspection
        os.environ.update(db_env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _writes(sql: str) -> bool:
    """A statement that writes: an INSERT or UPDATE, or a WITH holding one (PostgreSQL's claim and
    a run's one-statement finish are data-modifying WITHs)."""
    first = sql.lstrip().split(None, 1)[0].upper()
    return first in ("INSERT", "UPDATE") or (first == "WITH" and re.search(r"\b(INSERT|UPDATE)\b", sql) is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backend.engine.expressions import evaluate
    from backend.flows.services import flow_create
    from backend.runs.advance import run_advance
    from backend.triggers.services import event_accept_payload

    nodes = [{"id": "start", "block": "core.manual"}]
    expression = TRANSFORM.replace("trigger.body", "trigger")
    for i in range(STEPS):
        nodes.append({"id": f"t{i}", "block": "core.transform", "config": {"expression": expression}})
    ids = [n["id"] for n in nodes]
    document = {
        "schema": 1,
        "name": "bench: 10 transforms",
        "nodes": nodes,
        "edges": [{"from": a, "to": b} for a, b in itertools.pairwise(ids)],
    }
    flow = flow_create(document=document)
    payload = {**ORDER, "sent_at": 0}
    context = {"trigger": payload, "steps": {}, "run": {}}

    for _ in range(20):  # warm caches (compiled expressions, registry, connections)
        run_advance(run_id=event_accept_payload(flow=flow, payload=payload, publish=False).id)
    started = time.perf_counter()
    for _ in range(args.runs * STEPS):
        evaluate(expression, context)
    jsonata_ms = (time.perf_counter() - started) * 1000 / (args.runs * STEPS)

    writes = 0
    elapsed = 0.0
    for _ in range(args.runs):
        run = event_accept_payload(flow=flow, payload=payload, publish=False)
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            finished = run_advance(run_id=run.id)
            elapsed += time.perf_counter() - t0
        assert finished.status == "succeeded", finished.error
        writes += sum(1 for q in queries.captured_queries if _writes(q["sql"]))
    per_step = elapsed * 1000 / (args.runs * STEPS)
    print(f"# engine overhead on {backend_name()}: {args.runs} runs of {STEPS} transform steps, in-process")
    print("| ms per step (total) | JSONata ms per step | engine ms per step beyond JSONata | DB writes per step |")
    print("|---:|---:|---:|---:|")
    print(f"| {per_step:.2f} | {jsonata_ms:.2f} | {per_step - jsonata_ms:.2f} | {writes / (args.runs * STEPS):.1f} |")


if __name__ == "__main__":
    main()
