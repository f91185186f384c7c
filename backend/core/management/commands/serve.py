"""python manage.py serve: the web server, a worker and the scheduler, supervised.

`make run` ends here. A child that dies is started again (with a growing pause if it
keeps dying); Ctrl-C or SIGTERM stops them all and waits for them.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.management.base import BaseCommand

MAX_BACKOFF_S = 30.0


def granian_log_config() -> str:
    """A file of granian's own logging config whose access log hides webhook tokens; its path.

    `POST /hooks/<token>` is logged as `POST /hooks/[redacted]`: for a core.webhook flow the token
    is all that authenticates the sender. The line keeps granian's format and every other path.
    """
    from granian.log import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"hook_tokens": {"()": "backend.core.redaction.HookTokenFilter"}}
    for handler in config["handlers"].values():
        handler["filters"] = ["hook_tokens"]
    descriptor, path = tempfile.mkstemp(prefix="dovetail-granian-log-", suffix=".json")
    with os.fdopen(descriptor, "w") as file:
        json.dump(config, file)
    return path


@dataclass
class Child:
    name: str
    argv: list[str]
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff_s: float = 1.0
    restart_at: float = 0.0
    restarts: int = field(default=0)
    nice: int = 0  # added to the child's CPU niceness (lower priority when > 0)

    def start(self) -> None:
        lower = (lambda: os.nice(self.nice)) if self.nice else None
        self.process = subprocess.Popen(self.argv, start_new_session=True, preexec_fn=lower)
        self.started_at = time.monotonic()


class Command(BaseCommand):
    help = "Run the web server, one Celery worker and the scheduler; restart any that dies."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument(
            "--web-threads",
            type=int,
            default=int(os.environ.get("WEB_THREADS", "4")),
            help="Threads per web worker that run Django: overlap database waits.",
        )
        # A run mostly waits (on the database's commits, on the vendor): four processes on two
        # cores overlap those waits. docs/performance.md has the figures behind both defaults.
        parser.add_argument("--worker-concurrency", type=int, default=int(os.environ.get("WORKER_CONCURRENCY", "4")))
        parser.add_argument(
            "--worker-pool",
            choices=("prefork", "threads"),
            default=os.environ.get("WORKER_POOL", "prefork"),
            help="Celery's execution pool: processes (prefork) or threads in one process.",
        )
        parser.add_argument(
            "--worker-nice",
            type=int,
            default=int(os.environ.get("WORKER_NICE", "5")),
            help="CPU niceness of the worker: when the cores are busy, answering webhooks goes first "
            "(a vendor gives up after a few seconds; a queued run only waits).",
        )
        parser.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            default=os.environ.get("WEB_ACCESS_LOG", "0") == "1",
            help="The web server's line per request (off by default, as in gunicorn and granian: it "
            "was ~10 %% of the web's CPU per webhook). Refused webhooks are logged either way.",
        )
        parser.add_argument(
            "--no-simulators",
            dest="simulators",
            action="store_false",
            default=os.environ.get("SIMULATORS", "1") != "0",
            help="Do not start the vendor simulators (the sandbox).",
        )

    def handle(
        self,
        *args,
        port: int,
        host: str,
        web_workers: int,
        web_threads: int,
        worker_concurrency: int,
        worker_pool: str,
        worker_nice: int,
        simulators: bool,
        access_log: bool,
        **options,
    ):
        # Every child reads it: the web rings for at most this many drainers (runs/doorbell.py).
        os.environ.setdefault("RUN_DRAINERS", str(worker_concurrency))
        log_level = os.environ.get("LOG_LEVEL", "INFO")
        log_config = granian_log_config()
        children = [
            Child(
                # Granian: HTTP parsed, connections kept alive and requests queued in Rust, Django
                # run in `web_threads` threads per process. It took ~20 % less CPU per webhook
                # than gunicorn's gthread class (docs/performance.md, round 7).
                "web",
                [
                    sys.executable,
                    "-m",
                    "granian",
                    "--interface",
                    "wsgi",
                    "backend.dovetail.wsgi:application",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--workers",
                    str(web_workers),
                    "--blocking-threads",
                    str(web_threads),
                    "--respawn-failed-workers",
                    *(["--access-log"] if access_log else []),
                    "--log-config",
                    log_config,
                    "--workers-kill-timeout",
                    "10",
                ],
            ),
            Child(
                "worker",
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "backend.dovetail",
                    "worker",
                    "--loglevel",
                    log_level,
                    "--pool",
                    worker_pool,
                    "--concurrency",
                    str(worker_concurrency),
                    "--hostname",
                    "worker@%h",
                    "--queues",
                    settings.CELERY_TASK_DEFAULT_QUEUE,
                    # Worker-to-worker chatter (gossip, the start-up sync, event heartbeats) serves
                    # remote control and monitors such as Flower; Dovetail uses neither, and the
                    # start-up sync alone held every (re)start for a second.
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                nice=worker_nice,
            ),
            Child(
                "beat",
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "backend.dovetail",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    settings.CELERY_BEAT_SCHEDULE_FILENAME,
                ],
            ),
        ]
        if simulators:
            children.append(Child("simulators", [sys.executable, "-m", "connectors.simulators"]))
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        for child in children:
            child.start()
        broker = "Redis" if settings.REDIS_URL else f"embedded ({settings.BROKER_DIR})"
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        self.stdout.write(f"Dovetail is up on http://{host}:{port}/  (database: {database}, broker: {broker})")
        self.stdout.write("Ctrl-C stops it.")
        while not stopping:
            self._supervise(children)
            time.sleep(0.5)
        self._stop_all(children)
        os.unlink(log_config)

    def _supervise(self, children: list[Child]) -> None:
        now = time.monotonic()
        for child in children:
            if child.process is None:
                if now >= child.restart_at:
                    child.start()
                continue
            code = child.process.poll()
            if code is None:
                if now - child.started_at > 60:
                    child.backoff_s = 1.0  # it stayed up: forget earlier crashes
                continue
            child.restarts += 1
            child.process = None
            child.restart_at = now + child.backoff_s
            self.stderr.write(f"{child.name} exited with {code}; restarting in {child.backoff_s:g} s")
            child.backoff_s = min(child.backoff_s * 2, MAX_BACKOFF_S)

    def _stop_all(self, children: list[Child]) -> None:
        self.stdout.write("stopping…")
        running = [c.process for c in children if c.process is not None and c.process.poll() is None]
        for process in running:
            # The main process only: granian and Celery stop their own workers gracefully.
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
