"""Webhook ingest: accepted requests/s and latency at c=1, 10, 50 (stored + queued, 202)."""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from bench.harness import (
    ORDER,
    UpstreamProcess,
    active_flow,
    backend_name,
    cpu_seconds,
    flow_document,
    postgres_pids,
    product,
    wrk,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument(
        "--worker",
        choices=("running", "idle"),
        default="running",
        help="idle: the worker takes no runs (RUN_DRAINERS=0, the sweeper held back), so the figures "
        "are the web tier's alone, as in a burst that the workers are behind on; the runs stay queued",
    )
    args = parser.parse_args()

    upstream = UpstreamProcess()
    # Not SIGSTOP: a worker stopped inside a transaction would hold SQLite's write lock.
    idle = {"RUN_DRAINERS": "0", "RUN_REPUBLISH_AFTER_S": "3600"} if args.worker == "idle" else {}
    stack, stop = product(**idle)
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        body = Path(tempfile.mkstemp(suffix=".json")[1])
        body.write_text(json.dumps(ORDER))
        web = stack.child_pids("granian")
        print(
            f"# ingest on {backend_name()}: POST {len(body.read_bytes())} B orders to an active flow's webhook, "
            f"worker {args.worker}"
        )
        print("| c | accepted/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/accept: web (+ PostgreSQL) |")
        print("|---:|---:|---:|---:|---:|---:|---:|")
        for c in [int(x) for x in args.concurrency.split(",")]:
            web_cpu, db_cpu = cpu_seconds(web), cpu_seconds(postgres_pids())
            result = wrk(flow["webhook_url"], connections=c, seconds=args.seconds, body_file=body, prefix=f"i{c}")
            web_cpu, db_cpu = cpu_seconds(web) - web_cpu, cpu_seconds(postgres_pids()) - db_cpu
            accepted = max(1, result["requests"] - result["errors"])
            db = f" (+ {db_cpu * 1000 / accepted:.2f})" if os.environ.get("DATABASE_URL") else ""
            print(
                f"| {c} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
                f"{result['p99_ms']:.1f} | {result['errors']} | {web_cpu * 1000 / accepted:.2f}{db} |",
                flush=True,
            )
            time.sleep(2)
    finally:
        stop()
        upstream.stop()


if __name__ == "__main__":
    main()
