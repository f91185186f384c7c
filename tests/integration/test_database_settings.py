"""DATABASE_PREPARED_STATEMENTS: the engine's statements prepared on PostgreSQL, or none for a pooler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _options(value: str | None) -> str:
    """The settings' cursor class and prepare_threshold for a PostgreSQL URL and the variable."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_PREPARED_STATEMENTS"}
    env.update(DATABASE_URL="postgres://u@127.0.0.1:5432/d", DJANGO_SETTINGS_MODULE="backend.dovetail.settings")
    if value is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = value
    code = (
        "from django.conf import settings; options = settings.DATABASES['default']['OPTIONS']; "
        "print(getattr(options.get('cursor_factory'), '__name__', None), options.get('prepare_threshold'))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_engines_statements_are_prepared_unless_turned_off_for_a_pooler():
    assert _options(None) == "PreparingCursor 0"
    # PgBouncer in transaction mode before 1.21: Django's own cursor, psycopg preparing nothing.
    assert _options("off") == "None None"
