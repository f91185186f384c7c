"""Webhook ingest: accepted requests/s and latency at c=1, 10, 50 (stored + queued, 202).

By default the deliveries are signed Shopify `orders/paid` webhooks to a flow on that trigger,
as the issue's workload says: each is verified against the flow's credential (HMAC-SHA256 of the
body) and deduplicated on its X-Shopify-Webhook-Id. `--trigger webhook` posts the same order to
a plain `core.webhook` flow (unsigned, deduplicated on X-Request-Id), the peers' flow and what
rounds 1-14 measured.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.harness import (
    ORDER,
    UpstreamProcess,
    add_trigger_argument,
    backend_name,
    bench_flow,
    connections_per_process,
    cpu_seconds,
    machine_speed,
    postgres_pids,
    product,
    wrk,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load at the highest concurrency first")
    parser.add_argument(
        "--worker",
        choices=("running", "idle"),
        default="running",
        help="idle: the worker takes no runs (RUN_DRAINERS=0, the sweeper held back), so the figures "
        "are the web tier's alone, as in a burst that the workers are behind on; the runs stay queued",
    )
    add_trigger_argument(parser)
    args = parser.parse_args()

    upstream = UpstreamProcess()
    # Not SIGSTOP: a worker stopped inside a transaction would hold SQLite's write lock.
    idle = {"RUN_DRAINERS": "0", "RUN_REPUBLISH_AFTER_S": "3600"} if args.worker == "idle" else {}
    stack, stop = product(**idle)
    shop = None
    try:
        body = Path(tempfile.mkstemp(suffix=".json")[1])
        body.write_bytes(json.dumps(ORDER).encode())
        flow, hmac, shop = bench_flow(stack, upstream.url, args.trigger, body.read_bytes())
        web = stack.child_pids("granian")
        port = urlsplit(flow["webhook_url"]).port
        levels = [int(x) for x in args.concurrency.split(",")]
        # Not recorded, as the peers' driver does before its runs: every web process and thread
        # has served a request (imported the views, opened its database connection), so a
        # point's tail is not a process's first requests. Without it c=10 was the first load to
        # reach the second web process: p99 100-165 ms in some runs, from ~10 requests.
        if args.warmup > 0:
            wrk(
                flow["webhook_url"],
                connections=max(levels),
                seconds=args.warmup,
                body_file=body,
                prefix="warm",
                hmac=hmac,
            )
            time.sleep(2)
        print(
            f"# ingest on {backend_name()}: POST {len(body.read_bytes())} B orders "
            f"({'signed Shopify orders/paid' if hmac else 'unsigned, core.webhook'}) to an active flow's webhook, "
            f"worker {args.worker}, after {args.warmup} s at c={max(levels)} not recorded"
        )
        print(f"# machine: {machine_speed()}")
        print(
            "| c | accepted/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/accept: web (+ PostgreSQL) "
            "| connections per web process |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---|")
        for c in levels:
            web_cpu, db_cpu = cpu_seconds(web), cpu_seconds(postgres_pids())
            # Read once wrk has opened all its connections (they stay open until it ends).
            split: list[int] = []
            reading = threading.Timer(
                min(2.0, args.seconds / 2), lambda into=split: into.extend(connections_per_process(web[0], port))
            )
            reading.start()
            result = wrk(
                flow["webhook_url"], connections=c, seconds=args.seconds, body_file=body, prefix=f"i{c}", hmac=hmac
            )
            reading.join()
            web_cpu, db_cpu = cpu_seconds(web) - web_cpu, cpu_seconds(postgres_pids()) - db_cpu
            accepted = max(1, result["requests"] - result["errors"])
            db = f" (+ {db_cpu * 1000 / accepted:.2f})" if os.environ.get("DATABASE_URL") else ""
            print(
                f"| {c} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
                f"{result['p99_ms']:.1f} | {result['errors']} | {web_cpu * 1000 / accepted:.2f}{db} | "
                f"{'/'.join(map(str, split))} |",
                flush=True,
            )
            time.sleep(2)
    finally:
        stop()
        upstream.stop()
        if shop is not None:
            shop.stop()


if __name__ == "__main__":
    main()
