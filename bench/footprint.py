"""Footprint: RSS of the web server and the worker (each with its child processes) at idle and under
load, and database bytes per stored run (webhook -> transform -> HTTP, inputs and outputs kept)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from bench.end_to_end import load_point
from bench.harness import (
    ORDER,
    UpstreamProcess,
    active_flow,
    backend_name,
    descendants,
    flow_document,
    product,
    rss_mb,
)

TABLES = ("runs_run", "runs_step", "runs_stepattempt", "triggers_event")


def stored_bytes(env: dict[str, str]) -> int:
    if env.get("DATABASE_URL"):
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            return sum(conn.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0] for table in TABLES)
    path = Path(env["DOVETAIL_DATA_DIR"]) / "dovetail.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration of the load (c=10)")
    args = parser.parse_args()
    body = Path(tempfile.mkstemp(suffix=".json")[1])
    body.write_text(json.dumps(ORDER))
    upstream = UpstreamProcess()
    stack, stop = product()
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        time.sleep(3)
        web = stack.child_pids("gunicorn")
        worker = stack.child_pids("backend.dovetail worker")

        def measure_rss() -> dict[str, float]:
            # With children (the whole role) and the largest single process of the role.
            return {
                "web": sum(rss_mb(p) for p in web),
                "worker": sum(rss_mb(p) for p in worker),
                "web_one": max(rss_mb(q, children=False) for p in web for q in (p, *descendants(p))),
                "worker_one": max(rss_mb(q, children=False) for p in worker for q in (p, *descendants(p))),
            }

        idle = measure_rss()
        before = stored_bytes(stack.env)
        peak = dict(idle)
        sampling = True

        def sample() -> None:
            while sampling:
                for key, value in measure_rss().items():
                    peak[key] = max(peak[key], value)
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = load_point(flow, upstream, stack.process.pid, c=10, seconds=args.seconds, body=body)
        sampling = False
        sampler.join()
        runs = upstream.stats()["posts"]
        after = stored_bytes(stack.env)
        print(f"# footprint on {backend_name()}")
        print("| role | RSS idle MB (all processes) | RSS peak under load MB (all) | largest process idle / peak MB |")
        print("|---|---:|---:|---:|")
        for role, name in (("web", "web (gunicorn)"), ("worker", "worker (Celery)")):
            print(
                f"| {name} | {idle[role]:.0f} | {peak[role]:.0f} | "
                f"{idle[role + '_one']:.0f} / {peak[role + '_one']:.0f} |"
            )
        print(
            f"\nstored per run (webhook -> transform -> HTTP: event + run + 3 steps + attempt, inputs and outputs "
            f"kept; {runs} runs, one POST per event: {result['exact']}): {(after - before) / runs / 1024:.2f} KB"
        )
    finally:
        stop()
        upstream.stop()


if __name__ == "__main__":
    main()
