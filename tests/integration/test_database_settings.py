"""DATABASE_PREPARE_THRESHOLD: PostgreSQL's prepared statements, on by default, off for a pooler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _threshold(value: str | None) -> subprocess.CompletedProcess:
    """The settings' prepare_threshold for a PostgreSQL URL and DATABASE_PREPARE_THRESHOLD=value."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARE_THRESHOLD"}
    env.update(DATABASE_URL="postgres://u@127.0.0.1:5432/d", DJANGO_SETTINGS_MODULE="backend.dovetail.settings")
    if value is not None:
        env["DATABASE_PREPARE_THRESHOLD"] = value
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS']['prepare_threshold'])"
    return subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_prepared_statements_are_on_by_default_and_can_be_turned_off_for_a_pooler():
    assert _threshold(None).stdout.strip() == "5"
    assert _threshold("2").stdout.strip() == "2"
    assert _threshold("off").stdout.strip() == "None"  # PgBouncer in transaction mode before 1.21
    bad = _threshold("sometimes")
    assert bad.returncode != 0
    assert "DATABASE_PREPARE_THRESHOLD must be a number of calls or 'off', not 'sometimes'" in bad.stderr
