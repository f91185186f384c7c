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


# Each table's heap (main fork + free space and visibility maps), its TOAST table (with its index)
# and each of its indexes: where the bytes of a run go, on PostgreSQL.
RELATIONS_SQL = """
SELECT c.relname,
       pg_relation_size(c.oid, 'main') + pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm'),
       COALESCE(pg_total_relation_size(NULLIF(c.reltoastrelid, 0)), 0)
  FROM pg_class c WHERE c.relname = ANY(%(tables)s)
UNION ALL
SELECT t.relname || ' index ' || i.relname, pg_relation_size(i.oid), 0
  FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
 WHERE t.relname = ANY(%(tables)s)
"""


def relation_bytes(env: dict[str, str]) -> dict[str, int]:
    """Bytes per relation: "<table>" (heap), "<table> TOAST", "<table> index <name>" (PostgreSQL);
    the whole file on SQLite."""
    if env.get("DATABASE_URL"):
        sizes: dict[str, int] = {}
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            for name, heap, toast in conn.execute(RELATIONS_SQL, {"tables": list(TABLES)}):
                sizes[name] = heap
                if name in TABLES:
                    sizes[name + " TOAST"] = toast
        return sizes
    path = Path(env["DOVETAIL_DATA_DIR"]) / "dovetail.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return {"dovetail.sqlite3": path.stat().st_size}


def vacuum(env: dict[str, str]) -> None:
    """What autovacuum does in time: the dead row versions a load left (a run's row is written three
    times, an action's step twice) become free space that the next rows reuse (PostgreSQL only)."""
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        for table in TABLES:
            conn.execute(f"VACUUM {table}")


def column_bytes(env: dict[str, str]) -> list[tuple[str, float]]:
    """Average stored size of each column (pg_column_size: after compression, TOAST pointers as
    18 bytes), over every row of the run tables (PostgreSQL only)."""
    if not env.get("DATABASE_URL"):
        return []
    found = []
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        for table in TABLES:
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
                    "AND NOT attisdropped ORDER BY attnum",
                    (table,),
                )
            ]
            averages = ", ".join(f'AVG(pg_column_size("{c}"))' for c in columns)
            row = conn.execute(f"SELECT COUNT(*), {averages} FROM {table}").fetchone()
            found += [
                (f"{table}.{c} (avg of {row[0]} rows)", float(v or 0)) for c, v in zip(columns, row[1:], strict=True)
            ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration of the load (c=10)")
    parser.add_argument(
        "--no-steady", dest="steady", action="store_false", help="skip the second load after a VACUUM (PostgreSQL)"
    )
    args = parser.parse_args()
    body = Path(tempfile.mkstemp(suffix=".json")[1])
    body.write_text(json.dumps(ORDER))
    upstream = UpstreamProcess()
    stack, stop = product()
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        time.sleep(3)
        web = stack.child_pids("granian")
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
        before = relation_bytes(stack.env)
        peak = dict(idle)
        sampling = True

        def sample() -> None:
            while sampling:
                for key, value in measure_rss().items():
                    peak[key] = max(peak[key], value)
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = load_point(flow, upstream, stack, c=10, seconds=args.seconds, body=body)
        sampling = False
        sampler.join()
        runs = upstream.stats()["posts"]
        after = relation_bytes(stack.env)
        columns = column_bytes(stack.env)
        total = sum(after.values()) - sum(before.values())
        again: dict[str, float] = {}
        if stack.env.get("DATABASE_URL") and args.steady:
            # The same load again after a VACUUM: its rows reuse the space the first load's dead
            # versions held, as they do in a database that autovacuum keeps up with. Measured after
            # a second VACUUM, which also moves the search index's pending list (whose pages the
            # second load reused) into the index itself: without it that index would count ~0.
            vacuum(stack.env)
            start = relation_bytes(stack.env)
            load_point(flow, upstream, stack, c=10, seconds=args.seconds, body=body)
            runs_again = upstream.stats()["posts"]
            vacuum(stack.env)
            again = {name: (size - start[name]) / runs_again for name, size in relation_bytes(stack.env).items()}
        print(f"# footprint on {backend_name()}")
        print("| role | RSS idle MB (all processes) | RSS peak under load MB (all) | largest process idle / peak MB |")
        print("|---|---:|---:|---:|")
        for role, name in (("web", "web (granian)"), ("worker", "worker (Celery)")):
            print(
                f"| {name} | {idle[role]:.0f} | {peak[role]:.0f} | "
                f"{idle[role + '_one']:.0f} / {peak[role + '_one']:.0f} |"
            )
        print(
            f"\nstored per run (webhook -> transform -> HTTP: event + run + 3 steps + attempt, inputs and outputs "
            f"kept; {runs} runs, one POST per event: {result['exact']}): {total / runs / 1024:.2f} KB"
        )
        if again:
            print(
                f"stored per run, the same load again after a VACUUM of the first ({runs_again} runs): "
                f"{sum(again.values()) / 1024:.2f} KB"
            )
        if len(after) > 1:
            print("\n| relation | bytes per run | again after a VACUUM |\n|---|---:|---:|")
            for name in sorted(after):
                first = (after[name] - before.get(name, 0)) / runs
                print(f"| {name} | {first:.0f} | {again[name]:.0f} |" if again else f"| {name} | {first:.0f} | |")
        if columns:
            print("\n| column | average stored bytes |\n|---|---:|")
            for name, size in columns:
                print(f"| {name} | {size:.0f} |")
    finally:
        stop()
        upstream.stop()


if __name__ == "__main__":
    main()
