"""What the benchmarks share: the product as real processes, a counting upstream, the flow, wrk."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.support.stack import Stack, start_stack

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ORDER = json.loads((HERE / "order.json").read_text())
# The same mapping the peers' flows do: order ref, total, item count, SKUs; plus the delivery's id
# (to prove one POST per event upstream) and the sender's timestamp (for event-to-effect latency).
TRANSFORM = (
    '{"order_ref": "SHOP-" & $string(trigger.body.id), "total": $number(trigger.body.total_price), '
    '"item_count": $count(trigger.body.line_items), "skus": $join(trigger.body.line_items.sku, ","), '
    '"request_id": $lookup(trigger.headers, "X-Request-Id"), "sent_at": trigger.body.sent_at}'
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


class UpstreamProcess:
    """bench/upstream.py as its own process: never competes with the driver for a GIL."""

    def __init__(self) -> None:
        from tests.support.stack import free_port

        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "bench.upstream", "--port", str(self.port)], cwd=ROOT)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.stats()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _call(self, method: str, path: str) -> dict[str, Any]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path)
            return json.loads(connection.getresponse().read())
        finally:
            connection.close()

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def reset(self) -> None:
        self._call("POST", "/reset")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes and all their descendants.

    A live process's own time plus what its exited children used (cutime/cstime, counted when it
    reaped them): nothing is lost when a worker or a PostgreSQL backend exits during the load."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in {p for root in pids for p in (root, *descendants(root))}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (its CPU is part of a run's cost)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def product(**extra_env: str) -> tuple[Stack, Any]:
    """The product as in production: granian with a worker per core, a Celery worker, beat."""
    cores = str(os.cpu_count() or 2)
    return start_stack(extra_env={"WEB_CONCURRENCY": cores, "LOG_LEVEL": "WARNING", **extra_env})


def active_flow(stack: Stack, document: dict[str, Any]) -> dict[str, Any]:
    created = stack.api("POST", "/api/flows/", json=document)
    created.raise_for_status()
    return stack.api("POST", f"/api/flows/{created.json()['id']}/activate/").json()


def wrk(url: str, *, connections: int, seconds: int, body_file: Path, prefix: str) -> dict[str, Any]:
    """Closed-loop load with wrk (1 thread); returns its JSON summary."""
    # --timeout as the peers' driver: wrk's default (2 s) would count a slow answer as an error.
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    done = subprocess.run(
        [*argv, "-s", str(HERE / "post_order.lua"), url],
        env={**os.environ, "ORDER_JSON": str(body_file), "RUN_PREFIX": prefix},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    match = re.search(r"WRKJSON (\{.*\})", done.stdout)
    if not match:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    return json.loads(match.group(1))


def rss_mb(pid: int, *, children: bool = True) -> float:
    """Resident memory of a process (and, unless told not to, all its descendants), in MB."""
    total = 0
    for p in [pid, *descendants(pid)] if children else [pid]:
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


def connections_per_process(root: int, port: int) -> list[int]:
    """How many established connections to `port` each process under `root` holds, largest first.

    Granian's workers share one listening socket and each keeps the connections it accepted for
    their whole life, so wrk's c connections are split between them by chance, not by load: a
    worker with 8 of 10 is bound to one core by the GIL while the other idles, and the latency
    tail shows it. Read from /proc (the kernel's socket table and each process's descriptors)."""
    sockets = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01":  # ESTABLISHED, the server's end
                sockets.add(f"socket:[{fields[9]}]")
    counts = []
    for pid in descendants(root):
        held = 0
        try:
            fds = list(Path(f"/proc/{pid}/fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                held += os.readlink(fd) in sockets
            except OSError:
                continue
        if held:
            counts.append(held)
    return sorted(counts, reverse=True)


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
