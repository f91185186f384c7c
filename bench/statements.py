"""PostgreSQL's CPU per statement of a run: the bench flow (webhook -> transform -> HTTP POST to a
local upstream) accepted and drained in-process, with the database server's own CPU time for
this connection (its backend's /proc/<pid>/schedstat, nanoseconds) read around every statement.

Prints, per kind of statement, PostgreSQL CPU per run and per statement, and how often the
prepared ones were planned anew (custom plans) or reused (generic). PostgreSQL on this machine
only: the backend's /proc entry must be readable.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.engine_overhead import setup_django
from bench.harness import ORDER, UpstreamProcess, flow_document

KINDS = [
    ("WITH claimed", "claim (a batch of runs)"),
    ("WITH guard", "a run's finish"),
    ('INSERT INTO "runs_step"', "a batch's first steps"),
    ("WITH parent", "ingress: event + run"),
]


def kind(sql: str) -> str:
    head = sql.lstrip()
    return next((name for prefix, name in KINDS if head.startswith(prefix)), "other: " + head[:50])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--preload", type=int, default=3000, help="runs before measuring, then ANALYZE")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL (postgres://...)")
    upstream = UpstreamProcess()
    try:
        setup_django()
        measure(args, upstream)
    finally:
        upstream.stop()


def measure(args: argparse.Namespace, upstream: UpstreamProcess) -> None:
    from django.db import connection

    from backend.flows.models import Flow
    from backend.flows.services import flow_activate, flow_create
    from backend.runs.advance import run_drain
    from backend.triggers.services import event_accept

    flow = flow_create(document=flow_document(upstream.url))
    flow_activate(flow=flow)
    flow = Flow.objects.get(pk=flow.pk)
    body = json.dumps({**ORDER, "sent_at": 0})

    def accept(count: int) -> None:
        for i in range(count):
            headers = {"X-Request-Id": f"s-{time.time_ns()}-{i}", "Content-Type": "application/json"}
            event_accept(flow=flow, body=body, headers=headers, query={}, publish=False)

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        schedstat = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")

    def cpu_ns() -> int:
        return int(schedstat.read_text().split()[0])

    for _ in range(max(1, args.preload // 300)):
        accept(min(300, args.preload))
        run_drain(token="bench")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    spent: dict[str, list[int]] = defaultdict(lambda: [0, 0])

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        started = cpu_ns()
        try:
            return execute(sql, params, many, context)
        finally:
            totals = spent[kind(sql)]
            totals[0] += cpu_ns() - started
            totals[1] += 1

    runs, batches = 0, 5
    started = cpu_ns()
    with connection.execute_wrapper(timed):
        for _ in range(batches):
            accept(args.runs // batches)
            runs += run_drain(token="bench")
    total = cpu_ns() - started
    prepared = connection.connection.prepare_threshold is not None
    print(f"# PostgreSQL CPU per statement, {runs} runs in-process, statements prepared: {prepared}")
    print(f"PostgreSQL CPU per run: {total / runs / 1e6:.2f} ms")
    print("| statement | ms per run | µs per statement | statements |")
    print("|---|---:|---:|---:|")
    for name, (ns, count) in sorted(spent.items(), key=lambda item: -item[1][0]):
        print(f"| {name} | {ns / runs / 1e6:.3f} | {ns / count / 1e3:.0f} | {count} |")
    if prepared:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
            plans = [(kind(sql), generic, custom) for sql, generic, custom in cursor.fetchall()]
        print("| prepared statement | generic plans | custom plans |")
        print("|---|---:|---:|")
        for name, generic, custom in sorted(plans):
            print(f"| {name} | {generic} | {custom} |")


if __name__ == "__main__":
    main()
