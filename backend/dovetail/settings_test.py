"""Test settings: the same as production, with a throw-away data folder and fast hashing."""

import os
import tempfile
import uuid

os.environ.setdefault("DOVETAIL_DATA_DIR", tempfile.mkdtemp(prefix="dovetail-test-"))
# A queue of this run's own on a shared Redis: what the tests publish never reaches a Dovetail
# running against the same Redis (its queue is `dovetail`), nor its worker the tests' messages.
# tests/conftest.py deletes the queue's keys when the session ends.
os.environ.setdefault("DOVETAIL_QUEUE", f"test-{uuid.uuid4().hex[:8]}")

from backend.dovetail.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
