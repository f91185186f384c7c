"""Start all vendor simulators on their fixed ports and serve until interrupted."""

from __future__ import annotations

import signal
import threading

from connectors.simulators import start_all


def main(host: str = "127.0.0.1", base_port: int | None = None) -> None:
    servers = start_all(host, base_port)
    for name, server in servers.items():
        print(f"{name} simulator on {server.url}", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    main()
