"""Test settings: the same as production, with a throw-away data folder and fast hashing."""

import os
import tempfile

os.environ.setdefault("DOVETAIL_DATA_DIR", tempfile.mkdtemp(prefix="dovetail-test-"))

from backend.dovetail.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
