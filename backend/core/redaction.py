"""Hide secrets before anything is stored or shown: headers and fields named like secrets."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[redacted]"
SECRET_KEY_NAME = re.compile(
    r"(authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|hmac|card[-_]?number|cvc|cvv)",
    re.IGNORECASE,
)


def redact(value: Any) -> Any:
    """A copy of a JSON value with every value under a secret-looking key replaced."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if isinstance(k, str) and SECRET_KEY_NAME.search(k) else redact(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value
