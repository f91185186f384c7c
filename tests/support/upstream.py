"""A real HTTP server on a loopback socket that records what it receives (the ERP/WMS stand-in)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Upstream:
    """Answers every request with `status` and `reply` (JSON), after `delay_s`, and records it.

    `script` holds (status, reply, headers) answers used first, one per request, in order.
    With `honour_idempotency_key`, a repeated Idempotency-Key gets the first answer again
    and is not counted as a new effect (as Stripe does).
    """

    status: int = 200
    reply: Any = field(default_factory=lambda: {"ok": True})
    delay_s: float = 0.0
    received: list[Received] = field(default_factory=list)
    script: list[tuple[int, Any, dict[str, str]]] = field(default_factory=list)
    honour_idempotency_key: bool = False
    path_delay: dict[str, float] = field(default_factory=dict)
    path_script: dict[str, list[tuple[int, Any, dict[str, str]]]] = field(default_factory=dict)
    in_flight: int = 0
    # Called in the server's thread before each answer, with what was received (to look at the
    # database as another client sees it while the effect is happening).
    on_request: Callable[[Received], None] | None = None
    max_in_flight: int = 0
    effects: dict[str, Received] = field(default_factory=dict)
    server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Upstream:
        return self.start_on(0)

    def start_on(self, port: int) -> Upstream:
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                received = Received(self.command, self.path, dict(self.headers), body)
                with upstream.lock:
                    upstream.received.append(received)
                    scripted = upstream.path_script.get(self.path) or upstream.script
                    status, reply, headers = scripted.pop(0) if scripted else (upstream.status, upstream.reply, {})
                    key = self.headers.get("Idempotency-Key")
                    if upstream.honour_idempotency_key and key:
                        upstream.effects.setdefault(key, received)
                    upstream.in_flight += 1
                    upstream.max_in_flight = max(upstream.max_in_flight, upstream.in_flight)
                if upstream.on_request is not None:
                    upstream.on_request(received)
                delay = upstream.path_delay.get(self.path, upstream.delay_s)
                if delay:
                    time.sleep(delay)
                with upstream.lock:
                    upstream.in_flight -= 1
                payload = json.dumps(reply).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def wait_for(self, count: int, timeout_s: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout_s
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


def main() -> None:
    """`python -m tests.support.upstream [PORT]`: a stand-in ERP that prints every request it gets."""
    import sys

    server = Upstream()
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9999

    class Printing(list):
        def append(self, item: Received) -> None:
            print(f"{item.method} {item.path} {json.dumps(item.body)}", flush=True)
            super().append(item)

    server.received = Printing()
    server.start_on(port)
    print(f"listening on {server.url}; Ctrl-C stops", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
