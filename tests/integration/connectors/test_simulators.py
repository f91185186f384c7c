"""`python -m connectors.simulators` serves every simulator on its documented port."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import requests

from connectors.simulators import PORTS

ROOT = Path(__file__).resolve().parents[3]


def test_the_simulators_command_serves_stripe_on_its_fixed_port():
    process = subprocess.Popen([sys.executable, "-m", "connectors.simulators"], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{PORTS['stripe']}/v1/customers", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the Stripe simulator did not start"
                time.sleep(0.1)
        assert response.status_code == 401
        assert response.json()["error"]["message"] == "You did not provide an API key."
    finally:
        process.terminate()
        process.wait(timeout=10)
