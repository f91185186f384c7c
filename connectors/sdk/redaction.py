"""Redaction driven by the credential schema: secrets never reach a log, a step row or the API.

A credential field is secret when its schema says `"writeOnly": true`. Its *value* is then
hidden wherever it appears (a header, a URL, a body excerpt); headers and fields with
secret-looking names (Authorization, X-…-Token, card numbers) are hidden by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

REDACTED = "[redacted]"
SECRET_NAME = re.compile(
    r"(authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|hmac|"
    r"card[-_]?number|^number$|^cvc$|^cvv$|exp_month|exp_year)",
    re.IGNORECASE,
)
# A secret shorter than this is not searched for inside other strings (it would hide too much).
MIN_SECRET_CHARS = 6
# The start of a secret at the end of a cut excerpt is hidden from this many characters on.
PARTIAL_SECRET_CHARS = 4


def secret_fields(schema: Mapping[str, Any] | None) -> list[str]:
    """The top-level credential properties marked `writeOnly: true`."""
    properties = (schema or {}).get("properties", {})
    return sorted(name for name, spec in properties.items() if spec.get("writeOnly"))


def secret_values(schema: Mapping[str, Any] | None, credential: Mapping[str, Any] | None) -> list[str]:
    """The values of the credential's secret fields, to hide wherever they appear."""
    if not credential:
        return []
    values = (credential.get(name) for name in secret_fields(schema))
    return [v for v in values if isinstance(v, str) and len(v) >= MIN_SECRET_CHARS]


def redact(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of a JSON-like value with secret-named keys and known secret values hidden."""
    secrets = tuple(secrets)
    if isinstance(value, Mapping):
        return {
            k: REDACTED if isinstance(k, str) and SECRET_NAME.search(k) else redact(v, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(v, secrets) for v in value]
    if isinstance(value, str):
        return redact_text(value, secrets)
    return value


def redact_text(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def redact_excerpt(text: str, secrets: Iterable[str]) -> str:
    """`redact_text` for a text that may have been cut short: a secret's start left at its end is hidden too.

    A vendor's error body is cut to an excerpt before it is read (`body[:500]`); a secret it echoes
    may straddle the cut, and its first characters alone are still worth hiding.
    """
    secrets = tuple(secrets)
    text = redact_text(text, secrets)
    for secret in secrets:
        for size in range(min(len(secret) - 1, len(text)), PARTIAL_SECRET_CHARS - 1, -1):
            if text.endswith(secret[:size]):
                return text[:-size] + REDACTED
    return text


def redact_values(value: Any, secrets: Iterable[str]) -> Any:
    """A copy of a JSON-like value with known secret values hidden, whatever their keys are named.

    For a block's output: an API's `token` field is the user's data, an echoed API key is not.
    """
    secrets = tuple(secrets)
    if not secrets:
        return value
    if isinstance(value, Mapping):
        return {k: redact_values(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_values(v, secrets) for v in value]
    if isinstance(value, str):
        return redact_text(value, secrets)
    return value
