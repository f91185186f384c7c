"""Encrypting credential data at rest with Fernet (AES-128-CBC + HMAC-SHA256).

Keys: CREDENTIALS_KEY is a comma-separated list of Fernet keys; the first encrypts, all
decrypt (MultiFernet), which is how a key is rotated (docs/connectors.md). Without it, one
key is derived from SECRET_KEY, so the embedded default needs no extra setup; changing
SECRET_KEY then makes stored credentials unreadable.
"""

from __future__ import annotations

import base64
import functools
import json
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derived_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"dovetail credentials v1")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


def _fernet() -> MultiFernet:
    return _fernet_of(os.environ.get("CREDENTIALS_KEY", ""), settings.SECRET_KEY)


# Built once per set of keys: deriving a key (HKDF) and setting up the ciphers cost more than
# decrypting a credential, which every signed webhook and every vendor call with a credential does.
@functools.lru_cache(maxsize=4)
def _fernet_of(credentials_key: str, secret_key: str) -> MultiFernet:
    configured = [k.strip() for k in credentials_key.split(",") if k.strip()]
    keys = [k.encode() for k in configured] or [_derived_key(secret_key)]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(data: dict[str, Any]) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def decrypt(token: str) -> dict[str, Any]:
    """The stored data; raises InvalidToken when no configured key can read it."""
    return json.loads(_fernet().decrypt(token.encode()))


def rotate(token: str) -> str:
    """Re-encrypt with the first key (after a new key was put in front of CREDENTIALS_KEY)."""
    return _fernet().rotate(token.encode()).decode()


__all__ = ["InvalidToken", "decrypt", "encrypt", "rotate"]
