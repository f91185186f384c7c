"""The counting upstream the benchmarks' HTTP action posts to, as its own process.

It runs outside the benchmark driver so it never competes with it for a GIL, answers each POST
at once with a 200 in one segment (no Nagle / delayed-ACK stall), and records per POST the body's
`request_id` (to prove one POST per event) and, when the body carries `sent_at` (epoch seconds),
the event-to-effect latency. `GET /stats` answers the figures; `POST /reset` clears them.

    python -m bench.upstream --port 18080
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from typing import Any

OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class Recorder:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.ids: Counter[str] = Counter()
        self.latencies_ms: list[float] = []
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.posts = 0

    def record(self, body: bytes) -> None:
        now = time.time()
        self.posts += 1
        self.first_at = self.first_at or now
        self.last_at = now
        try:
            data: Any = json.loads(body)
        except ValueError:
            return
        if isinstance(data, dict):
            if data.get("request_id") is not None:
                self.ids[str(data["request_id"])] += 1
            if isinstance(data.get("sent_at"), int | float):
                self.latencies_ms.append((now - data["sent_at"]) * 1000)

    def stats(self) -> dict[str, Any]:
        ordered = sorted(self.latencies_ms)

        def pct(q: float) -> float | None:
            return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else None

        return {
            "posts": self.posts,
            "unique_ids": len(self.ids),
            "repeated_ids": sum(1 for n in self.ids.values() if n > 1),
            "first_at": self.first_at,
            "last_at": self.last_at,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
        }


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, recorder: Recorder) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            body = await reader.readexactly(int(headers.get("content-length") or 0))
            if method == "GET" and path == "/stats":
                payload = json.dumps(recorder.stats()).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                    % (len(payload), payload)
                )
            elif method == "POST" and path == "/reset":
                recorder.reset()
                writer.write(OK)
            else:
                recorder.record(body)
                writer.write(OK)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def serve(port: int) -> None:
    recorder = Recorder()
    server = await asyncio.start_server(lambda r, w: handle(r, w, recorder), "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
