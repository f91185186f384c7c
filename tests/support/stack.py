"""The product as a user runs it: `manage.py serve` (granian + Celery worker + beat) as real processes.

Each stack gets its own database (a new PostgreSQL database when DATABASE_URL is set,
else a new SQLite file), its own data folder and its own broker queue.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

from backend.runs import doorbell

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    base_url: str
    token: str
    admin_password: str
    env: dict[str, str]
    process: subprocess.Popen
    log_path: Path

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Token {self.token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.base_url + path, headers=headers, timeout=30, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-6000:]

    def child_pids(self, needle: str) -> list[int]:
        """PIDs of the serve process's children whose command line contains `needle`."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.process.pid and needle in cmdline:
                found.append(int(entry.name))
        return found


def _database_env(data_dir: Path) -> tuple[dict[str, str], str | None]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {}, None
    name = f"dovetail_e2e_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return {"DATABASE_URL": urlunsplit(parts._replace(path="/" + name))}, name


def _drop_database(name: str) -> None:
    parts = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_stack(
    *, extra_env: dict[str, str] | None = None, route_database: Callable[[str], str] | None = None
) -> tuple[Stack, Callable[[], None]]:
    """Start migrate + serve on a new database; `route_database` rewrites the URL the stack uses
    (to send it through a proxy a fault test can cut)."""
    data_dir = Path(tempfile.mkdtemp(prefix="dovetail-e2e-"))
    db_env, db_name = _database_env(data_dir)
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}},
        **db_env,
        "DJANGO_SETTINGS_MODULE": "backend.dovetail.settings",
        "DOVETAIL_DATA_DIR": str(data_dir),
        "DOVETAIL_QUEUE": f"e2e-{uuid.uuid4().hex[:8]}",
        "SWEEP_INTERVAL_S": "2",
        "SIMULATORS": "0",  # fixed ports; several stacks may run at once
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "2",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]

    def call(*args: str) -> str:
        done = subprocess.run([*manage, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    call("migrate", "--noinput")
    call("ensure_admin")
    password = (data_dir / "admin-password").read_text().strip()
    token = call("api_token", "admin").strip()
    if route_database and "DATABASE_URL" in env:
        env["DATABASE_URL"] = route_database(env["DATABASE_URL"])
    port = free_port()
    log_path = data_dir / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [*manage, "serve", "--port", str(port)],  # workers from WEB_CONCURRENCY / WORKER_CONCURRENCY
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = Stack(f"http://127.0.0.1:{port}", token, password, env, process, log_path)
    _wait_until_up(stack)

    def stop() -> None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        if db_name:
            _drop_database(db_name)
        if env.get("REDIS_URL"):  # the embedded broker is a folder in the stack's data dir
            forget_queue(env["REDIS_URL"], env["DOVETAIL_QUEUE"])

    return stack, stop


def forget_queue(redis_url: str, queue: str) -> None:
    """Delete what a queue left in Redis (kombu's bindings, undrained messages, the doorbell), so a
    machine that runs the suites and benches again and again does not gather them."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        # The queue's messages, kombu's bindings of its exchange (named as the queue), the doorbell.
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}", doorbell.redis_key(queue))
        # A message a killed worker held stays in kombu's `unacked` hash ([message, exchange,
        # routing key]) until any consumer of this Redis puts it back on its queue, an hour on.
        for tag, entry in client.hscan_iter("unacked"):
            try:
                routed_to = json.loads(entry)[2]
            except (ValueError, IndexError, TypeError):
                continue
            if routed_to == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()


def _wait_until_up(stack: Stack, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if stack.process.poll() is not None:
            raise RuntimeError(f"serve exited early:\n{stack.log()}")
        try:
            if stack.api("GET", "/api/auth/me/").status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the stack did not come up in {timeout_s} s:\n{stack.log()}")


def wait_for_run(stack: Stack, run_id: str, timeout_s: float = 60) -> dict:
    """Poll the run through the API until it reaches a final status."""
    deadline = time.monotonic() + timeout_s
    run: dict = {}
    while time.monotonic() < deadline:
        run = stack.api("GET", f"/api/runs/{run_id}/").json()
        if run.get("status") in {"succeeded", "failed", "skipped"}:
            return run
        time.sleep(0.2)
    raise AssertionError(f"run {run_id} still {run.get('status')} after {timeout_s} s:\n{stack.log()}")
