import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.stack import start_stack


@pytest.fixture(scope="session")
def stack():
    running, stop = start_stack()
    yield running
    stop()


@pytest.fixture
def browser_test(stack):
    """Run one `node --test` browser file against the stack; fails with its output when it fails.

    Without Chromium the test is skipped on a developer machine and fails in CI
    (E2E_REQUIRE_BROWSER), which installs it.
    """
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        if os.environ.get("E2E_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (E2E_REQUIRE_BROWSER) but not installed")
        pytest.skip("Chromium is not installed here: apt-get install chromium to run the browser tests")

    def run(script: str, **env: str) -> None:
        done = subprocess.run(
            ["node", "--test", "--test-reporter=spec", script],
            cwd=Path(__file__).resolve().parent,
            env={
                **os.environ,
                "CHROMIUM": chromium,
                "BASE_URL": stack.base_url,
                "ADMIN_USER": "admin",
                "ADMIN_PASSWORD": stack.admin_password,
                **env,
            },
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"

    return run
