"""`python manage.py simulators start` runs the sandbox on its own, as the README says."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from connectors.simulators import PORTS
from connectors.stripe.simulator import SECRET_KEY
from tests.support.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_simulators_start_serves_until_stopped(tmp_path):
    base = free_port()  # the next ports are very likely free too; the command fails loudly if not
    env = {**os.environ, "DOVETAIL_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "simulators", "start", "--base-port", str(base)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in PORTS]
        assert [line.split()[0] for line in lines] == list(PORTS), lines
        stripe_url = next(line.split()[-1] for line in lines if line.startswith("stripe"))
        deadline = time.monotonic() + 10
        while True:
            try:
                answer = requests.get(
                    f"{stripe_url}/v1/customers", headers={"Authorization": f"Bearer {SECRET_KEY}"}, timeout=5
                )
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert answer.status_code == 200
        assert answer.json()["object"] == "list"
        denied = requests.get(
            f"{stripe_url}/v1/customers", headers={"Authorization": "Bearer sk_test_wrong"}, timeout=5
        )
        assert denied.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
