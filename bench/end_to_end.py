"""End to end: webhook -> transform -> HTTP POST to a local upstream. Completed runs/s with 1 and 2
worker processes, and event-to-effect latency (the event's own timestamp to its arrival upstream).
A figure counts only when the upstream received exactly one POST per event."""

from __future__ import annotations

import argparse
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from bench.harness import ORDER, CountingUpstream, active_flow, backend_name, flow_document, percentile, product


def send_events(url: str, *, count: int, concurrency: int) -> tuple[float, list[str]]:
    """POST `count` distinct orders, `concurrency` at a time; returns (start time, event ids)."""
    session = requests.Session()
    ids = [f"{uuid.uuid4().hex[:12]}" for _ in range(count)]

    def post(event_id: str) -> int:
        body = {**ORDER, "id": event_id, "sent_at": time.time()}
        return session.post(url, json=body, timeout=30).status_code

    started = time.time()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(post, ids))
    rejected = [s for s in statuses if s != 202]
    if rejected:
        raise RuntimeError(f"{len(rejected)} events were not accepted: {rejected[:5]}")
    return started, ids


def measure(
    stack_url_flow: dict, upstream: CountingUpstream, *, count: int, concurrency: int, timeout_s: float = 300
) -> dict:
    upstream.reset()
    started, ids = send_events(stack_url_flow["webhook_url"], count=count, concurrency=concurrency)
    deadline = time.time() + timeout_s
    while upstream.count() < count and time.time() < deadline:
        time.sleep(0.05)
    time.sleep(1.0)  # a duplicate delivery would arrive here
    arrivals = list(upstream.arrivals)
    received = [body["order_ref"].removeprefix("SHOP-") for _, body in arrivals]
    exact = sorted(received) == sorted(ids)
    latencies = [(at - body["sent_at"]) * 1000 for at, body in arrivals]
    finished = max(at for at, _ in arrivals) if arrivals else float("nan")
    return {
        "runs_per_s": count / (finished - started) if exact else float("nan"),
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
        "exactly_once": exact,
        "received": len(arrivals),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--workers", default="1,2", help="Celery worker processes to try")
    parser.add_argument("--concurrency", default="1,10")
    args = parser.parse_args()

    print(f"# end to end on {backend_name()}: {args.events} events per point")
    print("| worker processes | c | completed runs/s | p50 ms | p95 ms | p99 ms | one POST per event |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for workers in [int(w) for w in args.workers.split(",")]:
        upstream = CountingUpstream().start()
        stack, stop = product(WORKER_CONCURRENCY=str(workers))
        try:
            flow = active_flow(stack, flow_document(upstream.url))
            measure(flow, upstream, count=20, concurrency=2)  # warm-up
            for c in [int(x) for x in args.concurrency.split(",")]:
                r = measure(flow, upstream, count=args.events, concurrency=c)
                print(
                    f"| {workers} | {c} | {r['runs_per_s']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                    f"{r['p99_ms']:.0f} | {'yes' if r['exactly_once'] else 'NO (' + str(r['received']) + ')'} |",
                    flush=True,
                )
        finally:
            stop()
            upstream.stop()


if __name__ == "__main__":
    main()
