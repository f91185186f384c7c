"""Footprint: RSS of the web server and the worker (each with its child processes) at idle and under
load, and database bytes per stored run (webhook -> transform -> HTTP, inputs and outputs kept)."""

from __future__ import annotations

import argparse
import os
import sqlite3
import threading
import time
from pathlib import Path

import psycopg

from bench.end_to_end import measure
from bench.harness import CountingUpstream, active_flow, backend_name, flow_document, product, rss_mb

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
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    upstream = CountingUpstream().start()
    stack, stop = product()
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        time.sleep(3)
        web = stack.child_pids("gunicorn")
        worker = stack.child_pids("backend.dovetail worker")
        idle = {"web": sum(rss_mb(p) for p in web), "worker": sum(rss_mb(p) for p in worker)}
        before = stored_bytes(stack.env)

        peak = dict(idle)
        sampling = True

        def sample() -> None:
            while sampling:
                peak["web"] = max(peak["web"], sum(rss_mb(p) for p in web))
                peak["worker"] = max(peak["worker"], sum(rss_mb(p) for p in worker))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = measure(flow, upstream, count=args.events, concurrency=10)
        sampling = False
        sampler.join()
        after = stored_bytes(stack.env)
        print(f"# footprint on {backend_name()} ({os.cpu_count()} gunicorn workers, 2 Celery processes)")
        print("| process (with children) | RSS idle MB | RSS peak under load MB |")
        print("|---|---:|---:|")
        print(f"| web (gunicorn) | {idle['web']:.0f} | {peak['web']:.0f} |")
        print(f"| worker (Celery) | {idle['worker']:.0f} | {peak['worker']:.0f} |")
        print(
            f"\nstored per run (3 steps, {len(flow_document(upstream.url)['nodes'])} nodes, event + run + steps + "
            f"attempts, {args.events} runs, exactly once: {result['exactly_once']}): "
            f"{(after - before) / args.events / 1024:.2f} KB"
        )
    finally:
        stop()
        upstream.stop()


if __name__ == "__main__":
    main()
