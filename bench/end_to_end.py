"""End to end: webhook -> transform -> HTTP POST to a local upstream, under wrk at c = 1, 10, 50.

The webhook is a signed Shopify `orders/paid` delivery by default, as a shop's would be
(`--trigger webhook`: unsigned, to `core.webhook`, the peers' flow, which `bench.peers` runs).

Per point: completed runs/s (upstream arrivals over the time from the first request to the last
arrival), the accept latency wrk saw, CPU ms per run of the product's processes (web, worker,
beat) and of the database server, and whether every accepted event reached the upstream exactly
once (the peers' rule: 0 <= upstream POSTs - 2xx answers <= c, no request id twice). Then the
event-to-effect latency with an empty queue: events sent one at a time, the event's own timestamp
to its arrival upstream.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from pathlib import Path

import requests

from bench.harness import (
    ORDER,
    ShopifyFlow,
    UpstreamProcess,
    add_trigger_argument,
    backend_name,
    bench_flow,
    cpu_seconds,
    machine_speed,
    postgres_pids,
    product,
    wrk,
)
from tests.support.stack import Stack


def drain(upstream: UpstreamProcess, at_least: int, timeout_s: float = 300) -> dict:
    """Wait until the upstream has `at_least` POSTs and no more arrive for a second."""
    deadline = time.time() + timeout_s
    stats = upstream.stats()
    while stats["posts"] < at_least and time.time() < deadline:
        time.sleep(0.05)
        stats = upstream.stats()
    while time.time() < deadline:
        time.sleep(1.0)  # a duplicate or an in-flight run would arrive here
        later = upstream.stats()
        if later["posts"] == stats["posts"]:
            return later
        stats = later
    return stats


def load_point(
    flow: dict, upstream: UpstreamProcess, stack: Stack, *, c: int, seconds: int, body: Path, hmac: str | None = None
) -> dict:
    """One wrk point; with `hmac`, each request a signed Shopify delivery of `body` (`harness.bench_flow`)."""
    upstream.reset()
    pg = postgres_pids() if os.environ.get("DATABASE_URL") else []
    web, worker = stack.child_pids("granian"), stack.child_pids("backend.dovetail worker")
    cpu0, db0 = cpu_seconds([stack.process.pid]), cpu_seconds(pg)
    web0, worker0 = cpu_seconds(web), cpu_seconds(worker)
    started = time.time()
    result = wrk(
        flow["webhook_url"],
        connections=c,
        seconds=seconds,
        body_file=body,
        prefix=f"e{c}-{uuid.uuid4().hex[:6]}",
        hmac=hmac,
    )
    ok = result["requests"] - result["errors"]
    stats = drain(upstream, ok)
    runs = max(stats["posts"], 1)
    # Every POST carried an id (the delivery's, or with a signed body the run's), none twice.
    ids_ok = stats["repeated_ids"] == 0 and stats["unique_ids"] == stats["posts"]
    exact = result["errors"] == 0 and ids_ok and 0 <= stats["posts"] - ok <= c
    return {
        "runs_per_s": stats["posts"] / (stats["last_at"] - started) if stats["last_at"] else 0.0,
        "accepted_per_s": result["rps"],
        "accept_p50": result["p50_ms"],
        "accept_p99": result["p99_ms"],
        "cpu_ms": (cpu_seconds([stack.process.pid]) - cpu0) * 1000 / runs,
        "web_cpu_ms": (cpu_seconds(web) - web0) * 1000 / runs,
        "worker_cpu_ms": (cpu_seconds(worker) - worker0) * 1000 / runs,
        "db_cpu_ms": (cpu_seconds(pg) - db0) * 1000 / runs if pg else None,
        "exact": exact,
        "detail": f"{stats['posts']} POSTs for {ok} accepted, {stats['repeated_ids']} repeated ids, "
        f"{result['errors']} errors",
    }


def empty_queue_latency(flow: dict, upstream: UpstreamProcess, events: int, shop: ShopifyFlow | None) -> dict:
    """Event-to-effect with nothing queued: one event at a time, each waited for upstream."""
    upstream.reset()
    session = requests.Session()
    for n in range(events):
        body = json.dumps({**ORDER, "sent_at": time.time()}).encode()
        headers = shop.headers(body) if shop else {"Content-Type": "application/json", "X-Request-Id": uuid.uuid4().hex}
        session.post(flow["webhook_url"], data=body, headers=headers, timeout=30)
        deadline = time.time() + 30
        while upstream.stats()["posts"] <= n and time.time() < deadline:
            time.sleep(0.002)
    return upstream.stats()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per point")
    parser.add_argument("--workers", default="4", help="Celery worker processes to try, e.g. 2,4")
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--latency-events", type=int, default=100)
    add_trigger_argument(parser)
    args = parser.parse_args()

    body = Path(tempfile.mkstemp(suffix=".json")[1])
    body.write_text(json.dumps(ORDER))
    kind = "signed Shopify orders/paid" if args.trigger == "shopify" else "unsigned, core.webhook"
    print(
        f"# end to end on {backend_name()}: wrk {args.seconds} s per point, {len(body.read_bytes())} B orders ({kind})"
    )
    print(f"# machine: {machine_speed()}")
    print(
        "| worker processes | c | completed runs/s | accepted/s | accept p50 ms | accept p99 ms "
        "| CPU ms/run (product: web + worker) | CPU ms/run (database) | one POST per event |"
    )
    print("|---:|---:|---:|---:|---:|---:|---|---:|---|")
    latencies = []
    for workers in [int(w) for w in args.workers.split(",")]:
        upstream = UpstreamProcess()
        stack, stop = product(WORKER_CONCURRENCY=str(workers))
        shop = None
        try:
            flow, hmac, shop = bench_flow(stack, upstream.url, args.trigger, body.read_bytes())
            load_point(flow, upstream, stack, c=10, seconds=3, body=body, hmac=hmac)  # warm-up
            for c in [int(x) for x in args.concurrency.split(",")]:
                r = load_point(flow, upstream, stack, c=c, seconds=args.seconds, body=body, hmac=hmac)
                db = "-" if r["db_cpu_ms"] is None else f"{r['db_cpu_ms']:.1f}"
                print(
                    f"| {workers} | {c} | {r['runs_per_s']:.1f} | {r['accepted_per_s']:.0f} | {r['accept_p50']:.1f} "
                    f"| {r['accept_p99']:.1f} | {r['cpu_ms']:.1f} ({r['web_cpu_ms']:.1f} + {r['worker_cpu_ms']:.1f}) "
                    f"| {db} | "
                    f"{'yes' if r['exact'] else 'NO'} ({r['detail']}) |",
                    flush=True,
                )
            latencies.append((workers, empty_queue_latency(flow, upstream, args.latency_events, shop)))
        finally:
            stop()
            upstream.stop()
            if shop is not None:
                shop.stop()
    print("\n| worker processes | event-to-effect p50 ms | p95 ms | p99 ms (queue empty) |")
    print("|---:|---:|---:|---:|")
    for workers, s in latencies:
        print(f"| {workers} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} |")


if __name__ == "__main__":
    main()
