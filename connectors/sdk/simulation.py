"""What every vendor simulator shares: a threaded loopback HTTP server and signed-webhook sending.

A simulator subclasses `Simulator` and implements `handle(request) -> Reply`; its state is
plain Python under `self.lock`. `make_server()` in each vendor's simulator.py returns one
started, with `.url` and `.stop()`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests


@dataclass(frozen=True)
class SimRequest:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        return b"" if self.body is None else json.dumps(self.body).encode()


@dataclass
class Delivery:
    """One webhook the simulator sent, and what the receiver answered."""

    url: str
    topic: str
    headers: dict[str, str]
    body: bytes
    status: int | None


class Simulator:
    """A vendor fake on 127.0.0.1; subclasses implement `handle`."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.lock = threading.RLock()
        self.requests: list[SimRequest] = []
        self.exchanges: list[tuple[SimRequest, Reply]] = []  # every call and its answer, for contract tests
        self.deliveries: list[Delivery] = []
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Simulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def handle(self, request: SimRequest) -> Reply:
        raise NotImplementedError

    def deliver(self, url: str, topic: str, body: bytes, headers: dict[str, str]) -> Delivery:
        """POST a webhook to `url` (Dovetail's /hooks/<token>, or a test receiver) and keep the result."""
        try:
            status: int | None = requests.post(url, data=body, headers=headers, timeout=10).status_code
        except requests.RequestException:
            status = None
        delivery = Delivery(url, topic, headers, body, status)
        with self.lock:
            self.deliveries.append(delivery)
        return delivery

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                parts = urlsplit(self.path)
                request = SimRequest(
                    method=self.command,
                    path=parts.path,
                    query=parse_qsl(parts.query, keep_blank_values=True),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                with simulator.lock:
                    simulator.requests.append(request)
                try:
                    reply = simulator.handle(request)
                except Exception as exc:  # a simulator bug shows as a 500 with its message, like a vendor outage
                    reply = Reply(500, {"error": {"type": "api_error", "message": f"simulator: {exc!r}"}})
                with simulator.lock:
                    simulator.exchanges.append((request, reply))
                payload = reply.encoded()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args: Any) -> None:
                pass

        return Handler
