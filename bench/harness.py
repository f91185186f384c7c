"""What the benchmarks share: the product as real processes, a counting upstream, the flow, wrk."""

from __future__ import annotations

import argparse
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


# The same mapping from a Shopify trigger, whose output is the order itself. Its body is the same
# for every delivery (it is signed once), so the id the upstream counts is the run's: a run that
# posted twice shows as a repeated id, an event that started two runs as POSTs over the accepted.
SHOPIFY_TRANSFORM = (
    '{"order_ref": "SHOP-" & $string(trigger.id), "total": $number(trigger.total_price), '
    '"item_count": $count(trigger.line_items), "skus": $join(trigger.line_items.sku, ","), '
    '"request_id": run.id, "sent_at": trigger.sent_at}'
)


class ShopifyFlow:
    """An active flow on Shopify's signed `orders/paid` webhook, as a shop would have it: its
    credential points at a Shopify simulator in this process (activation registers the webhook
    there; no delivery goes through it), and every request must carry the body's HMAC."""

    def __init__(self, stack: Stack, upstream_url: str) -> None:
        from connectors.shopify.simulator import ShopifySimulator

        self.simulator = ShopifySimulator().start()
        created = stack.api(
            "POST",
            "/api/credentials/",
            json={"name": "bench shop", "connector": "shopify", "data": self.simulator.credential()},
        )
        created.raise_for_status()
        document = flow_document(upstream_url, name="bench: paid Shopify order to ERP")
        document["nodes"][0] = {"id": "order", "block": "shopify.order_paid", "credential": created.json()["id"]}
        document["nodes"][1]["config"]["expression"] = SHOPIFY_TRANSFORM
        self.flow = active_flow(stack, document)

    def signature(self, body: bytes) -> str:
        from connectors.shopify.webhooks import sign

        return sign(body, self.simulator.webhook_secret)

    def headers(self, body: bytes) -> dict[str, str]:
        """Shopify's headers for one new delivery of `body` (bench/post_order.lua writes the same)."""
        return {
            "Content-Type": "application/json",
            "X-Shopify-Hmac-Sha256": self.signature(body),
            "X-Shopify-Topic": "orders/paid",
            "X-Shopify-Webhook-Id": f"bench-{time.time_ns()}",
        }

    def check(self, body: bytes) -> None:
        """One signed delivery must be accepted as a new event (202), or the load would measure refusals."""
        import requests

        answer = requests.post(self.flow["webhook_url"], data=body, headers=self.headers(body), timeout=10)
        if answer.status_code != 202:
            raise RuntimeError(f"a signed delivery got {answer.status_code}: {answer.text}")

    def stop(self) -> None:
        self.simulator.stop()


def add_trigger_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trigger",
        choices=("shopify", "webhook"),
        default="shopify",
        help="shopify: signed Shopify deliveries to a `shopify.order_paid` flow; webhook: unsigned, to `core.webhook`",
    )


def bench_flow(
    stack: Stack, upstream_url: str, trigger: str, body: bytes
) -> tuple[dict[str, Any], str | None, ShopifyFlow | None]:
    """The active flow a bench loads (`--trigger`), the HMAC that signs `body` for it (None when
    unsigned) and the Shopify flow to stop afterwards (None for `core.webhook`)."""
    if trigger == "webhook":
        return active_flow(stack, flow_document(upstream_url)), None, None
    shop = ShopifyFlow(stack, upstream_url)
    shop.check(body)
    return shop.flow, shop.signature(body), shop


def wrk(
    url: str, *, connections: int, seconds: int, body_file: Path, prefix: str, hmac: str | None = None
) -> dict[str, Any]:
    """Closed-loop load with wrk (1 thread); returns its JSON summary. With `hmac`, every request
    is a signed Shopify delivery (bench/post_order.lua)."""
    # --timeout as the peers' driver: wrk's default (2 s) would count a slow answer as an error.
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    done = subprocess.run(
        [*argv, "-s", str(HERE / "post_order.lua"), url],
        env={**os.environ, "ORDER_JSON": str(body_file), "RUN_PREFIX": prefix, "SHOPIFY_HMAC": hmac or ""},
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


# A loop at a module's top level (its variables are globals), as the figures in docs/performance.md
# since round 12 were taken: `python3 -c` of these lines.
_SPEED_LOOP = """
import time
t = time.perf_counter()
s = 0
for i in range(5000000): s += i
print(time.perf_counter() - t)
"""


def machine_speed() -> str:
    """How fast this machine runs Python right now: the best of three runs of 5 M additions.

    This VM's speed drifts by up to 2.5 times between hours (docs/performance.md, rounds 12-15), so
    every bench prints it beside its figures: a figure compares only with one taken at a like speed.
    """
    runs = [subprocess.run([sys.executable, "-c", _SPEED_LOOP], capture_output=True, text=True) for _ in range(3)]
    best = min(float(run.stdout) for run in runs)
    return f"5 M Python additions in {best:.2f} s (rounds 13-14's fast minutes: 0.29-0.33)"


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
