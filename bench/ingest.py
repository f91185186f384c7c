"""Webhook ingest: accepted requests/s and latency at c=1, 10, 50 (stored + queued, 202)."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bench.harness import ORDER, UpstreamProcess, active_flow, backend_name, flow_document, product, wrk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="1,10,50")
    args = parser.parse_args()

    upstream = UpstreamProcess()
    stack, stop = product()
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        body = Path(tempfile.mkstemp(suffix=".json")[1])
        body.write_text(json.dumps(ORDER))
        print(f"# ingest on {backend_name()}: POST {len(body.read_bytes())} B orders to an active flow's webhook")
        print("| c | accepted/s | p50 ms | p95 ms | p99 ms | errors |")
        print("|---:|---:|---:|---:|---:|---:|")
        for c in [int(x) for x in args.concurrency.split(",")]:
            result = wrk(flow["webhook_url"], connections=c, seconds=args.seconds, body_file=body, prefix=f"i{c}")
            print(
                f"| {c} | {result['rps']:.0f} | {result['p50_ms']:.1f} | {result['p95_ms']:.1f} | "
                f"{result['p99_ms']:.1f} | {result['errors']} |",
                flush=True,
            )
            time.sleep(2)
    finally:
        stop()
        upstream.stop()


if __name__ == "__main__":
    main()
