"""HMAC helpers for webhook signatures: always compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Literal

Encoding = Literal["hex", "base64"]


def hmac_sha256(secret: str | bytes, message: str | bytes, *, encoding: Encoding = "hex") -> str:
    """HMAC-SHA256 of `message` keyed with `secret` (UTF-8 when text), as hex or base64."""
    key = secret.encode() if isinstance(secret, str) else secret
    msg = message.encode() if isinstance(message, str) else message
    digest = hmac.new(key, msg, hashlib.sha256).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode()


def hmac_matches(secret: str | bytes, message: str | bytes, sent: str | None, *, encoding: Encoding = "hex") -> bool:
    """True when `sent` is the HMAC-SHA256 of `message`; an empty secret or signature never matches."""
    if not secret or not sent:
        return False
    expected = hmac_sha256(secret, message, encoding=encoding)
    return hmac.compare_digest(expected.encode(), sent.strip().encode())


def any_matches(secret: str | bytes, message: str | bytes, sent: list[str], *, encoding: Encoding = "hex") -> bool:
    """True when any of several signatures matches (a vendor rolling its secret sends two).

    Every candidate is compared, so the time taken does not tell which one matched.
    """
    results = [hmac_matches(secret, message, candidate, encoding=encoding) for candidate in sent]
    return any(results)
