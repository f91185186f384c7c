"""What the benchmarks share: the product as real processes, a counting upstream, the flow, wrk."""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.support.stack import Stack, start_stack

HERE = Path(__file__).resolve().parent
ORDER = json.loads((HERE / "order.json").read_text())
# The same mapping the peers' flows do: order ref, total, item count, SKUs.
TRANSFORM = (
    '{"order_ref": "SHOP-" & $string(trigger.body.id), "total": $number(trigger.body.total_price), '
    '"item_count": $count(trigger.body.line_items), "skus": $join(trigger.body.line_items.sku, ","), '
    '"sent_at": trigger.body.sent_at}'
)


def flow_document(upstream_url: str, name: str = "bench: order to ERP") -> dict[str, Any]:
    return {
        "schema": 1,
        "name": name,
        "nodes": [
            {"id": "order", "block": "core.webhook"},
            {"id": "map", "block": "core.transform", "config": {"expression": TRANSFORM}},
            {
                "id": "erp",
                "block": "core.http_request",
                "config": {"method": "POST", "url": upstream_url + "/orders", "body": "{{ steps.map }}"},
            },
        ],
        "edges": [{"from": "order", "to": "map"}, {"from": "map", "to": "erp"}],
    }


@dataclass
class CountingUpstream:
    """Records each POST's arrival time and body; answers 200 at once (never the bottleneck)."""

    arrivals: list[tuple[float, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    def start(self) -> CountingUpstream:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                now = time.time()
                with upstream.lock:
                    upstream.arrivals.append((now, json.loads(raw) if raw else None))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def count(self) -> int:
        with self.lock:
            return len(self.arrivals)

    def reset(self) -> None:
        with self.lock:
            self.arrivals.clear()

    def stop(self) -> None:
        self.server.shutdown()


def product(**extra_env: str) -> tuple[Stack, Any]:
    """The product as in production: gunicorn with a worker per core, a Celery worker, beat."""
    cores = str(os.cpu_count() or 2)
    return start_stack(extra_env={"WEB_CONCURRENCY": cores, "LOG_LEVEL": "WARNING", **extra_env})


def active_flow(stack: Stack, document: dict[str, Any]) -> dict[str, Any]:
    created = stack.api("POST", "/api/flows/", json=document)
    created.raise_for_status()
    return stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()


def wrk(url: str, *, connections: int, seconds: int, body_file: Path, prefix: str) -> dict[str, Any]:
    """Closed-loop load with wrk (1 thread); returns its JSON summary."""
    done = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(HERE / "post_order.lua"), url],
        env={**os.environ, "ORDER_JSON": str(body_file), "RUN_PREFIX": prefix},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"WRKJSON (\{.*\})", done.stdout)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    return json.loads(match.group(1))


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        kb = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(kb.group(1)) if kb else 0
    return round(total / 1024, 1)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def backend_name() -> str:
    db = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    broker = "Redis" if os.environ.get("REDIS_URL") else "embedded broker"
    return f"{db} + {broker}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
