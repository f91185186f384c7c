"""Side by side, in one run: Dovetail and its peers (Node-RED, n8n) on the same flow, load and machine.

The peers run through the driver in ../shared/peers (installed by bench/install_peers.sh into
PEERS_DIR, default .peers/): webhook -> transform -> HTTP POST to a counting upstream, wrk closed
loop, every request verified at the upstream. Dovetail runs the same flow through bench.end_to_end.
Peers reply before doing the work in their `async` flow variant, as Dovetail's webhook does (202
once stored and queued); their `sync` variant replies after the upstream POST.

    bench/install_peers.sh
    DATABASE_URL=… REDIS_URL=… .venv/bin/python -m bench.peers --seconds 10
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.end_to_end import load_point
from bench.harness import (
    ORDER,
    ROOT,
    UpstreamProcess,
    active_flow,
    backend_name,
    flow_document,
    machine_speed,
    product,
    rss_mb,
)

DEFAULT_CASES = "nodered:async nodered:sync n8n:async n8n:sync:N8N_EXPRESSION_ENGINE=legacy"


def run_peer(peers_dir: Path, case: str, *, seconds: int, concurrency: str, out: Path) -> list[dict]:
    """One peer case through the peers' own driver; its verified rows."""
    peer, mode, *extra = case.split(":", 2)
    env = {**os.environ, "BENCH_N8N_ENV": extra[0] if extra else "", "BENCH_TAG": f"-{extra[0]}" if extra else ""}
    argv = [sys.executable, "bench.py", "--peer", peer, "--mode", mode, "--conc", concurrency]
    argv += ["--duration", str(seconds), "--repeats", "1", "--startup-repeats", "1", "--warmup", "3", "--out", str(out)]
    subprocess.run(argv, cwd=peers_dir, env=env, check=False, timeout=1800)
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines() if line.strip()]
    label = f"{peer} {mode}" + (f" ({extra[0]})" if extra else "")
    version = next((r.get("version") for r in rows if r.get("kind") == "meta"), "?")
    return [
        {
            "system": f"{label} {version}",
            "c": r["conc"],
            "runs_per_s": r.get("effective_rps_incl_drain") or r["rps"],
            "p50_ms": r["p50_ms"],
            "p99_ms": r["p99_ms"],
            "cpu_ms": r["peer_cpu_ms_per_req"],
            "rss_mb": r["peak_tree_rss_mb"],
            "verified": r["verified"],
        }
        for r in rows
        if r.get("kind") == "run"
    ]


def run_dovetail(*, seconds: int, concurrency: str, workers: str) -> list[dict]:
    body = Path(tempfile.mkstemp(suffix=".json")[1])
    body.write_text(json.dumps(ORDER))
    upstream = UpstreamProcess()
    stack, stop = product(WORKER_CONCURRENCY=workers)
    rows = []
    try:
        flow = active_flow(stack, flow_document(upstream.url))
        load_point(flow, upstream, stack, c=10, seconds=3, body=body)  # warm-up
        for c in [int(x) for x in concurrency.split(",")]:
            peak = [0.0]
            sampling = threading.Event()

            def sample(peak: list[float] = peak, sampling: threading.Event = sampling) -> None:
                while not sampling.is_set():
                    peak[0] = max(peak[0], rss_mb(stack.process.pid))
                    time.sleep(0.25)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            r = load_point(flow, upstream, stack, c=c, seconds=seconds, body=body)
            sampling.set()
            sampler.join()
            db = f" + {r['db_cpu_ms']:.1f} db" if r["db_cpu_ms"] is not None else ""
            rows.append(
                {
                    "system": f"Dovetail ({backend_name()})",
                    "c": c,
                    "runs_per_s": r["runs_per_s"],
                    "p50_ms": r["accept_p50"],
                    "p99_ms": r["accept_p99"],
                    "cpu_ms": r["cpu_ms"] + (r["db_cpu_ms"] or 0.0),
                    "cpu_note": f"{r['cpu_ms']:.1f}{db}",
                    "rss_mb": peak[0],
                    "verified": r["exact"],
                }
            )
    finally:
        stop()
        upstream.stop()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peers-dir", type=Path, default=Path(os.environ.get("PEERS_DIR", ROOT / ".peers")))
    parser.add_argument("--cases", default=DEFAULT_CASES, help="peer:mode[:N8N_ENV=value] …")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--concurrency", default="1,10,50")
    parser.add_argument("--workers", default="4", help="Dovetail's Celery worker concurrency")
    args = parser.parse_args()
    if not (args.peers_dir / "bench.py").exists():
        sys.exit(f"no peers in {args.peers_dir}: run bench/install_peers.sh first")

    out_root = Path(tempfile.mkdtemp(prefix="dovetail-peers-"))
    speed = machine_speed()
    rows = run_dovetail(seconds=args.seconds, concurrency=args.concurrency, workers=args.workers)
    for n, case in enumerate(args.cases.split()):
        rows += run_peer(
            args.peers_dir, case, seconds=args.seconds, concurrency=args.concurrency, out=out_root / str(n)
        )

    print(f"# Dovetail and peers, same flow and load, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"# {os.cpu_count()} cores; wrk -t1, {args.seconds} s per point; raw peer results in {out_root}")
    print(f"# machine: {speed}; the peers' published figures: ../shared/peers/results.md")
    print("| system | c | completed runs/s | response p50 ms | p99 ms | CPU ms/run | peak RSS MB | verified |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        cpu = r.get("cpu_note") or f"{r['cpu_ms']:.1f}"
        print(
            f"| {r['system']} | {r['c']} | {r['runs_per_s']:.1f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {cpu} | "
            f"{r['rss_mb']:.0f} | "
            f"{'yes' if r['verified'] else 'NO'} |"
        )
    ours = {r["c"]: r for r in rows if r["system"].startswith("Dovetail")}
    print("\n| Dovetail / peer | c | runs/s ratio | CPU per run ratio (lower is better) |")
    print("|---|---:|---:|---:|")
    for r in rows:
        mine = ours.get(r["c"])
        if r["system"].startswith("Dovetail") or mine is None or not r["runs_per_s"]:
            continue
        print(
            f"| {r['system']} | {r['c']} | {mine['runs_per_s'] / r['runs_per_s']:.2f} | "
            f"{mine['cpu_ms'] / r['cpu_ms']:.2f} |"
        )


if __name__ == "__main__":
    main()
